package apub_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// apiGet calls A's API as alice and fails the test on a non-200 answer.
func (p *pair) apiGet(t *testing.T, path string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, p.a.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+p.aliceToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
}

func TestBackfillOnLookup(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	var posts []*store.Status
	for i := range 30 {
		v, err := p.b.Actions().PostStatus(ctx, p.bob, actions.PostStatusArgs{Text: fmt.Sprintf("old post %d", i), Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		posts = append(posts, v.Status)
	}
	hidden, err := p.b.Actions().PostStatus(ctx, p.bob, actions.PostStatusArgs{Text: "followers only", Visibility: "private"})
	if err != nil {
		t.Fatal(err)
	}
	bobOnA := remoteOn(t, p.a, p.b, p.bob)
	stored := func() int {
		return count(t, p.a, "SELECT COUNT(*) FROM statuses WHERE account_id = ?", bobOnA.ID)
	}
	waitFor(t, func() bool { return stored() == 20 })

	t.Run("the newest 20, public only", func(t *testing.T) {
		for i, s := range posts {
			if got := copyOf(p.a, s) != nil; got != (i >= 10) {
				t.Errorf("post %d stored on A: %v", i, got)
			}
		}
		if copyOf(p.a, hidden.Status) != nil {
			t.Error("a followers-only post was backfilled")
		}
	})
	t.Run("not twice within the refresh period", func(t *testing.T) {
		err := p.a.DB.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, "DELETE FROM statuses WHERE uri = ?", posts[29].URI)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		p.apiGet(t, "/api/v1/accounts/"+store.FormatID(bobOnA.ID))
		p.apiGet(t, "/api/v1/accounts/"+store.FormatID(bobOnA.ID)+"/statuses")
		remoteOn(t, p.a, p.b, p.bob)
		time.Sleep(time.Second)
		if n := stored(); n != 19 {
			t.Errorf("%d statuses after a second look, want 19: the outbox was read again", n)
		}
	})
	t.Run("again once the period is over", func(t *testing.T) {
		err := p.a.DB.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE accounts SET backfilled_at = ? WHERE id = ?",
				time.Now().Add(-48*time.Hour).UnixMilli(), bobOnA.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		p.apiGet(t, "/api/v1/accounts/"+store.FormatID(bobOnA.ID)+"/statuses")
		waitFor(t, func() bool { return copyOf(p.a, posts[29]) != nil })
	})
}

func TestThreadCompletion(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	c := servertest.Start(t, servertest.ListenIP("127.0.0.3"))
	carol, _ := c.CreateUser(t, "carol")
	v, err := p.b.Actions().PostStatus(ctx, p.bob, actions.PostStatusArgs{Text: "what do you think?", Visibility: "public"})
	if err != nil {
		t.Fatal(err)
	}
	root := v.Status
	rootOnC, err := c.Actions().ResolveStatus(ctx, root.URI)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Actions().PostStatus(ctx, carol, actions.PostStatusArgs{Text: "@bob@" + p.b.Host + " I agree", Visibility: "public", InReplyToID: rootOnC.ID})
	if err != nil {
		t.Fatal(err)
	}
	reply := r.Status
	waitFor(t, func() bool { return copyOf(p.b, reply) != nil }) // B lists it among the replies

	rootOnA, err := p.a.Actions().ResolveStatus(ctx, root.URI)
	if err != nil {
		t.Fatal(err)
	}
	if copyOf(p.a, reply) != nil {
		t.Fatal("A knows the reply before anyone views the thread")
	}
	p.apiGet(t, "/api/v1/statuses/"+store.FormatID(rootOnA.ID)+"/context")
	waitFor(t, func() bool { return copyOf(p.a, reply) != nil })
	got, err := p.a.Actions().StatusContext(ctx, p.alice, rootOnA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Descendants) != 1 || got.Descendants[0].URI != reply.URI {
		t.Errorf("descendants on A = %v", got.Descendants)
	}
}
