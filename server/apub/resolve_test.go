package apub_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"roost/server/actions"
)

// serveNote publishes a public Mastodon-shaped note by actor at path and returns its id.
func (w *world) serveNote(t *testing.T, actor, path, inReplyTo, text string) string {
	id := w.remote.URL() + path
	doc := map[string]any{"@context": "https://www.w3.org/ns/activitystreams", "id": id, "type": "Note",
		"attributedTo": actor, "content": "<p>" + text + "</p>", "published": "2024-04-29T13:41:02Z",
		"to": []string{"https://www.w3.org/ns/activitystreams#Public"}, "cc": []string{actor + "/followers"}}
	if inReplyTo != "" {
		doc["inReplyTo"] = inReplyTo
	}
	w.remote.serve(path, mustMarshal(t, doc))
	return id
}

func TestResolve(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	acts := w.in.Actions()

	t.Run("account by handle through WebFinger", func(t *testing.T) {
		for _, q := range []string{"@Gargron@" + w.remote.Host(), "Gargron@" + w.remote.Host()} {
			got, err := acts.Resolve(ctx, q)
			if err != nil || len(got.Accounts) != 1 || got.Accounts[0].URI != w.bob {
				t.Fatalf("%s: %+v, %v", q, got, err)
			}
		}
		if _, err := acts.ResolveAccount(ctx, "nobody@"+w.remote.Host()); !errors.Is(err, actions.ErrNotFound) {
			t.Fatalf("unknown account: %v", err)
		}
	})
	t.Run("account by URL", func(t *testing.T) {
		got, err := acts.Resolve(ctx, w.bob)
		if err != nil || len(got.Accounts) != 1 || got.Accounts[0].Domain != w.remote.Host() {
			t.Fatalf("%+v, %v", got, err)
		}
	})
	t.Run("status by URL with a bounded reply chain", func(t *testing.T) {
		parent := ""
		var ids []string
		for i := range 8 {
			parent = w.serveNote(t, w.bob, fmt.Sprintf("/users/Gargron/statuses/%d", 900+i), parent, fmt.Sprintf("post %d", i))
			ids = append(ids, parent)
		}
		got, err := acts.Resolve(ctx, ids[7])
		if err != nil || len(got.Statuses) != 1 || got.Statuses[0].URI != ids[7] {
			t.Fatalf("%+v, %v", got, err)
		}
		for i, id := range ids {
			_, err := w.in.DB.StatusByURI(ctx, id)
			if stored := err == nil; stored != (i >= 2) {
				t.Errorf("post %d stored: %v (5 ancestors at most)", i, stored)
			}
		}
		s, _ := w.in.DB.StatusByURI(ctx, ids[7])
		if s.InReplyToID == nil {
			t.Fatal("reply not linked to its fetched parent")
		}
	})
	t.Run("a post served by another origin is refused", func(t *testing.T) {
		other := newRemote(t)
		id := w.serveNote(t, other.URL()+"/users/x", "/users/Gargron/statuses/999", "", "not mine")
		if _, err := acts.ResolveStatus(ctx, id); err == nil {
			t.Fatal("a post attributed to another origin's actor was stored")
		}
	})
	t.Run("forwarded create is fetched from its origin", func(t *testing.T) {
		relay := w.remote.addActor("relay", nil)
		bob := w.account(t, w.bob)
		w.follow(t, w.alice.ID, bob.ID)
		real := w.serveNote(t, w.bob, "/users/Gargron/statuses/1000", "", "the real text")
		body := w.fixture(t, "mastodon/create-note.json", "https://mastodon.example/users/Gargron/statuses/112345678901234567", real)
		w.deliver(t, relay, body)
		s, err := w.in.DB.StatusByURI(ctx, real)
		if err != nil {
			t.Fatalf("forwarded post not fetched: %v", err)
		}
		if s.Content != "<p>the real text</p>" {
			t.Fatalf("content %q: the embedded copy was trusted", s.Content)
		}
	})
}
