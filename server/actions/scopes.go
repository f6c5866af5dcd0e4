package actions

// The OAuth scope rules every token and API endpoint is checked against.
// They live with the operations because issuing a token is one; server/oauth
// and server/mastoapi reach them through oauth.Allows and friends.

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

// ValidScope reports whether s names a scope Roost knows.
func ValidScope(s string) bool {
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

// ScopeAllows reports whether a token with granted scopes may use an endpoint
// that needs required ("read:statuses"): the exact scope, its parent
// ("read"), or the legacy "follow" scope for follow-related ones.
func ScopeAllows(granted []string, required string) bool {
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

// ScopeSubset reports whether every scope in asked is allowed by granted (an app's
// registered scopes bound what its tokens may hold).
func ScopeSubset(asked, granted []string) bool {
	for _, s := range asked {
		if !ScopeAllows(granted, s) {
			return false
		}
	}
	return true
}

// SupportedScopes lists every scope, top-level ones first, for the
// authorization server metadata.
func SupportedScopes() []string {
	out := append([]string{}, TopScopes...)
	for _, parent := range []string{"read", "write", "admin:read", "admin:write"} {
		for _, g := range granular[parent] {
			out = append(out, parent+":"+g)
		}
	}
	return out
}
