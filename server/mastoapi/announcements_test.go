package mastoapi_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"roost/server/actions"
	"roost/store"
)

func announce(t *testing.T, w *world, args actions.AnnouncementArgs) string {
	t.Helper()
	a, err := w.in.Actions().CreateAnnouncement(context.Background(), actions.Operator(), args)
	if err != nil {
		t.Fatal(err)
	}
	return store.FormatID(a.ID)
}

func TestAnnouncementsShowOnlyActivePublished(t *testing.T) {
	w := newWorld(t, "alice")
	past, future := time.Now().Add(-48*time.Hour), time.Now().Add(48*time.Hour)
	ended := past.Add(time.Hour)
	showing := announce(t, w, actions.AnnouncementArgs{Text: "Hello #roost @alice", Publish: true})
	announce(t, w, actions.AnnouncementArgs{Text: "draft"})
	announce(t, w, actions.AnnouncementArgs{Text: "later", Publish: true, StartsAt: &future})
	announce(t, w, actions.AnnouncementArgs{Text: "over", Publish: true, StartsAt: &past, EndsAt: &ended})
	event := announce(t, w, actions.AnnouncementArgs{Text: "event", Publish: true, StartsAt: &past, EndsAt: &future, AllDay: true})

	list := w.call(t, "alice", "GET", "/api/v1/announcements", nil).expect(t, 200).list(t)
	if got := ids(list); len(got) != 2 || got[0] != showing && got[1] != showing || !containsID(list, event) {
		t.Fatalf("announcements %v, want %s and %s", got, showing, event)
	}
	for _, a := range list {
		if a["id"] != showing {
			if a["all_day"] != true || a["starts_at"] == nil || a["ends_at"] == nil {
				t.Errorf("event announcement %v", a)
			}
			continue
		}
		for _, key := range []string{"content", "published_at", "updated_at", "mentions", "statuses", "tags", "emojis", "reactions"} {
			if _, ok := a[key]; !ok {
				t.Errorf("announcement lacks %s: %v", key, a)
			}
		}
		if a["read"] != false || len(a["tags"].([]any)) != 1 || len(a["mentions"].([]any)) != 1 || a["starts_at"] != nil {
			t.Errorf("announcement %v", a)
		}
	}
	w.call(t, "", "GET", "/api/v1/announcements", nil).expect(t, 401)
}

func TestAnnouncementDismissAndReactions(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	id := announce(t, w, actions.AnnouncementArgs{Text: "Welcome", Publish: true})
	base := "/api/v1/announcements/" + id

	// Dismissing twice is fine; dismissed ones leave the list unless asked for.
	w.call(t, "alice", "POST", base+"/dismiss", nil).expect(t, 200)
	w.call(t, "alice", "POST", base+"/dismiss", nil).expect(t, 200)
	if list := w.call(t, "alice", "GET", "/api/v1/announcements", nil).expect(t, 200).list(t); len(list) != 0 {
		t.Errorf("dismissed announcement still listed: %v", list)
	}
	list := w.call(t, "alice", "GET", "/api/v1/announcements?with_dismissed=true", nil).expect(t, 200).list(t)
	if len(list) != 1 || list[0]["read"] != true {
		t.Errorf("with_dismissed: %v", list)
	}
	if list := w.call(t, "bob", "GET", "/api/v1/announcements", nil).expect(t, 200).list(t); len(list) != 1 || list[0]["read"] != false {
		t.Errorf("bob's list: %v", list)
	}

	tests := []struct {
		name, who, method, emoji string
		code                     int
	}{
		{"unicode emoji", "alice", "PUT", url.PathEscape("👍"), 200},
		{"twice", "alice", "PUT", url.PathEscape("👍"), 200},
		{"zwj sequence", "bob", "PUT", url.PathEscape("👩‍💻"), 200},
		{"same emoji by bob", "bob", "PUT", url.PathEscape("👍"), 200},
		{"unknown custom emoji", "alice", "PUT", "blobcat", 422},
		{"plain text", "alice", "PUT", "hello%20world", 422},
		{"markup", "alice", "PUT", url.PathEscape("<b>"), 422},
		{"remove", "bob", "DELETE", url.PathEscape("👩‍💻"), 200},
		{"remove what was never given", "bob", "DELETE", url.PathEscape("🎉"), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := w.call(t, tt.who, tt.method, base+"/reactions/"+tt.emoji, nil)
			if r.code != tt.code {
				t.Fatalf("status %d, want %d: %s", r.code, tt.code, r.body)
			}
			if tt.code == 422 && r.object(t)["error"] == nil {
				t.Errorf("no error message: %s", r.body)
			}
		})
	}
	list = w.call(t, "alice", "GET", "/api/v1/announcements?with_dismissed=true", nil).expect(t, 200).list(t)
	reactions := list[0]["reactions"].([]any)
	if len(reactions) != 1 {
		t.Fatalf("reactions %v", reactions)
	}
	r := reactions[0].(map[string]any)
	if r["name"] != "👍" || r["count"] != float64(2) || r["me"] != true {
		t.Errorf("reaction %v", r)
	}

	// Unknown and inactive announcements are 404.
	w.call(t, "alice", "POST", "/api/v1/announcements/12345/dismiss", nil).expect(t, 404)
	w.call(t, "alice", "PUT", "/api/v1/announcements/12345/reactions/"+url.PathEscape("👍"), nil).expect(t, 404)
	// The write scopes are Mastodon's.
	w.addUser(t, "reader", "read")
	w.call(t, "reader", "POST", base+"/dismiss", nil).expect(t, 403)
}

func TestAnnouncementCustomEmojiReaction(t *testing.T) {
	w := newWorld(t, "alice")
	id := announce(t, w, actions.AnnouncementArgs{Text: "Welcome", Publish: true})
	err := w.in.DB.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO custom_emojis (id, shortcode, media_path, created_at, updated_at)
			VALUES (1, 'blobcat', 'emoji/blobcat.png', 0, 0)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.call(t, "alice", "PUT", "/api/v1/announcements/"+id+"/reactions/blobcat", nil).expect(t, 200)
	list := w.call(t, "alice", "GET", "/api/v1/announcements", nil).expect(t, 200).list(t)
	r := list[0]["reactions"].([]any)[0].(map[string]any)
	if r["name"] != "blobcat" || r["url"] == nil || r["static_url"] == nil {
		t.Errorf("custom emoji reaction %v", r)
	}
}

func TestAnnouncementsNeedAnAdmin(t *testing.T) {
	w := newWorld(t, "alice")
	ctx := context.Background()
	_, user := w.in.CreateUser(t, "mallory")
	if _, err := w.in.Actions().CreateAnnouncement(ctx, user, actions.AnnouncementArgs{Text: "hi", Publish: true}); err != actions.ErrForbidden {
		t.Errorf("a user created an announcement: %v", err)
	}
	id := announce(t, w, actions.AnnouncementArgs{Text: "real", Publish: true})
	n, _ := store.ParseID(id)
	if _, err := w.in.Actions().UpdateAnnouncement(ctx, user, n, actions.AnnouncementArgs{Text: "fake", Publish: true}); err != actions.ErrForbidden {
		t.Errorf("a user edited an announcement: %v", err)
	}
	if err := w.in.Actions().DeleteAnnouncement(ctx, user, n); err != actions.ErrForbidden {
		t.Errorf("a user deleted an announcement: %v", err)
	}
	// Unpublishing hides it; publishing again shows it.
	if _, err := w.in.Actions().UpdateAnnouncement(ctx, actions.Operator(), n, actions.AnnouncementArgs{Text: "edited"}); err != nil {
		t.Fatal(err)
	}
	if list := w.call(t, "alice", "GET", "/api/v1/announcements", nil).expect(t, 200).list(t); len(list) != 0 {
		t.Errorf("unpublished announcement listed: %v", list)
	}
	if _, err := w.in.Actions().UpdateAnnouncement(ctx, actions.Operator(), n, actions.AnnouncementArgs{Text: "edited", Publish: true}); err != nil {
		t.Fatal(err)
	}
	list := w.call(t, "alice", "GET", "/api/v1/announcements", nil).expect(t, 200).list(t)
	if len(list) != 1 || list[0]["content"] != "<p>edited</p>" {
		t.Errorf("republished announcement: %v", list)
	}
}

func parseID(s string) (store.ID, bool) { return store.ParseID(s) }
