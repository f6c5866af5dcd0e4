package actions

import "testing"

func TestScopeAllows(t *testing.T) {
	cases := []struct {
		name     string
		granted  []string
		required string
		want     bool
	}{
		{"exact", []string{"read:statuses"}, "read:statuses", true},
		{"parent", []string{"read"}, "read:statuses", true},
		{"sibling", []string{"read:accounts"}, "read:statuses", false},
		{"write does not read", []string{"write"}, "read:statuses", false},
		{"follow grants blocks", []string{"follow"}, "write:blocks", true},
		{"follow not statuses", []string{"follow"}, "write:statuses", false},
		{"admin parent", []string{"admin:read"}, "admin:read:accounts", true},
		{"admin not write", []string{"admin:read"}, "admin:write:accounts", false},
		{"admin:read itself", []string{"admin:read"}, "admin:read", true},
		{"plain read is not admin", []string{"read"}, "admin:read:accounts", false},
		{"push", []string{"push"}, "push", true},
		{"none", nil, "read", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ScopeAllows(c.granted, c.required); got != c.want {
				t.Fatalf("Allows(%v, %q) = %v", c.granted, c.required, got)
			}
		})
	}
}

func TestValidScope(t *testing.T) {
	for _, s := range []string{"read", "write:media", "admin:read:accounts", "follow", "push", "profile"} {
		if !ValidScope(s) {
			t.Errorf("%q should be valid", s)
		}
	}
	for _, s := range []string{"", "reed", "read:nothing", "admin:read:x", "write:search"} {
		if ValidScope(s) {
			t.Errorf("%q should be invalid", s)
		}
	}
}
