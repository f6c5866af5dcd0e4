// Package oauth is Roost's OAuth2 provider: apps, authorize, token, revoke,
// and the scope rules every API endpoint is checked against.
package oauth

import "strings"

// TopScopes are the scopes an app may ask for besides the granular ones.
var TopScopes = []string{"read", "write", "follow", "push", "profile", "admin:read", "admin:write"}

// granular lists Mastodon's fine-grained scopes, by parent.
var granular = map[string][]string{
	"read": {"accounts", "blocks", "bookmarks", "favourites", "filters", "follows", "lists", "mutes",
		"notifications", "search", "statuses"},
	"write": {"accounts", "blocks", "bookmarks", "conversations", "favourites", "filters", "follows",
		"lists", "media", "mutes", "notifications", "reports", "statuses"},
	"admin:read":  {"accounts", "reports", "domain_allows", "domain_blocks", "ip_blocks", "email_domain_blocks", "canonical_email_blocks"},
	"admin:write": {"accounts", "reports", "domain_allows", "domain_blocks", "ip_blocks", "email_domain_blocks", "canonical_email_blocks"},
}

// followScopes is what the legacy "follow" scope grants.
var followScopes = map[string]bool{
	"read:blocks": true, "write:blocks": true, "read:follows": true,
	"write:follows": true, "read:mutes": true, "write:mutes": true,
}

// Valid reports whether s names a scope Roost knows.
func Valid(s string) bool {
	for _, top := range TopScopes {
		if s == top {
			return true
		}
	}
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return false
	}
	for _, g := range granular[s[:i]] {
		if g == s[i+1:] {
			return true
		}
	}
	return false
}

// Allows reports whether a token with granted scopes may use an endpoint
// that needs required ("read:statuses"): the exact scope, its parent
// ("read"), or the legacy "follow" scope for follow-related ones.
func Allows(granted []string, required string) bool {
	parent := required
	if i := strings.LastIndex(required, ":"); i > 0 && required != "admin:read" && required != "admin:write" {
		parent = required[:i]
	}
	for _, g := range granted {
		if g == required || g == parent || (g == "follow" && followScopes[required]) {
			return true
		}
	}
	return false
}

// Subset reports whether every scope in asked is allowed by granted (an app's
// registered scopes bound what its tokens may hold).
func Subset(asked, granted []string) bool {
	for _, s := range asked {
		if !Allows(granted, s) {
			return false
		}
	}
	return true
}
