package mastoapi_test

import (
	"testing"
)

func TestConversationMute(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave")
	w.addUser(t, "reader", "read")
	root := w.post(t, "alice", map[string]any{"status": "what do you think?"})
	reply := w.post(t, "bob", map[string]any{"status": "@alice hmm", "in_reply_to_id": root})
	other := w.post(t, "alice", map[string]any{"status": "another thread"})
	secret := w.post(t, "bob", map[string]any{"status": "followers only", "visibility": "private"})
	notifications := func() int {
		return len(w.call(t, "alice", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t))
	}
	grouped := func() int {
		body := w.call(t, "alice", "GET", "/api/v2/notifications", nil).expect(t, 200).object(t)
		return len(body["notification_groups"].([]any))
	}
	before, beforeGrouped := notifications(), grouped()

	st := w.call(t, "alice", "POST", "/api/v1/statuses/"+reply+"/mute", nil).expect(t, 200).object(t)
	if st["muted"] != true || st["id"] != reply {
		t.Fatalf("mute answered %v", st["muted"])
	}
	flags := []struct {
		name, who, id string
		muted         bool
	}{
		{"the root of the muted thread", "alice", root, true},
		{"the reply that was muted", "alice", reply, true},
		{"another thread", "alice", other, false},
		{"another viewer of the thread", "bob", root, false},
	}
	for _, c := range flags {
		t.Run(c.name, func(t *testing.T) {
			if got := w.call(t, c.who, "GET", "/api/v1/statuses/"+c.id, nil).expect(t, 200).object(t)["muted"]; got != c.muted {
				t.Fatalf("muted = %v, want %v", got, c.muted)
			}
		})
	}

	t.Run("no notifications from the muted thread", func(t *testing.T) {
		w.post(t, "carol", map[string]any{"status": "@alice @bob me too", "in_reply_to_id": reply})
		w.call(t, "carol", "POST", "/api/v1/statuses/"+root+"/favourite", nil).expect(t, 200)
		w.call(t, "carol", "POST", "/api/v1/statuses/"+root+"/reblog", nil).expect(t, 200)
		if n, g := notifications(), grouped(); n != before || g != beforeGrouped {
			t.Fatalf("notifications %d (grouped %d), want %d (%d)", n, g, before, beforeGrouped)
		}
	})
	t.Run("other threads still notify", func(t *testing.T) {
		w.call(t, "carol", "POST", "/api/v1/statuses/"+other+"/favourite", nil).expect(t, 200)
		if n := notifications(); n != before+1 {
			t.Fatalf("notifications %d, want %d", n, before+1)
		}
	})
	t.Run("unmute lets them through again", func(t *testing.T) {
		st := w.call(t, "alice", "POST", "/api/v1/statuses/"+root+"/unmute", nil).expect(t, 200).object(t)
		if st["muted"] != false {
			t.Fatalf("unmute answered muted %v", st["muted"])
		}
		w.call(t, "dave", "POST", "/api/v1/statuses/"+root+"/favourite", nil).expect(t, 200)
		if n := notifications(); n != before+2 {
			t.Fatalf("notifications %d, want %d", n, before+2)
		}
	})

	errors := []struct {
		name, who, path string
		code            int
	}{
		{"a thread one takes no part in", "dave", "/api/v1/statuses/" + root + "/mute", 403},
		{"a status one may not see", "carol", "/api/v1/statuses/" + secret + "/mute", 404},
		{"unknown status", "alice", "/api/v1/statuses/999999/mute", 404},
		{"unknown status unmute", "alice", "/api/v1/statuses/999999/unmute", 404},
		{"anonymous", "", "/api/v1/statuses/" + root + "/mute", 401},
		{"token without write:mutes", "reader", "/api/v1/statuses/" + root + "/mute", 403},
	}
	for _, c := range errors {
		t.Run(c.name, func(t *testing.T) { w.call(t, c.who, "POST", c.path, nil).expect(t, c.code) })
	}
}
