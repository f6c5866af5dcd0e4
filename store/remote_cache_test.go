package store_test

import (
	"context"
	"testing"
	"time"

	"roost/store"
	"roost/store/storetest"
)

// TestRemoteEmojiCopies: a remote emoji's copy is shown while it is of the
// emoji's current image; when the image changes, the old copy stops being
// shown but is not forgotten: prune lists it, and the next copy replaces
// it (telling its caller which file to remove, and forgetting it in the
// accounts that named it).
func TestRemoteEmojiCopies(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	now := time.Now()
	far := &store.Account{ID: db.NewID(), Username: "far", Domain: "far.example", URI: "https://far.example/users/far",
		Emojis: []store.Emoji{{Shortcode: "blob", URL: "https://far.example/1.png", Path: "cache/1.png"}}}
	st := &store.Status{ID: db.NewID(), AccountID: far.ID, Visibility: "public", URI: "https://far.example/s/1", CreatedAt: now}
	write := func(f func(tx *store.Tx) error) {
		t.Helper()
		if err := db.Write(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	write(func(tx *store.Tx) error {
		if err := tx.InsertAccount(far); err != nil {
			return err
		}
		return tx.InsertStatus(st)
	})
	shown := func() string {
		t.Helper()
		m, err := db.StatusEmojis(ctx, []store.ID{st.ID})
		if err != nil || len(m[st.ID]) != 1 {
			t.Fatalf("status emojis: %v %v", m, err)
		}
		return m[st.ID][0].Path
	}
	pruneable := func() int {
		t.Helper()
		_, n, err := db.CachedRemoteEmojis(ctx, now.Add(-time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	var id store.ID
	link := func(url string) {
		write(func(tx *store.Tx) error {
			return tx.SetStatusEmojis(st.ID, far.Domain, []store.Emoji{{Shortcode: "blob", URL: url}}, db.NewID)
		})
	}
	link("https://far.example/1.png")
	write(func(tx *store.Tx) (err error) {
		id, err = tx.UpsertRemoteEmoji(far.Domain, store.Emoji{Shortcode: "blob", URL: "https://far.example/1.png"}, db.NewID)
		if err != nil {
			return err
		}
		stale, ok, err := tx.SetEmojiCache(&store.CustomEmoji{ID: id, URL: "https://far.example/1.png", Path: "cache/1.png"}, now)
		if stale != "" || !ok {
			t.Errorf("first copy: stale %q, ok %v", stale, ok)
		}
		return err
	})
	if got := shown(); got != "cache/1.png" || pruneable() != 0 {
		t.Fatalf("copied: shown %q, %d pruneable", got, pruneable())
	}

	link("https://far.example/2.png")
	if got := shown(); got != "" || pruneable() != 1 {
		t.Fatalf("after the image changed: shown %q, %d pruneable", got, pruneable())
	}
	write(func(tx *store.Tx) error {
		stale, ok, err := tx.SetEmojiCache(&store.CustomEmoji{ID: id, URL: "https://far.example/1.png", Path: "cache/x.png"}, now)
		if stale != "" || ok {
			t.Errorf("a copy of the old image was taken: stale %q, ok %v", stale, ok)
		}
		if err != nil {
			return err
		}
		stale, ok, err = tx.SetEmojiCache(&store.CustomEmoji{ID: id, URL: "https://far.example/2.png", Path: "cache/2.png"}, now)
		if stale != "cache/1.png" || !ok {
			t.Errorf("second copy: stale %q, ok %v", stale, ok)
		}
		return err
	})
	if got := shown(); got != "cache/2.png" || pruneable() != 0 {
		t.Fatalf("recopied: shown %q, %d pruneable", got, pruneable())
	}
	if acct, err := db.Account(ctx, far.ID); err != nil || acct.Emojis[0].Path != "" {
		t.Errorf("the account still names the replaced copy: %+v %v", acct.Emojis, err)
	}
}
