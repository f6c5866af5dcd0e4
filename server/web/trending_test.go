package web_test

import (
	"fmt"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
)

// TestTrendingSidebar: hashtags that enough people used publicly show in
// the sidebar, for visitors and the signed-in alike; with no trend, no box.
func TestTrendingSidebar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		posters int
		visible string
		want    bool
	}{
		{"three people posting publicly", 3, "public", true},
		{"one person is not a trend", 1, "public", false},
		{"followers-only posts never trend", 3, "private", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := servertest.Start(t)
			for i := range tc.posters {
				acct, _ := in.CreateUser(t, fmt.Sprintf("gardener%d", i))
				post(t, in, acct, actions.PostStatusArgs{Text: "#gardening is lovely", Visibility: tc.visible})
			}
			in.CreateUser(t, "reader")
			visitor := newBrowser(t, in)
			reader := newBrowser(t, in)
			reader.signIn("reader")
			for who, b := range map[string]*browser{"visitor": visitor, "reader": reader} {
				body := b.get("/public/local").Body
				box := strings.Contains(body, `class="trending"`)
				tag := strings.Contains(body, `href="/tags/gardening">#gardening</a>`)
				if box != tc.want || tag != tc.want {
					t.Errorf("%s: trending box %v, #gardening %v; want %v", who, box, tag, tc.want)
				}
			}
		})
	}
}
