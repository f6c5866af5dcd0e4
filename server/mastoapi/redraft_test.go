package mastoapi_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"roost/store"
)

// TestRedraftKeepsMedia: deleting a status answers with what the composer
// needs to refill (text, spoiler, visibility, media), and its media stay,
// detached, so the redraft can attach them again.
func TestRedraftKeepsMedia(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	ctx := context.Background()
	aliceID, _ := store.ParseID(w.ids["alice"])
	mediaID := w.in.DB.NewID()
	err := w.in.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO media_attachments (id, account_id, file_path, content_type, created_at)
			VALUES (?, ?, 'a/b.png', 'image/png', 0)`, mediaID, aliceID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	media := store.FormatID(mediaID)
	id := w.post(t, "alice", map[string]any{"status": "with a picture", "spoiler_text": "cw", "visibility": "unlisted",
		"media_ids": []string{media}})
	// Someone else cannot use it, nor can it go on two statuses.
	w.call(t, "bob", "POST", "/api/v1/statuses", map[string]any{"status": "x", "media_ids": []string{media}}).expect(t, 422)
	w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "x", "media_ids": []string{media}}).expect(t, 422)

	deleted := w.call(t, "alice", "DELETE", "/api/v1/statuses/"+id, nil).expect(t, 200).object(t)
	if deleted["text"] != "with a picture" || deleted["spoiler_text"] != "cw" || deleted["visibility"] != "unlisted" {
		t.Errorf("deleted status %v", deleted)
	}
	if _, ok := deleted["media_attachments"].([]any); !ok {
		t.Errorf("no media_attachments in %v", deleted)
	}
	if _, ok := deleted["poll"]; !ok {
		t.Errorf("no poll field in %v", deleted)
	}
	var statusID sql.NullInt64
	if err := w.in.DB.R().QueryRowContext(ctx, "SELECT status_id FROM media_attachments WHERE id = ?", mediaID).Scan(&statusID); err != nil {
		t.Fatalf("the media row is gone: %v", err)
	}
	if statusID.Valid {
		t.Errorf("media still attached to %d", statusID.Int64)
	}
	again := w.post(t, "alice", map[string]any{"status": "with a picture", "media_ids": []string{media}})
	if again == id {
		t.Errorf("redraft id %s", again)
	}
}

// TestBookmarksPaginationAndPrivacy: bookmarks page newest bookmark first
// with Link headers, and nobody sees another's bookmarks.
func TestBookmarksPaginationAndPrivacy(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	var posts []string
	for i := 0; i < 3; i++ {
		posts = append(posts, w.post(t, "alice", map[string]any{"status": "post " + string(rune('a'+i))}))
	}
	// Bookmarked in another order than posted: the page follows the bookmarks.
	for _, i := range []int{2, 0, 1} {
		w.call(t, "bob", "POST", "/api/v1/statuses/"+posts[i]+"/bookmark", nil).expect(t, 200)
	}
	r := w.call(t, "bob", "GET", "/api/v1/bookmarks?limit=2", nil).expect(t, 200)
	first := r.list(t)
	if got := ids(first); len(got) != 2 || got[0] != posts[1] || got[1] != posts[0] {
		t.Fatalf("first page %v, want %s %s", got, posts[1], posts[0])
	}
	link := r.header.Get("Link")
	if !strings.Contains(link, `rel="next"`) || !strings.Contains(link, `rel="prev"`) || !strings.Contains(link, "/api/v1/bookmarks?") {
		t.Fatalf("Link %q", link)
	}
	next := link[strings.Index(link, "<")+1 : strings.Index(link, ">")]
	rest := w.call(t, "bob", "GET", strings.TrimPrefix(next, w.in.URL), nil).expect(t, 200).list(t)
	if got := ids(rest); len(got) != 1 || got[0] != posts[2] {
		t.Errorf("second page %v, want %s", got, posts[2])
	}
	if l := w.call(t, "alice", "GET", "/api/v1/bookmarks", nil).expect(t, 200).list(t); len(l) != 0 {
		t.Errorf("alice sees bob's bookmarks: %v", ids(l))
	}
	w.call(t, "", "GET", "/api/v1/bookmarks", nil).expect(t, 401)
	// A bookmark never reveals a status its owner can no longer see.
	secret := w.post(t, "alice", map[string]any{"status": "@bob just you", "visibility": "direct"})
	w.call(t, "bob", "POST", "/api/v1/statuses/"+secret+"/bookmark", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/statuses/"+secret+"/bookmark", nil).expect(t, 200)
	w.addUser(t, "carol")
	w.call(t, "carol", "POST", "/api/v1/statuses/"+secret+"/bookmark", nil).expect(t, 404)
}

// TestHiddenCollectionsAPI: hide_collections empties both lists for
// everyone but the owner, and keeps the counts, as Mastodon does.
func TestHiddenCollectionsAPI(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	w.follow(t, "alice", "bob")
	w.follow(t, "bob", "alice")
	w.call(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", map[string]any{"hide_collections": true}).expect(t, 200)
	for _, list := range []string{"followers", "following"} {
		path := "/api/v1/accounts/" + w.ids["alice"] + "/" + list
		for _, who := range []string{"", "bob"} {
			if l := w.call(t, who, "GET", path, nil).expect(t, 200).list(t); len(l) != 0 {
				t.Errorf("%s shown to %q: %v", list, who, ids(l))
			}
		}
		if l := w.call(t, "alice", "GET", path, nil).expect(t, 200).list(t); len(l) != 1 {
			t.Errorf("the owner's %s: %v", list, ids(l))
		}
	}
	a := w.call(t, "bob", "GET", "/api/v1/accounts/"+w.ids["alice"], nil).expect(t, 200).object(t)
	if a["hide_collections"] != true || a["followers_count"] != 1.0 || a["following_count"] != 1.0 {
		t.Errorf("account %v", a)
	}
}
