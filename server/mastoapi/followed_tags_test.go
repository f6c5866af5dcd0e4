package mastoapi_test

import (
	"strings"
	"testing"
)

func TestFollowedTags(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol")
	w.call(t, "alice", "POST", "/api/v1/tags/Gardening/follow", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/tags/cats/follow", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/tags/cats/unfollow", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/tags/no-dash/follow", nil).expect(t, 404)

	tests := []struct {
		name, tag string
		following bool
	}{
		{"followed, any case", "gardening", true},
		{"unfollowed", "cats", false},
		{"never used", "nothingyet", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := w.call(t, "alice", "GET", "/api/v1/tags/"+tc.tag, nil).expect(t, 200).object(t)
			if m["following"] != tc.following {
				t.Errorf("following = %v, want %v", m["following"], tc.following)
			}
		})
	}
	list := w.call(t, "alice", "GET", "/api/v1/followed_tags", nil).expect(t, 200)
	got := list.list(t)
	if len(got) != 1 || got[0]["name"] != "Gardening" || got[0]["following"] != true {
		t.Errorf("followed_tags = %v", got)
	}
	if !strings.Contains(list.header.Get("Link"), "max_id=") {
		t.Errorf("Link = %q", list.header.Get("Link"))
	}
	if n := len(w.call(t, "bob", "GET", "/api/v1/followed_tags", nil).expect(t, 200).list(t)); n != 0 {
		t.Errorf("bob follows %d tags", n)
	}
}

func TestFollowedTagsFillHome(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol")
	w.call(t, "alice", "POST", "/api/v1/tags/gardening/follow", nil).expect(t, 200)
	ws := w.dial(t, w.tokens["alice"], "?stream=user")
	public := w.post(t, "bob", map[string]any{"status": "tomatoes #Gardening"})
	private := w.post(t, "bob", map[string]any{"status": "secret #gardening", "visibility": "private"})
	unlisted := w.post(t, "bob", map[string]any{"status": "quiet #gardening", "visibility": "unlisted"})
	untagged := w.post(t, "bob", map[string]any{"status": "no tag here"})
	blocked := w.post(t, "carol", map[string]any{"status": "from a blocked one #gardening"})
	w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["carol"]+"/block", nil).expect(t, 200)
	marker := w.post(t, "alice", map[string]any{"status": "marker"})

	streamed := map[string]bool{}
	for _, m := range ws.until(marker) {
		streamed[m.statusID(t)] = true
	}
	home := w.call(t, "alice", "GET", "/api/v1/timelines/home", nil).expect(t, 200).list(t)
	tests := []struct {
		name, id string
		want     bool
	}{
		{"public with a followed tag", public, true},
		{"followers-only", private, false},
		{"unlisted", unlisted, false},
		{"no tag", untagged, false},
		{"blocked author", blocked, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if containsID(home, tc.id) != tc.want {
				t.Errorf("in home = %v, want %v", !tc.want, tc.want)
			}
			// The blocked post was streamed before the block.
			if tc.id != blocked && streamed[tc.id] != tc.want {
				t.Errorf("streamed = %v, want %v", streamed[tc.id], tc.want)
			}
		})
	}
}
