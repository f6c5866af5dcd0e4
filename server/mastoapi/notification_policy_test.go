package mastoapi_test

import (
	"context"
	"testing"
	"time"

	"roost/store"
)

// backdate moves a row's created_at into the past, for the age rules.
func (w *world) backdate(t *testing.T, query string, args ...any) {
	t.Helper()
	old := store.Millis(time.Now().Add(-40 * 24 * time.Hour))
	err := w.in.DB.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), query, append([]any{old}, args...)...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (w *world) setPolicy(t *testing.T, who string, fields map[string]any) map[string]any {
	t.Helper()
	return w.call(t, who, "PATCH", "/api/v2/notifications/policy", fields).expect(t, 200).object(t)
}

// mentionedBy reports whether who's v1 notifications hold a mention of status.
func (w *world) mentionedBy(t *testing.T, who, status, query string) bool {
	t.Helper()
	for _, n := range w.call(t, who, "GET", "/api/v1/notifications"+query, nil).expect(t, 200).list(t) {
		if s, ok := n["status"].(map[string]any); ok && n["type"] == "mention" && s["id"] == status {
			return true
		}
	}
	return false
}

func TestNotificationPolicyDefaultsAndUpdate(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	w.addUser(t, "reader", "read:notifications")
	got := w.call(t, "alice", "GET", "/api/v2/notifications/policy", nil).expect(t, 200).object(t)
	want := map[string]string{"for_not_following": "accept", "for_not_followers": "accept", "for_new_accounts": "accept",
		"for_private_mentions": "filter", "for_limited_accounts": "filter"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("default %s = %v, want %s", k, got[k], v)
		}
	}
	summary := got["summary"].(map[string]any)
	if summary["pending_requests_count"] != 0.0 || summary["pending_notifications_count"] != 0.0 {
		t.Errorf("summary = %v", summary)
	}
	v1 := w.call(t, "alice", "GET", "/api/v1/notifications/policy", nil).expect(t, 200).object(t)
	if v1["filter_private_mentions"] != true || v1["filter_not_following"] != false {
		t.Errorf("v1 = %v", v1)
	}

	got = w.setPolicy(t, "alice", map[string]any{"for_not_following": "drop", "for_new_accounts": "filter"})
	if got["for_not_following"] != "drop" || got["for_new_accounts"] != "filter" || got["for_private_mentions"] != "filter" {
		t.Errorf("after PATCH: %v", got)
	}
	if again := w.call(t, "alice", "GET", "/api/v2/notifications/policy", nil).object(t); again["for_not_following"] != "drop" {
		t.Errorf("PATCH not kept: %v", again)
	}
	for name, body := range map[string]map[string]any{
		"unknown verdict": {"for_not_followers": "maybe"},
		"empty verdict":   {"for_limited_accounts": ""},
	} {
		t.Run(name, func(t *testing.T) {
			r := w.call(t, "alice", "PATCH", "/api/v2/notifications/policy", body).expect(t, 422)
			if r.object(t)["error"] == nil {
				t.Errorf("no error body: %s", r.body)
			}
		})
	}
	w.call(t, "reader", "PATCH", "/api/v2/notifications/policy", map[string]any{"for_not_following": "accept"}).expect(t, 403)
	w.call(t, "reader", "GET", "/api/v2/notifications/policy", nil).expect(t, 200)
}

// TestNotificationPolicyRules: each rule holds back what it names and lets
// the rest through.
func TestNotificationPolicyRules(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "friend", "fan")
	w.follow(t, "alice", "friend")
	w.follow(t, "fan", "alice")
	w.backdate(t, "UPDATE accounts SET created_at = ? WHERE username IN ('friend', 'fan')")
	w.backdate(t, "UPDATE follows SET created_at = ?")

	cases := []struct {
		name     string
		policy   map[string]any
		who      string
		text     string
		vis      string
		filtered bool
	}{
		{"not following: stranger held", map[string]any{"for_not_following": "filter"}, "bob", "hi", "public", true},
		{"not following: followed passes", map[string]any{"for_not_following": "filter"}, "friend", "hi", "public", false},
		{"not followers: stranger held", map[string]any{"for_not_followers": "filter"}, "bob", "hi", "public", true},
		{"not followers: old follower passes", map[string]any{"for_not_followers": "filter"}, "fan", "hi", "public", false},
		{"new accounts: new held", map[string]any{"for_new_accounts": "filter"}, "bob", "hi", "public", true},
		{"new accounts: old passes", map[string]any{"for_new_accounts": "filter"}, "fan", "hi", "public", false},
		{"private mention: stranger held", nil, "bob", "psst", "direct", true},
		{"private mention: followed passes", nil, "friend", "psst", "direct", false},
		{"private mention: public mention passes", nil, "bob", "hi", "public", false},
		{"accept: everything passes", map[string]any{"for_private_mentions": "accept"}, "bob", "psst", "direct", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reset := map[string]any{"for_not_following": "accept", "for_not_followers": "accept", "for_new_accounts": "accept",
				"for_private_mentions": "filter", "for_limited_accounts": "filter"}
			for k, v := range c.policy {
				reset[k] = v
			}
			w.setPolicy(t, "alice", reset)
			st := w.post(t, c.who, map[string]any{"status": "@alice " + c.text, "visibility": c.vis})
			if got := w.mentionedBy(t, "alice", st, ""); got == c.filtered {
				t.Errorf("in the list = %v, want %v", got, !c.filtered)
			}
			if !w.mentionedBy(t, "alice", st, "?include_filtered=true") {
				t.Error("include_filtered=true misses it")
			}
		})
	}
}

// TestFilteredNotificationsStayOut: a held-back notification is in no list,
// count or stream, and waits in its sender's request until accepted or
// dismissed; drop stores nothing.
func TestFilteredNotificationsStayOut(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave", "friend")
	w.follow(t, "alice", "friend")
	w.setPolicy(t, "alice", map[string]any{"for_not_following": "filter"})
	w.call(t, "alice", "POST", "/api/v1/markers", map[string]any{"notifications": map[string]any{"last_read_id": "1"}}).expect(t, 200)
	sock := w.dial(t, w.tokens["alice"], "?stream=user:notification")

	first := w.post(t, "bob", map[string]any{"status": "@alice spam one"})
	w.call(t, "bob", "POST", "/api/v1/statuses/"+first+"/favourite", nil).expect(t, 200) // own status: no notification
	second := w.post(t, "bob", map[string]any{"status": "@alice spam two"})
	w.post(t, "carol", map[string]any{"status": "@alice spam three"})
	marker := w.post(t, "friend", map[string]any{"status": "@alice real"})

	t.Run("not streamed", func(t *testing.T) {
		m := sock.read()
		if m.Event != "notification" || m.object(t)["status"].(map[string]any)["id"] != marker {
			t.Errorf("first streamed notification is %s %s, want the friend's", m.Event, m.Payload)
		}
	})
	t.Run("not listed", func(t *testing.T) {
		list := w.call(t, "alice", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t)
		if len(list) != 1 {
			t.Errorf("v1 list has %d, want only the friend's", len(list))
		}
		groups := w.call(t, "alice", "GET", "/api/v2/notifications", nil).expect(t, 200).object(t)["notification_groups"].([]any)
		if len(groups) != 1 {
			t.Errorf("v2 groups = %d, want 1", len(groups))
		}
		if n := len(w.call(t, "alice", "GET", "/api/v1/notifications?include_filtered=true", nil).list(t)); n != 4 {
			t.Errorf("include_filtered lists %d, want 4", n)
		}
	})
	t.Run("not counted", func(t *testing.T) {
		for _, path := range []string{"/api/v1/notifications/unread_count", "/api/v2/notifications/unread_count"} {
			if n := w.call(t, "alice", "GET", path, nil).expect(t, 200).object(t)["count"]; n != 1.0 {
				t.Errorf("%s = %v, want 1", path, n)
			}
		}
	})
	var bobsRequest, carolsRequest string
	t.Run("gathered in requests", func(t *testing.T) {
		summary := w.call(t, "alice", "GET", "/api/v2/notifications/policy", nil).object(t)["summary"].(map[string]any)
		if summary["pending_requests_count"] != 2.0 || summary["pending_notifications_count"] != 3.0 {
			t.Errorf("summary = %v", summary)
		}
		r := w.call(t, "alice", "GET", "/api/v1/notifications/requests?limit=1", nil).expect(t, 200)
		page := r.list(t)
		if len(page) != 1 || page[0]["account"].(map[string]any)["id"] != w.ids["carol"] {
			t.Fatalf("first page = %v", page)
		}
		carolsRequest = page[0]["id"].(string)
		next := w.call(t, "alice", "GET", nextLink(t, r), nil).expect(t, 200).list(t)
		if len(next) != 1 || next[0]["account"].(map[string]any)["id"] != w.ids["bob"] {
			t.Fatalf("second page = %v", next)
		}
		bobsRequest = next[0]["id"].(string)
		one := w.call(t, "alice", "GET", "/api/v1/notifications/requests/"+bobsRequest, nil).expect(t, 200).object(t)
		if one["notifications_count"] != "2" || one["last_status"].(map[string]any)["id"] != second {
			t.Errorf("bob's request = %v", one)
		}
		w.call(t, "bob", "GET", "/api/v1/notifications/requests/"+bobsRequest, nil).expect(t, 404)
		w.call(t, "bob", "POST", "/api/v1/notifications/requests/"+bobsRequest+"/accept", nil).expect(t, 404)
	})
	t.Run("accept moves them in and lets the sender through", func(t *testing.T) {
		w.call(t, "alice", "POST", "/api/v1/notifications/requests/"+bobsRequest+"/accept", nil).expect(t, 200)
		if !w.mentionedBy(t, "alice", first, "") || !w.mentionedBy(t, "alice", second, "") {
			t.Error("accepted notifications are not listed")
		}
		third := w.post(t, "bob", map[string]any{"status": "@alice now welcome"})
		if !w.mentionedBy(t, "alice", third, "") {
			t.Error("bob is still filtered after accept")
		}
		w.call(t, "alice", "GET", "/api/v1/notifications/requests/"+bobsRequest, nil).expect(t, 404)
		w.call(t, "alice", "GET", "/api/v1/notifications/requests/merged", nil).expect(t, 200)
	})
	t.Run("dismiss drops them", func(t *testing.T) {
		w.call(t, "alice", "POST", "/api/v1/notifications/requests/"+carolsRequest+"/dismiss", nil).expect(t, 200)
		w.call(t, "alice", "POST", "/api/v1/notifications/requests/"+carolsRequest+"/dismiss", nil).expect(t, 404)
		if n := len(w.call(t, "alice", "GET", "/api/v1/notifications/requests", nil).list(t)); n != 0 {
			t.Errorf("%d requests left", n)
		}
		if n := len(w.call(t, "alice", "GET", "/api/v1/notifications?include_filtered=true&account_id="+w.ids["carol"], nil).list(t)); n != 0 {
			t.Errorf("carol's dismissed notifications still there: %d", n)
		}
	})
	t.Run("bulk accept and dismiss", func(t *testing.T) {
		w.post(t, "carol", map[string]any{"status": "@alice again"})
		w.post(t, "dave", map[string]any{"status": "@alice hello"})
		list := w.call(t, "alice", "GET", "/api/v1/notifications/requests", nil).list(t)
		if len(list) != 2 {
			t.Fatalf("requests = %v", list)
		}
		w.call(t, "alice", "POST", "/api/v1/notifications/requests/accept", map[string]any{"id": []string{list[0]["id"].(string), "999"}}).expect(t, 200)
		w.call(t, "alice", "POST", "/api/v1/notifications/requests/dismiss", map[string]any{"id": []string{list[1]["id"].(string)}}).expect(t, 200)
		if n := len(w.call(t, "alice", "GET", "/api/v1/notifications/requests", nil).list(t)); n != 0 {
			t.Errorf("%d requests left", n)
		}
	})
	t.Run("a blocked sender's request is hidden", func(t *testing.T) {
		w.addUser(t, "zed")
		w.post(t, "zed", map[string]any{"status": "@alice buy now"})
		if n := len(w.call(t, "alice", "GET", "/api/v1/notifications/requests", nil).list(t)); n != 1 {
			t.Fatalf("%d requests, want zed's", n)
		}
		w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["zed"]+"/block", nil).expect(t, 200)
		if n := len(w.call(t, "alice", "GET", "/api/v1/notifications/requests", nil).list(t)); n != 0 {
			t.Errorf("zed's request still listed after the block")
		}
		summary := w.call(t, "alice", "GET", "/api/v2/notifications/policy", nil).object(t)["summary"].(map[string]any)
		if summary["pending_requests_count"] != 0.0 || summary["pending_notifications_count"] != 0.0 {
			t.Errorf("summary counts a blocked sender: %v", summary)
		}
	})
	t.Run("drop stores nothing", func(t *testing.T) {
		w.addUser(t, "eve")
		w.setPolicy(t, "alice", map[string]any{"for_not_following": "drop"})
		st := w.post(t, "eve", map[string]any{"status": "@alice dropped"})
		if w.mentionedBy(t, "alice", st, "?include_filtered=true") {
			t.Error("a dropped notification was stored")
		}
		if n := len(w.call(t, "alice", "GET", "/api/v1/notifications/requests", nil).list(t)); n != 0 {
			t.Errorf("drop made %d requests", n)
		}
	})
}
