package mastoapi_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"roost/server/actions"
)

func TestConversationsLifecycle(t *testing.T) {
	w := newWorld(t, "alice", "bob", "carol")
	dm := w.post(t, "alice", map[string]any{"status": "@bob hello there", "visibility": "direct"})

	bobs := w.call(t, "bob", "GET", "/api/v1/conversations", nil).expect(t, 200).list(t)
	if len(bobs) != 1 {
		t.Fatalf("bob's conversations: %v", bobs)
	}
	conv := bobs[0]
	accts := conv["accounts"].([]any)
	if conv["unread"] != true || conv["last_status"].(map[string]any)["id"] != dm || len(accts) != 1 ||
		accts[0].(map[string]any)["id"] != w.ids["alice"] {
		t.Errorf("bob's conversation %v", conv)
	}
	alices := w.call(t, "alice", "GET", "/api/v1/conversations", nil).expect(t, 200).list(t)
	if len(alices) != 1 || alices[0]["unread"] != false || alices[0]["accounts"].([]any)[0].(map[string]any)["id"] != w.ids["bob"] {
		t.Errorf("alice's conversations %v", alices)
	}
	if carols := w.call(t, "carol", "GET", "/api/v1/conversations", nil).expect(t, 200).list(t); len(carols) != 0 {
		t.Errorf("carol sees someone else's conversation: %v", carols)
	}

	// A reply stays in the same conversation and becomes its last status.
	reply := w.post(t, "bob", map[string]any{"status": "@alice hi!", "visibility": "direct", "in_reply_to_id": dm})
	alices = w.call(t, "alice", "GET", "/api/v1/conversations", nil).expect(t, 200).list(t)
	if len(alices) != 1 || alices[0]["last_status"].(map[string]any)["id"] != reply || alices[0]["unread"] != true {
		t.Errorf("after the reply: %v", alices)
	}

	// Mark read: someone else's conversation id is not found.
	id := conv["id"].(string)
	w.call(t, "alice", "POST", "/api/v1/conversations/"+id+"/read", nil).expect(t, 404)
	w.call(t, "carol", "POST", "/api/v1/conversations/"+id+"/read", nil).expect(t, 404)
	read := w.call(t, "bob", "POST", "/api/v1/conversations/"+id+"/read", nil).expect(t, 200).object(t)
	if read["unread"] != false || read["id"] != id {
		t.Errorf("read conversation %v", read)
	}

	// Deleting the last status falls back to the one before.
	w.call(t, "bob", "DELETE", "/api/v1/statuses/"+reply, nil).expect(t, 200)
	bobs = w.call(t, "bob", "GET", "/api/v1/conversations", nil).expect(t, 200).list(t)
	if len(bobs) != 1 || bobs[0]["last_status"].(map[string]any)["id"] != dm {
		t.Errorf("after deleting the reply: %v", bobs)
	}

	// Remove: gone from the list, someone else's is 404, a new message brings it back.
	w.call(t, "carol", "DELETE", "/api/v1/conversations/"+id, nil).expect(t, 404)
	w.call(t, "bob", "DELETE", "/api/v1/conversations/"+id, nil).expect(t, 200)
	if bobs := w.call(t, "bob", "GET", "/api/v1/conversations", nil).expect(t, 200).list(t); len(bobs) != 0 {
		t.Errorf("removed conversation listed: %v", bobs)
	}
	w.call(t, "bob", "DELETE", "/api/v1/conversations/"+id, nil).expect(t, 404)
	again := w.post(t, "alice", map[string]any{"status": "@bob still there?", "visibility": "direct", "in_reply_to_id": dm})
	bobs = w.call(t, "bob", "GET", "/api/v1/conversations", nil).expect(t, 200).list(t)
	if len(bobs) != 1 || bobs[0]["last_status"].(map[string]any)["id"] != again {
		t.Errorf("after a new message: %v", bobs)
	}

	// Public posts and mentions make no conversation; the scope is read:statuses.
	w.post(t, "alice", map[string]any{"status": "@carol public hello"})
	if carols := w.call(t, "carol", "GET", "/api/v1/conversations", nil).expect(t, 200).list(t); len(carols) != 0 {
		t.Errorf("a public mention made a conversation: %v", carols)
	}
	w.call(t, "", "GET", "/api/v1/conversations", nil).expect(t, 401)
	w.addUser(t, "reader", "read:statuses")
	w.call(t, "reader", "POST", "/api/v1/conversations/"+id+"/read", nil).expect(t, 403)
}

func TestConversationsPagination(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	var dms []string
	for i := 0; i < 3; i++ {
		dms = append(dms, w.post(t, "alice", map[string]any{"status": "@bob thread " + string(rune('a'+i)), "visibility": "direct"}))
	}
	r := w.call(t, "bob", "GET", "/api/v1/conversations?limit=2", nil).expect(t, 200)
	page := r.list(t)
	if len(page) != 2 || page[0]["last_status"].(map[string]any)["id"] != dms[2] {
		t.Fatalf("first page %v", page)
	}
	link := r.header.Get("Link")
	if !strings.Contains(link, `rel="next"`) || !strings.Contains(link, "max_id=") {
		t.Fatalf("Link %q", link)
	}
	next := link[strings.Index(link, "<")+1 : strings.Index(link, ">")]
	u, _ := url.Parse(next)
	rest := w.call(t, "bob", "GET", "/api/v1/conversations?"+u.RawQuery, nil).expect(t, 200).list(t)
	if len(rest) != 1 || rest[0]["last_status"].(map[string]any)["id"] != dms[0] {
		t.Errorf("second page %v", rest)
	}
}

func TestStreamingConversationCarriesConversationID(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	ws := w.dial(t, w.tokens["bob"], "?stream=direct")
	dm := w.post(t, "alice", map[string]any{"status": "@bob psst", "visibility": "direct"})
	m := ws.read()
	if m.Event != "conversation" || m.statusID(t) != dm {
		t.Fatalf("got %+v", m)
	}
	list := w.call(t, "bob", "GET", "/api/v1/conversations", nil).expect(t, 200).list(t)
	if c := m.object(t); len(list) != 1 || c["id"] != list[0]["id"] || c["unread"] != true {
		t.Errorf("stream conversation %v, list %v", c, list)
	}
}

func TestStreamingAnnouncementEvents(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	ws := w.dial(t, w.tokens["bob"], "?stream=user")
	id := announce(t, w, actions.AnnouncementArgs{Text: "Hello everyone", Publish: true})
	m := ws.read()
	if m.Event != "announcement" || m.object(t)["id"] != id || m.object(t)["read"] != false {
		t.Fatalf("got %+v", m)
	}
	w.call(t, "alice", "PUT", "/api/v1/announcements/"+id+"/reactions/"+url.PathEscape("🎉"), nil).expect(t, 200)
	m = ws.read()
	if r := m.object(t); m.Event != "announcement.reaction" || r["name"] != "🎉" || r["count"] != float64(1) || r["announcement_id"] != id {
		t.Fatalf("got %+v", m)
	}
	n, _ := parseID(id)
	if err := w.in.Actions().DeleteAnnouncement(context.Background(), actions.Operator(), n); err != nil {
		t.Fatal(err)
	}
	m = ws.read()
	if m.Event != "announcement.delete" || m.Payload != id {
		t.Fatalf("got %+v", m)
	}
	// Anonymous public streams never hear of announcements.
	anon := w.dial(t, "", "?stream=public")
	announce(t, w, actions.AnnouncementArgs{Text: "again", Publish: true})
	marker := w.post(t, "alice", map[string]any{"status": "marker"})
	for _, m := range anon.until(marker) {
		t.Errorf("anonymous got %+v", m)
	}
}

func TestStreamingScheduledAnnouncement(t *testing.T) {
	w := newWorld(t, "bob")
	ws := w.dial(t, w.tokens["bob"], "?stream=user")
	// Times are stored to the millisecond, so the schedule fires on those.
	starts := time.Now().Add(1500 * time.Millisecond).Truncate(time.Millisecond)
	ends := time.Now().Add(3 * time.Second).Truncate(time.Millisecond)
	id := announce(t, w, actions.AnnouncementArgs{Text: "Soon", Publish: true, StartsAt: &starts, EndsAt: &ends})
	if list := w.call(t, "bob", "GET", "/api/v1/announcements", nil).expect(t, 200).list(t); len(list) != 0 {
		t.Fatalf("shown before its start: %v", list)
	}
	m := ws.read()
	if m.Event != "announcement" || m.object(t)["id"] != id || time.Now().Before(starts) {
		t.Fatalf("at the start: %+v", m)
	}
	m = ws.read()
	if m.Event != "announcement.delete" || m.Payload != id || time.Now().Before(ends) {
		t.Fatalf("at the end: %+v", m)
	}
}
