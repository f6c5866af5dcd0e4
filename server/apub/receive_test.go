package apub_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/store"
)

// deliver posts body signed by actor to the shared inbox, expecting 202.
func (w *world) deliver(t *testing.T, actor string, body []byte) {
	t.Helper()
	if got := w.remote.post(w.inbox(), actor, body); got != http.StatusAccepted {
		t.Fatalf("status %d, want 202", got)
	}
}

func (w *world) expect(t *testing.T, want int, query string, args ...any) {
	t.Helper()
	if got := w.count(t, query, args...); got != want {
		t.Fatalf("%s = %d, want %d", query, got, want)
	}
}

// post publishes a local status.
func (w *world) post(t *testing.T, author *store.Account, text, visibility string) *store.Status {
	t.Helper()
	v, err := w.in.Actions().PostStatus(context.Background(), author, actions.PostStatusArgs{Text: text, Visibility: visibility})
	if err != nil {
		t.Fatal(err)
	}
	return v.Status
}

func (w *world) account(t *testing.T, uri string) *store.Account {
	t.Helper()
	acct, err := w.in.DB.AccountByURI(context.Background(), uri)
	if err != nil {
		t.Fatalf("account %s: %v", uri, err)
	}
	return acct
}

// sees reports whether viewer may read the status with uri.
func (w *world) sees(t *testing.T, viewer *store.Account, uri string) bool {
	t.Helper()
	s, err := w.in.DB.StatusByURI(context.Background(), uri)
	if err != nil {
		return false
	}
	_, err = w.in.Actions().Status(context.Background(), viewer, s.ID)
	if err != nil && !errors.Is(err, actions.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

func (w *world) follow(t *testing.T, follower, target store.ID) {
	t.Helper()
	err := w.in.DB.Write(context.Background(), func(tx *store.Tx) error {
		return tx.InsertFollow(&store.Follow{ID: w.in.DB.NewID(), AccountID: follower, TargetAccountID: target, ShowReblogs: true})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReceiveFollowsAndAnswers(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	carol, _ := w.in.CreateUser(t, "carol")
	carol.Locked = true
	if err := w.in.DB.Write(ctx, func(tx *store.Tx) error { return tx.UpdateAccount(carol) }); err != nil {
		t.Fatal(err)
	}
	const follows = "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?"
	const requests = "SELECT COUNT(*) FROM follow_requests WHERE account_id = ? AND target_account_id = ?"
	const notified = "SELECT COUNT(*) FROM notifications WHERE account_id = ? AND type = ?"

	t.Run("follow of an unlocked account", func(t *testing.T) {
		w.deliver(t, w.bob, w.fixture(t, "mastodon/follow.json"))
		bob := w.account(t, w.bob)
		w.expect(t, 1, follows, bob.ID, w.alice.ID)
		w.expect(t, 1, notified, w.alice.ID, "follow")
	})
	t.Run("undo follow", func(t *testing.T) {
		w.deliver(t, w.bob, w.fixture(t, "mastodon/undo-follow.json"))
		w.expect(t, 0, follows, w.account(t, w.bob).ID, w.alice.ID)
		w.expect(t, 0, notified, w.alice.ID, "follow")
	})
	t.Run("follow of a locked account is a request", func(t *testing.T) {
		w.deliver(t, w.bob, w.fixture(t, "mastodon/follow.json", "/users/alice", "/users/carol", "3d2fa9a0", "carol"))
		bob := w.account(t, w.bob)
		w.expect(t, 0, follows, bob.ID, carol.ID)
		w.expect(t, 1, requests, bob.ID, carol.ID)
		w.expect(t, 1, notified, carol.ID, "follow_request")
	})
	t.Run("accept of our follow", func(t *testing.T) {
		bob := w.account(t, w.bob)
		if _, err := w.in.Actions().Follow(ctx, w.alice, bob.ID, actions.FollowArgs{Reblogs: true}); err != nil {
			t.Fatal(err)
		}
		w.expect(t, 1, requests, w.alice.ID, bob.ID)
		w.deliver(t, w.bob, w.fixture(t, "mastodon/accept-follow.json"))
		w.expect(t, 0, requests, w.alice.ID, bob.ID)
		w.expect(t, 1, follows, w.alice.ID, bob.ID)
	})
	t.Run("reject of our follow", func(t *testing.T) {
		bob := w.account(t, w.bob)
		dave, _ := w.in.CreateUser(t, "dave")
		if _, err := w.in.Actions().Follow(ctx, dave, bob.ID, actions.FollowArgs{}); err != nil {
			t.Fatal(err)
		}
		w.deliver(t, w.bob, w.fixture(t, "mastodon/accept-follow.json", `"Accept"`, `"Reject"`, "/users/alice", "/users/dave",
			"#accepts/", "#rejects/"))
		w.expect(t, 0, requests, dave.ID, bob.ID)
		w.expect(t, 0, follows, dave.ID, bob.ID)
	})
	t.Run("accept naming our follow by its id only", func(t *testing.T) {
		bob := w.account(t, w.bob)
		erin, _ := w.in.CreateUser(t, "erin")
		frank, _ := w.in.CreateUser(t, "frank")
		for _, who := range []*store.Account{erin, frank} {
			if _, err := w.in.Actions().Follow(ctx, who, bob.ID, actions.FollowArgs{}); err != nil {
				t.Fatal(err)
			}
		}
		var uri string
		w.in.DB.R().QueryRowContext(ctx, "SELECT uri FROM follow_requests WHERE account_id = ?", erin.ID).Scan(&uri)
		w.deliver(t, w.bob, mustMarshal(t, map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
			"id": w.bob + "#accepts/erin", "type": "Accept", "actor": w.bob, "object": uri}))
		w.expect(t, 1, follows, erin.ID, bob.ID)
		w.expect(t, 1, requests, frank.ID, bob.ID)
	})
	t.Run("block removes follows both ways", func(t *testing.T) {
		bob := w.account(t, w.bob)
		w.follow(t, bob.ID, w.alice.ID)
		w.deliver(t, w.bob, w.fixture(t, "mastodon/block.json", "/users/spammer", "/users/alice"))
		w.expect(t, 0, follows, w.alice.ID, bob.ID)
		w.expect(t, 0, follows, bob.ID, w.alice.ID)
		w.expect(t, 1, "SELECT COUNT(*) FROM blocks WHERE account_id = ? AND target_account_id = ?", bob.ID, w.alice.ID)
	})
	t.Run("undo block", func(t *testing.T) {
		w.deliver(t, w.bob, w.undo(t, w.fixture(t, "mastodon/block.json", "/users/spammer", "/users/alice")))
		w.expect(t, 0, "SELECT COUNT(*) FROM blocks")
	})
}

func TestReceivePosts(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	dave, _ := w.in.CreateUser(t, "dave")
	aliceStatus := w.post(t, w.alice, "hello fediverse", "public")
	local := func(name string, replace ...string) []byte {
		return w.fixture(t, name, append([]string{"https://roost.example/users/alice/statuses/7301234567890", aliceStatus.URI}, replace...)...)
	}
	note := w.remote.URL() + "/users/Gargron/statuses/112345678901234567"

	t.Run("create mentioning a local account", func(t *testing.T) {
		w.deliver(t, w.bob, local("mastodon/create-note.json"))
		s, err := w.in.DB.StatusByURI(ctx, note)
		if err != nil {
			t.Fatalf("not stored: %v", err)
		}
		if s.InReplyToID == nil || *s.InReplyToID != aliceStatus.ID || s.Visibility != store.VisibilityPublic {
			t.Fatalf("reply %v, visibility %s", s.InReplyToID, s.Visibility)
		}
		w.expect(t, 1, "SELECT COUNT(*) FROM notifications WHERE account_id = ? AND type = 'mention' AND status_id = ?", w.alice.ID, s.ID)
		w.expect(t, 1, "SELECT COUNT(*) FROM media_attachments WHERE status_id = ? AND remote_url LIKE 'https://files.%'", s.ID)
		w.expect(t, 1, "SELECT COUNT(*) FROM status_tags st JOIN tags t ON t.id = st.tag_id WHERE st.status_id = ? AND t.name = 'roost'", s.ID)
		w.expect(t, 1, "SELECT COUNT(*) FROM status_emojis WHERE status_id = ?", s.ID)
		w.expect(t, 1, "SELECT replies_count FROM statuses WHERE id = ?", aliceStatus.ID)
	})
	t.Run("create nobody local cares about is dropped", func(t *testing.T) {
		stranger := w.remote.addActor("stranger", nil)
		w.deliver(t, stranger, w.fixture(t, "mastodon/create-note.json", "Gargron", "stranger",
			"https://roost.example", "https://elsewhere.example"))
		w.expect(t, 0, "SELECT COUNT(*) FROM statuses WHERE uri LIKE ?", "%/users/stranger/%")
	})
	t.Run("create by someone else than the actor is refused", func(t *testing.T) {
		mallory := w.remote.addActor("mallory", nil)
		body := local("mastodon/create-note.json", `"actor": "https://mastodon.example/users/Gargron"`,
			`"actor": "https://mastodon.example/users/mallory"`, "/activity", "/forged", "112345678901234567", "112345678900000001")
		if got := w.remote.post(w.inbox(), mallory, body); got != http.StatusForbidden {
			t.Fatalf("status %d, want 403", got)
		}
		w.expect(t, 0, "SELECT COUNT(*) FROM statuses WHERE uri LIKE ?", "%112345678900000001")
	})
	t.Run("direct message is seen by the addressee only", func(t *testing.T) {
		w.deliver(t, w.bob, w.fixture(t, "mastodon/create-direct.json"))
		uri := w.remote.URL() + "/users/Gargron/statuses/112345678901235000"
		if !w.sees(t, w.alice, uri) {
			t.Fatal("alice cannot see a direct message to her")
		}
		if w.sees(t, dave, uri) || w.sees(t, nil, uri) {
			t.Fatal("a direct message leaked to someone not addressed")
		}
	})
	t.Run("followers-only post from a followed account", func(t *testing.T) {
		bob := w.account(t, w.bob)
		w.follow(t, w.alice.ID, bob.ID)
		body := w.fixture(t, "mastodon/create-note.json", "112345678901234567", "112345678901240000",
			`"to": ["https://www.w3.org/ns/activitystreams#Public"]`, `"to": ["https://mastodon.example/users/Gargron/followers"]`,
			`"cc": ["https://mastodon.example/users/Gargron/followers", "https://roost.example/users/alice"]`, `"cc": []`,
			`"type": "Mention"`, `"type": "Nothing"`)
		w.deliver(t, w.bob, body)
		uri := w.remote.URL() + "/users/Gargron/statuses/112345678901240000"
		if !w.sees(t, w.alice, uri) || w.sees(t, dave, uri) || w.sees(t, nil, uri) {
			t.Fatal("a followers-only post is seen by the wrong people")
		}
		home, err := w.in.Actions().HomeTimeline(ctx, w.alice, store.Page{Limit: 40})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range home.List {
			found = found || s.URI == uri
		}
		if !found {
			t.Fatal("alice's home does not show the post of someone she follows")
		}
	})
	t.Run("update keeps the history", func(t *testing.T) {
		w.deliver(t, w.bob, w.fixture(t, "mastodon/create-note.json", "112345678901234567", "112345678901234999"))
		w.deliver(t, w.bob, w.fixture(t, "mastodon/update-note.json"))
		uri := w.remote.URL() + "/users/Gargron/statuses/112345678901234999"
		s, err := w.in.DB.StatusByURI(ctx, uri)
		if err != nil {
			t.Fatal(err)
		}
		if s.EditedAt == nil {
			t.Fatal("edited_at not set")
		}
		w.expect(t, 2, "SELECT COUNT(*) FROM status_edits WHERE status_id = ?", s.ID)
	})
	t.Run("poll", func(t *testing.T) {
		rin := w.remote.addActor("rinpatch", nil)
		w.follow(t, w.alice.ID, w.account(t, w.bob).ID)
		body := w.fixture(t, "mastodon/create-question.json")
		// Fetch the author first so that alice can follow it.
		w.in.Actions().RemoteAccountByURI(ctx, rin)
		w.follow(t, w.alice.ID, w.account(t, rin).ID)
		w.deliver(t, rin, body)
		w.expect(t, 1, "SELECT COUNT(*) FROM polls p JOIN statuses s ON s.poll_id = p.id WHERE s.uri LIKE ?", "%102070944809637304")
		w.deliver(t, rin, w.fixture(t, "mastodon/create-vote.json"))
		w.expect(t, 0, "SELECT COUNT(*) FROM statuses WHERE uri LIKE ?", "%#votes/%")
	})
	t.Run("featured post", func(t *testing.T) {
		body := w.fixture(t, "mastodon/add-featured.json")
		w.deliver(t, w.bob, body)
		w.expect(t, 1, "SELECT COUNT(*) FROM pins p JOIN statuses s ON s.id = p.status_id WHERE s.uri = ?", note)
		w.deliver(t, w.bob, []byte(strings.Replace(string(body), `"Add"`, `"Remove"`, 1)))
		w.expect(t, 0, "SELECT COUNT(*) FROM pins")
	})
	t.Run("delete", func(t *testing.T) {
		w.deliver(t, w.bob, w.fixture(t, "mastodon/delete-note.json"))
		w.expect(t, 0, "SELECT COUNT(*) FROM statuses WHERE uri = ?", note)
		w.expect(t, 0, "SELECT COUNT(*) FROM notifications WHERE account_id = ? AND type = 'mention'", dave.ID)
		w.expect(t, 0, "SELECT replies_count FROM statuses WHERE id = ?", aliceStatus.ID)
	})
}
