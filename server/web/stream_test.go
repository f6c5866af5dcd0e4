package web_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// openStream connects b's session to the web stream and returns its
// events as "kind id" lines.
func openStream(t *testing.T, b *browser, query string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.in.URL+"/web/stream"+query, nil)
	resp, err := b.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	out := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var kind string
		for sc.Scan() {
			line := sc.Text()
			if k, ok := strings.CutPrefix(line, "event: "); ok {
				kind = k
			} else if d, ok := strings.CutPrefix(line, "data: "); ok {
				out <- kind + " " + d
			}
		}
	}()
	return out
}

// next waits for the next event, or "" after a while. Notifications,
// which every web stream carries, are skipped unless asked for.
func next(events <-chan string, wait time.Duration, notifications ...bool) string {
	for {
		select {
		case e := <-events:
			if strings.HasPrefix(e, "notification") && len(notifications) == 0 {
				continue
			}
			return e
		case <-time.After(wait):
			return ""
		}
	}
}

// TestWebStream: the signed-in page's live stream sends what the streaming
// API would, by id, with the same visibility and block rules.
func TestWebStream(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	mallory, _ := in.CreateUser(t, "mallory")
	if _, err := in.Actions().Follow(ctx, alice, bob.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().Block(ctx, alice, mallory.ID); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, in)
	b.signIn("alice")
	home := openStream(t, b, "?stream=user")
	local := openStream(t, b, "?stream=public:local")

	post(t, in, mallory, actions.PostStatusArgs{Text: "blocked voice", Visibility: "public"})
	post(t, in, bob, actions.PostStatusArgs{Text: "for followers", Visibility: "private"})
	if got, want := next(home, 5*time.Second), "update "; !strings.HasPrefix(got, want) {
		t.Fatalf("home: %q", got)
	}
	s := post(t, in, bob, actions.PostStatusArgs{Text: "hello @alice", Visibility: "public"})
	id := store.FormatID(s.ID)
	got := map[string]bool{}
	for range 2 {
		got[next(home, 5*time.Second, true)] = true
	}
	if !got["update "+id] || !got["notification 1"] {
		t.Errorf("home after a mention: %v", got)
	}
	if e := next(local, 5*time.Second); e != "update "+id {
		t.Errorf("local: %q (the blocked author's or the followers-only post leaked?)", e)
	}
	if _, err := in.Actions().DeleteStatus(ctx, bob, s.ID); err != nil {
		t.Fatal(err)
	}
	if e := next(local, 5*time.Second); e != "delete "+id {
		t.Errorf("local after delete: %q", e)
	}

	t.Run("the fragment renders the status partial", func(t *testing.T) {
		s := post(t, in, bob, actions.PostStatusArgs{Text: "fragment me", Visibility: "public"})
		p := b.get("/statuses/" + store.FormatID(s.ID) + "/fragment")
		if p.Code != http.StatusOK || !strings.Contains(p.Body, "fragment me") || !strings.Contains(p.Body, `<article class="status`) {
			t.Errorf("fragment (%d)", p.Code)
		}
		private := post(t, in, mallory, actions.PostStatusArgs{Text: "not for alice", Visibility: "private"})
		if p := b.get("/statuses/" + store.FormatID(private.ID) + "/fragment"); p.Code != http.StatusNotFound {
			t.Errorf("someone else's followers-only post: %d", p.Code)
		}
	})
	t.Run("signed out", func(t *testing.T) {
		if p := newBrowser(t, in).get("/web/stream?stream=public"); p.Code != http.StatusSeeOther {
			t.Errorf("%d", p.Code)
		}
	})
	t.Run("unknown stream", func(t *testing.T) {
		if p := b.get("/web/stream?stream=nope"); p.Code != http.StatusBadRequest && p.Code != http.StatusUnprocessableEntity {
			t.Errorf("%d", p.Code)
		}
	})
}
