package actions

import (
	"fmt"
	"net"
	"testing"

	"roost/federation/ap"
	"roost/federation/fetch"
	"roost/store"
)

func TestImportDomain(t *testing.T) {
	a := &Actions{Config: Config{Host: "roost.example"}, Paths: ap.NewPaths("https", "roost.example")}
	tests := []struct{ name, kind, target, want string }{
		{"remote account", store.ImportFollowing, "bob@Far.Example", "far.example"},
		{"local account", store.ImportBlocking, "bob@roost.example", ""},
		{"bare username is local", store.ImportMuting, "bob", ""},
		{"not an address", store.ImportLists, "nonsense", ""},
		{"domain block fetches nothing", store.ImportDomainBlocking, "far.example", ""},
		{"remote bookmark", store.ImportBookmarks, "https://far.example/@bob/1", "far.example"},
		{"local bookmark", store.ImportBookmarks, "https://roost.example/@bob/1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.importDomain(tt.kind, tt.target); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestImportFailureReasons(t *testing.T) {
	a := &Actions{}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"done", nil, ""},
		{"no such account", fmt.Errorf("%w: %w", ErrNotFound, &fetch.ErrStatus{Code: 404}), failureNotFound},
		{"server error", fmt.Errorf("%w: %w", ErrNotFound, &fetch.ErrStatus{Code: 502}), failureUnreachable},
		{"connection refused", fmt.Errorf("%w: %w", ErrNotFound, &net.OpError{Op: "dial", Err: fmt.Errorf("refused")}), failureUnreachable},
		{"no actor in WebFinger", fmt.Errorf("%w: %w", ErrNotFound, fetch.ErrNoActor), failureNotFound},
		{"blocked", ErrForbidden, failureForbidden},
		{"bad address", invalid("q", "is not user@domain"), failureInvalid},
		{"pending follow", errNotFollowed, failureNotFollowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.failureOf(tt.err); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
