package apub_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"roost/server/events"
	"roost/store"
)

// undo wraps an activity in an Undo by the same actor.
func (w *world) undo(t *testing.T, inner []byte) []byte {
	var doc map[string]any
	mustUnmarshal(t, inner, &doc)
	return mustMarshal(t, map[string]any{"@context": "https://www.w3.org/ns/activitystreams", "type": "Undo",
		"id": doc["id"].(string) + "/undo", "actor": doc["actor"], "object": doc})
}

func TestReceiveInteractions(t *testing.T) {
	w := newWorld(t)
	aliceStatus := w.post(t, w.alice, "hello fediverse", "public")
	local := func(name string, replace ...string) []byte {
		return w.fixture(t, name, append([]string{"https://roost.example/users/alice/statuses/7301234567890", aliceStatus.URI}, replace...)...)
	}
	const notified = "SELECT COUNT(*) FROM notifications WHERE account_id = ? AND type = ? AND status_id = ?"
	like := local("mastodon/like.json")
	announce := local("mastodon/announce.json")

	t.Run("like", func(t *testing.T) {
		w.deliver(t, w.bob, like)
		w.expect(t, 1, "SELECT favourites_count FROM statuses WHERE id = ?", aliceStatus.ID)
		w.expect(t, 1, notified, w.alice.ID, "favourite", aliceStatus.ID)
	})
	t.Run("undo like", func(t *testing.T) {
		w.deliver(t, w.bob, w.undo(t, like))
		w.expect(t, 0, "SELECT favourites_count FROM statuses WHERE id = ?", aliceStatus.ID)
		w.expect(t, 0, notified, w.alice.ID, "favourite", aliceStatus.ID)
	})
	t.Run("announce", func(t *testing.T) {
		w.deliver(t, w.bob, announce)
		w.expect(t, 1, "SELECT reblogs_count FROM statuses WHERE id = ?", aliceStatus.ID)
		w.expect(t, 1, "SELECT COUNT(*) FROM statuses WHERE reblog_of_id = ?", aliceStatus.ID)
		w.expect(t, 1, notified, w.alice.ID, "reblog", aliceStatus.ID)
	})
	t.Run("undo announce by id", func(t *testing.T) {
		var doc map[string]any
		mustUnmarshal(t, announce, &doc)
		w.deliver(t, w.bob, mustMarshal(t, map[string]any{"type": "Undo", "id": doc["id"].(string) + "/undo",
			"actor": w.bob, "object": doc["id"]}))
		w.expect(t, 0, "SELECT COUNT(*) FROM statuses WHERE reblog_of_id = ?", aliceStatus.ID)
		w.expect(t, 0, "SELECT reblogs_count FROM statuses WHERE id = ?", aliceStatus.ID)
	})
	t.Run("announce of a remote post is fetched from its origin", func(t *testing.T) {
		w.follow(t, w.alice.ID, w.account(t, w.bob).ID)
		stranger := w.remote.addActor("stranger", nil)
		note := w.serveNote(t, stranger, "/users/stranger/statuses/1", "", "boosted")
		w.deliver(t, w.bob, w.fixture(t, "mastodon/announce.json", "https://roost.example/users/alice/statuses/7301234567890", note,
			"112345678901299999", "112345678901277777"))
		w.expect(t, 1, "SELECT COUNT(*) FROM statuses r JOIN statuses s ON s.id = r.reblog_of_id WHERE s.uri = ?", note)
	})
	t.Run("nothing private is favourited or reblogged by outsiders", func(t *testing.T) {
		private := w.post(t, w.alice, "followers only", "private")
		const fixtureStatus = "https://roost.example/users/alice/statuses/7301234567890"
		w.deliver(t, w.bob, w.fixture(t, "mastodon/like.json", fixtureStatus, private.URI, "likes/441122", "likes/2"))
		w.deliver(t, w.bob, w.fixture(t, "mastodon/announce.json", fixtureStatus, private.URI, "112345678901299999", "112345678901299998"))
		w.expect(t, 0, "SELECT COUNT(*) FROM favourites WHERE status_id = ?", private.ID)
		w.expect(t, 0, "SELECT COUNT(*) FROM statuses WHERE reblog_of_id = ?", private.ID)
	})
	t.Run("a blocked actor cannot follow, favourite or mention", func(t *testing.T) {
		ctx := context.Background()
		bob := w.account(t, w.bob)
		if _, err := w.in.Actions().Block(ctx, w.alice, bob.ID); err != nil {
			t.Fatal(err)
		}
		w.deliver(t, w.bob, w.fixture(t, "mastodon/follow.json", "3d2fa9a0", "blocked"))
		w.deliver(t, w.bob, local("mastodon/like.json", "likes/441122", "likes/3"))
		w.deliver(t, w.bob, local("mastodon/create-direct.json"))
		w.expect(t, 0, "SELECT COUNT(*) FROM follows WHERE account_id = ?", bob.ID)
		w.expect(t, 0, "SELECT COUNT(*) FROM favourites WHERE account_id = ?", bob.ID)
		w.expect(t, 0, "SELECT COUNT(*) FROM notifications WHERE account_id = ? AND from_account_id = ?", w.alice.ID, bob.ID)
		if w.sees(t, w.alice, w.remote.URL()+"/users/Gargron/statuses/112345678901235000") {
			t.Fatal("a blocked account's direct message reached its blocker")
		}
	})
}

func TestReceiveAccountChanges(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	old := newRemote(t)
	oldURI := old.addActor("gargron", nil)
	// The new account names the old one, which proves the move.
	w.bob = w.remote.addActor("Gargron", func(doc map[string]any) { doc["alsoKnownAs"] = []string{oldURI} })
	world := func(name string, replace ...string) []byte {
		return w.fixture(t, name, append(replace, "https://old.example", old.URL())...)
	}
	if _, err := w.in.Actions().RemoteAccountByURI(ctx, oldURI); err != nil {
		t.Fatal(err)
	}

	t.Run("update person", func(t *testing.T) {
		body := world("mastodon/update-person.json")
		if got := old.post(w.inbox(), oldURI, body); got != http.StatusAccepted {
			t.Fatalf("status %d", got)
		}
		acct := w.account(t, oldURI)
		if acct.DisplayName == "" || acct.PublicKeyPEM == "" {
			t.Fatalf("display name %q, key kept %v", acct.DisplayName, acct.PublicKeyPEM != "")
		}
	})
	t.Run("move", func(t *testing.T) {
		oldAcct := w.account(t, oldURI)
		w.follow(t, w.alice.ID, oldAcct.ID)
		if got := old.post(w.inbox(), oldURI, world("mastodon/move.json")); got != http.StatusAccepted {
			t.Fatalf("status %d", got)
		}
		bob := w.account(t, w.bob)
		w.expect(t, 0, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", w.alice.ID, oldAcct.ID)
		w.expect(t, 1, "SELECT COUNT(*) FROM follow_requests WHERE account_id = ? AND target_account_id = ?", w.alice.ID, bob.ID)
		w.expect(t, 1, "SELECT COUNT(*) FROM accounts WHERE id = ? AND moved_to_id = ?", oldAcct.ID, bob.ID)
	})
	t.Run("move to an account that does not confirm it", func(t *testing.T) {
		other := w.remote.addActor("impostor", nil)
		dave, _ := w.in.CreateUser(t, "dave")
		oldAcct := w.account(t, oldURI)
		w.follow(t, dave.ID, oldAcct.ID)
		body := world("mastodon/move.json", "https://mastodon.example/users/Gargron", other, "moves/1", "moves/2")
		if got := old.post(w.inbox(), oldURI, body); got != http.StatusForbidden {
			t.Fatalf("status %d, want 403", got)
		}
		w.expect(t, 1, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", dave.ID, oldAcct.ID)
	})
	t.Run("flag", func(t *testing.T) {
		s := w.post(t, w.alice, "reported", "public")
		body := w.fixture(t, "mastodon/flag.json", "https://mastodon.example/actor", w.bob,
			"https://roost.example/users/spammer/statuses/7309999999999", s.URI, "/users/spammer", "/users/alice")
		w.deliver(t, w.bob, body)
		w.expect(t, 1, "SELECT COUNT(*) FROM reports WHERE target_account_id = ? AND status_ids LIKE ?", w.alice.ID, "%"+store.FormatID(s.ID)+"%")
	})
	t.Run("delete person", func(t *testing.T) {
		leaving := w.remote.addActor("leaving", nil)
		w.deliver(t, leaving, w.fixture(t, "mastodon/follow.json", "Gargron", "leaving", "3d2fa9a0", "leaving"))
		acct := w.account(t, leaving)
		w.expect(t, 1, "SELECT COUNT(*) FROM follows WHERE account_id = ?", acct.ID)
		// A copy of its avatar is kept here: it must go with the account.
		avatar := "accounts/leaving-avatar.png"
		if err := w.in.Actions().Files.Put(avatar, []byte("picture")); err != nil {
			t.Fatal(err)
		}
		err := w.in.DB.Write(context.Background(), func(tx *store.Tx) error {
			if _, err := tx.ExecContext(context.Background(), `INSERT INTO media_attachments (id, account_id, file_path, remote_url, created_at)
				VALUES (?, ?, ?, 'https://mastodon.example/a.png', 0)`, w.in.DB.NewID(), acct.ID, avatar); err != nil {
				return err
			}
			_, err := tx.ExecContext(context.Background(), "UPDATE accounts SET avatar_media_id = (SELECT id FROM media_attachments WHERE file_path = ?) WHERE id = ?", avatar, acct.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		w.deliver(t, leaving, w.fixture(t, "mastodon/delete-actor.json"))
		w.expect(t, 0, "SELECT COUNT(*) FROM follows WHERE account_id = ?", acct.ID)
		w.expect(t, 1, "SELECT COUNT(*) FROM accounts WHERE id = ? AND suspended_at IS NOT NULL", acct.ID)
		w.expect(t, 0, "SELECT COUNT(*) FROM media_attachments WHERE account_id = ?", acct.ID)
		w.expect(t, 1, "SELECT COUNT(*) FROM accounts WHERE id = ? AND avatar_media_id IS NULL", acct.ID)
		if f, err := w.in.Actions().Files.Open(avatar); err == nil {
			f.Close()
			t.Error("the copy of the deleted account's avatar is left on disk")
		}
	})
}

func TestReceivedPostsStream(t *testing.T) {
	w := newWorld(t)
	sub := w.in.Actions().Events.Subscribe(w.alice.ID, 16)
	defer sub.Close()
	sub.Add(events.Stream{Name: "user"})
	w.in.Actions().RemoteAccountByURI(context.Background(), w.bob)
	w.follow(t, w.alice.ID, w.account(t, w.bob).ID)
	w.deliver(t, w.bob, w.fixture(t, "mastodon/create-note.json", "https://roost.example", "https://elsewhere.example"))
	for {
		select {
		case d := <-sub.C():
			if d.Event.Kind == events.Update {
				return
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no update event on alice's user stream")
		}
	}
}
