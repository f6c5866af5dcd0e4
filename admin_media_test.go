package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"roost/server"
	"roost/store"
)

// TestAdminMediaPruneRemoteCopies: the command drops old copies of a
// remote account's avatar and of a remote emoji, with a progress bar, and
// leaves the account showing its origin's files again.
func TestAdminMediaPruneRemoteCopies(t *testing.T) {
	dir := t.TempDir()
	env := []string{"ROOST_DATA=" + dir}
	if _, err := runCLI(t, env, "admin", "media", "prune"); err != nil { // creates the database
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dir, server.DefaultConfig().Store, nil)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-40 * 24 * time.Hour)
	far := &store.Account{ID: db.NewID(), Username: "far", Domain: "far.example", URI: "https://far.example/users/far",
		AvatarRemoteURL: "https://far.example/a.png", Emojis: []store.Emoji{{Shortcode: "blob", URL: "https://far.example/e.png", Path: "cache/e.png"}}}
	avatar := &store.MediaAttachment{ID: db.NewID(), AccountID: far.ID, Kind: "image", RemoteURL: far.AvatarRemoteURL,
		FilePath: "accounts/avatars/1.jpg", FileSize: 1 << 20, CreatedAt: old, CachedAt: &old}
	far.AvatarMediaID = &avatar.ID
	err = db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertAccount(far); err != nil {
			return err
		}
		if err := tx.InsertMedia(avatar); err != nil {
			return err
		}
		id, err := tx.UpsertRemoteEmoji(far.Domain, far.Emojis[0], db.NewID)
		if err != nil {
			return err
		}
		_, _, err = tx.SetEmojiCache(&store.CustomEmoji{ID: id, URL: far.Emojis[0].URL, Path: "cache/e.png"}, old)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, f := range []string{"accounts/avatars/1.jpg", "cache/e.png"} {
		p := filepath.Join(dir, "media", f)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, 1<<20), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	out, err := runCLI(t, env, "admin", "media", "prune", "--remote-older-than", "30d")
	if err != nil || !strings.Contains(out, "100% 2/2") || !strings.Contains(out, "removed 2 cached remote files (2.0 MiB)") {
		t.Fatalf("prune: %q, %v", out, err)
	}
	for _, f := range []string{"accounts/avatars/1.jpg", "cache/e.png"} {
		if _, err := os.Stat(filepath.Join(dir, "media", f)); !os.IsNotExist(err) {
			t.Errorf("%s kept: %v", f, err)
		}
	}
	db, err = store.Open(ctx, dir, server.DefaultConfig().Store, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Account(ctx, far.ID)
	if err != nil || got.AvatarMediaID != nil || len(got.Emojis) != 1 || got.Emojis[0].Path != "" || got.Emojis[0].URL != far.Emojis[0].URL {
		t.Errorf("account after pruning: %+v, %v", got, err)
	}
}
