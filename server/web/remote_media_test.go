package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"roost/server/servertest"
	"roost/store"
)

// TestRemoteProfileCopiesInPages: a remote account's copied avatar and
// emoji are drawn from this server's media path (its origin's, over
// plain http, would be refused by the page's policy and not drawn).
func TestRemoteProfileCopiesInPages(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	ctx := context.Background()
	now := time.Now()
	far := &store.Account{ID: in.DB.NewID(), Username: "far", Domain: "far.example", URI: "https://far.example/users/far",
		DisplayName: "Far :blob: :gone:", AvatarRemoteURL: "http://far.example/a.png",
		Emojis: []store.Emoji{{Shortcode: "blob", URL: "http://far.example/e.png", Path: "cache/ab/e.png"},
			{Shortcode: "gone", URL: "http://far.example/g.png"}}}
	avatar := &store.MediaAttachment{ID: in.DB.NewID(), AccountID: far.ID, Kind: "image", RemoteURL: far.AvatarRemoteURL,
		CreatedAt: now, CachedAt: &now}
	avatar.FilePath = "accounts/avatars/" + store.FormatID(avatar.ID) + ".jpg"
	far.AvatarMediaID = &avatar.ID
	st := &store.Status{ID: in.DB.NewID(), AccountID: far.ID, Visibility: "public", Content: "<p>hello</p>",
		URI: "https://far.example/statuses/1", CreatedAt: now}
	err := in.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertAccount(far); err != nil {
			return err
		}
		if err := tx.InsertStatus(st); err != nil {
			return err
		}
		return tx.InsertMedia(avatar)
	})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, in)
	b.signIn("alice")
	page := b.get("/@far@far.example").Body
	for _, want := range []string{in.URL + "/system/media/" + avatar.FilePath, `src="` + in.URL + `/system/media/cache/ab/e.png" alt=":blob:"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the profile page lacks %s", want)
		}
	}
	if strings.Contains(page, "http://far.example/g.png") || !strings.Contains(page, ":gone:") {
		t.Error("an emoji not yet copied, over http, was drawn")
	}
}
