package mastoapi_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"roost/store"
)

// withCard gives the status id a preview card for link, as the card queue
// does once the page is fetched.
func (w *world) withCard(t *testing.T, id, link string) {
	t.Helper()
	sid, _ := store.ParseID(id)
	err := w.in.DB.Write(context.Background(), func(tx *store.Tx) error {
		return tx.SetStatusCard(sid, `{"url":"`+link+`","title":"An article","type":"link"}`)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLinkTimeline: the statuses sharing a link are its public ones only,
// under the viewer's blocks; a link only private posts carry is as unknown
// as one never shared.
func TestLinkTimeline(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol")
	const article, other, secret = "https://news.example/article", "https://news.example/other", "https://news.example/secret"
	w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["bob"]+"/follow", nil).expect(t, 200)
	shared := func(who, visibility, link string) string {
		id := w.post(t, who, map[string]any{"status": "read " + link + " @alice", "visibility": visibility})
		w.withCard(t, id, link)
		return id
	}
	older := shared("bob", "public", article)
	private := shared("bob", "private", article)
	unlisted := shared("bob", "unlisted", article)
	direct := shared("bob", "direct", article)
	shared("bob", "public", other)
	shared("bob", "private", secret)
	byCarol := shared("carol", "public", article)
	newer := shared("bob", "public", article)
	w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["carol"]+"/block", nil).expect(t, 200)

	path := "/api/v1/timelines/link?url=" + url.QueryEscape(article)
	cases := []struct {
		name, who string
		want      []string
	}{
		{"anonymous", "", []string{newer, byCarol, older}},
		{"follower of the author, blocking carol", "alice", []string{newer, older}},
		{"the author", "bob", []string{newer, byCarol, older}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := w.call(t, c.who, "GET", path, nil).expect(t, 200).list(t)
			if g := ids(got); !slices.Equal(g, c.want) {
				t.Errorf("got %v, want %v (never private %s, unlisted %s, direct %s)", g, c.want, private, unlisted, direct)
			}
		})
	}

	first := w.call(t, "", "GET", path+"&limit=1", nil).expect(t, 200)
	if got := ids(first.list(t)); len(got) != 1 || got[0] != newer {
		t.Fatalf("first page %v", got)
	}
	second := w.call(t, "", "GET", nextLink(t, first), nil).expect(t, 200)
	if got := ids(second.list(t)); len(got) != 1 || got[0] != byCarol {
		t.Errorf("second page %v", got)
	}

	for _, bad := range []struct {
		name, path string
		code       int
	}{
		{"never shared", "/api/v1/timelines/link?url=" + url.QueryEscape("https://news.example/nothing"), 404},
		{"shared only followers-only", "/api/v1/timelines/link?url=" + url.QueryEscape(secret), 404},
		{"no url", "/api/v1/timelines/link", 400},
	} {
		t.Run(bad.name, func(t *testing.T) {
			w.call(t, "alice", "GET", bad.path, nil).expect(t, bad.code)
		})
	}
}
