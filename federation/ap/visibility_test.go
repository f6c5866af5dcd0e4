package ap

import (
	"testing"

	"roost/store"
)

func TestVisibility(t *testing.T) {
	t.Parallel()
	const followers = "https://a.example/users/u/followers"
	const bob = "https://b.example/users/bob"
	tests := []struct {
		name      string
		to, cc    []string
		followers string
		want      string
	}{
		{"public in to", []string{Public}, []string{followers}, followers, store.VisibilityPublic},
		{"compact Public", []string{"as:Public"}, nil, followers, store.VisibilityPublic},
		{"bare Public", []string{"Public"}, nil, followers, store.VisibilityPublic},
		{"public in cc", []string{followers}, []string{Public}, followers, store.VisibilityUnlisted},
		{"followers in to", []string{followers}, []string{bob}, followers, store.VisibilityPrivate},
		{"followers in cc", []string{bob}, []string{followers}, followers, store.VisibilityPrivate},
		{"followers unknown", []string{followers}, nil, "", store.VisibilityDirect},
		{"someone else's followers", []string{"https://c.example/users/c/followers"}, nil, followers, store.VisibilityDirect},
		{"mentioned only", []string{bob}, nil, followers, store.VisibilityDirect},
		{"nobody", nil, nil, followers, store.VisibilityDirect},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			is(t, "visibility", Visibility(tt.to, tt.cc, tt.followers), tt.want)
		})
	}
}

// TestAddressingRoundTrip checks that what we address is read back, by our
// own rule, as the visibility we meant.
func TestAddressingRoundTrip(t *testing.T) {
	t.Parallel()
	const followers = "https://roost.example/users/alice/followers"
	mentioned := []string{"https://b.example/users/bob"}
	tests := []struct {
		visibility string
		to, cc     []string
	}{
		{store.VisibilityPublic, []string{Public}, []string{followers, mentioned[0]}},
		{store.VisibilityUnlisted, []string{followers}, []string{Public, mentioned[0]}},
		{store.VisibilityPrivate, []string{followers}, mentioned},
		{store.VisibilityDirect, mentioned, nil},
	}
	for _, tt := range tests {
		t.Run(tt.visibility, func(t *testing.T) {
			t.Parallel()
			to, cc := Addressing(tt.visibility, followers, mentioned)
			is(t, "to", to, tt.to)
			is(t, "cc", cc, tt.cc)
			is(t, "read back", Visibility(to, cc, followers), tt.visibility)
		})
	}
}
