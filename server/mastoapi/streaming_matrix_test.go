package mastoapi_test

import (
	"slices"
	"strings"
	"testing"
)

// TestStreamingVisibilityMatrix applies the visibility matrix to streaming:
// for each visibility and each viewer, the status reaches exactly the
// streams Mastodon would put it on. The marker is a public status by the
// author, which reaches every viewer's public stream, so everything sent
// before it has arrived once it does.
func TestStreamingVisibilityMatrix(t *testing.T) {
	w := newWorld(t, "author", "follower", "mentioned", "stranger")
	w.follow(t, "follower", "author")
	viewers := []string{"author", "follower", "mentioned", "stranger", "anonymous"}
	sockets := map[string]*socket{}
	for _, v := range viewers {
		ws := w.dial(t, w.tokens[v], "")
		streams := []map[string]string{stream("public"), stream("public:local"), stream("hashtag", "tag", "matrix")}
		if v != "anonymous" {
			streams = append(streams, stream("user"), stream("direct"))
		}
		ws.subscribe("subscribe", streams...)
		sockets[v] = ws
	}
	everywhere := []string{"public update", "public:local update", "hashtag:matrix update"}
	cases := []struct {
		visibility string
		want       map[string][]string // viewer -> "stream event" received, sorted
	}{
		{"public", map[string][]string{
			"author":    append([]string{"user update"}, everywhere...),
			"follower":  append([]string{"user update"}, everywhere...),
			"mentioned": everywhere, "stranger": everywhere, "anonymous": everywhere,
		}},
		{"unlisted", map[string][]string{"author": {"user update"}, "follower": {"user update"}}},
		{"private", map[string][]string{"author": {"user update"}, "follower": {"user update"}}},
		{"direct", map[string][]string{"author": {"direct conversation", "user update"}, "mentioned": {"direct conversation"}}},
	}
	for _, tc := range cases {
		t.Run(tc.visibility, func(t *testing.T) {
			id := w.post(t, "author", map[string]any{"status": "@mentioned #matrix " + tc.visibility, "visibility": tc.visibility})
			marker := w.post(t, "author", map[string]any{"status": "marker " + tc.visibility})
			for _, v := range viewers {
				got := []string{}
				for _, m := range sockets[v].until(marker) {
					if m.statusID(t) == id {
						got = append(got, strings.Join(m.Stream, ":")+" "+m.Event)
					}
				}
				// the marker also reaches the author's and follower's user streams after the public ones
				want := slices.Clone(tc.want[v])
				if want == nil {
					want = []string{}
				}
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s got %v, want %v", v, got, want)
				}
			}
			// Drain the marker's other copies so the next case starts clean.
			for _, v := range []string{"author", "follower", "mentioned", "stranger", "anonymous"} {
				drainMarker(t, sockets[v], marker, v)
			}
		})
	}
}

// drainMarker reads the marker's remaining copies: one per stream it
// matches beyond the first.
func drainMarker(t *testing.T, ws *socket, marker, viewer string) {
	t.Helper()
	copies := 1 // public:local (the first copy, public or user, was read by until)
	if viewer == "author" || viewer == "follower" {
		copies = 2
	}
	for range copies {
		if m := ws.read(); m.statusID(t) != marker {
			t.Fatalf("%s: unexpected %s on %v", viewer, m.Event, m.Stream)
		}
	}
}
