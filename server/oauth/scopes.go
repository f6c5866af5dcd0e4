// Package oauth is Roost's OAuth2 provider: the authorization page, the
// token and revocation endpoints and the server metadata. Apps are
// registered through the Mastodon API (server/mastoapi).
package oauth

import "roost/server/actions"

// Valid reports whether s names a scope Roost knows.
func Valid(s string) bool { return actions.ValidScope(s) }

// Allows reports whether a token with granted scopes may use an endpoint
// that needs required ("read:statuses"): the exact scope, its parent
// ("read"), or the legacy "follow" scope for follow-related ones.
func Allows(granted []string, required string) bool { return actions.ScopeAllows(granted, required) }

// Subset reports whether every scope in asked is allowed by granted.
func Subset(asked, granted []string) bool { return actions.ScopeSubset(asked, granted) }
