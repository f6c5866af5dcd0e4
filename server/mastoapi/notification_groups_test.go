package mastoapi_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestNotificationGroups checks that a group counts all its members
// whatever the page size, shows once across pages, and that the group
// endpoints and unread counts agree with it.
func TestNotificationGroups(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "f1", "f2", "f3", "f4")
	st := w.post(t, "alice", map[string]any{"status": "favourite me"})
	for _, who := range []string{"f1", "f2", "f3"} {
		w.call(t, who, "POST", "/api/v1/statuses/"+st+"/favourite", nil).expect(t, 200)
		w.post(t, who, map[string]any{"status": "hi @alice"})
	}
	w.call(t, "f4", "POST", "/api/v1/statuses/"+st+"/favourite", nil).expect(t, 200)
	// Newest first: fav group (f4 newest), mention f3, mention f2, mention f1.
	top := w.call(t, "alice", "GET", "/api/v2/notifications?limit=1", nil).expect(t, 200).object(t)["notification_groups"].([]any)[0].(map[string]any)
	favKey := top["group_key"].(string)
	if !strings.HasPrefix(favKey, "favourite-"+st+"-") {
		t.Fatalf("favourite group key %q, want favourite-<status>-<hour>", favKey)
	}

	var keys []string
	path := "/api/v2/notifications?limit=1"
	for path != "" && len(keys) < 10 {
		r := w.call(t, "alice", "GET", path, nil).expect(t, 200)
		groups := r.object(t)["notification_groups"].([]any)
		if len(groups) == 0 {
			break
		}
		g := groups[0].(map[string]any)
		keys = append(keys, g["group_key"].(string))
		if g["group_key"] == favKey {
			if g["notifications_count"] != 4.0 || len(g["sample_account_ids"].([]any)) != 4 {
				t.Errorf("favourite group on a page of one: %v", g)
			}
		}
		path = nextLink(t, r)
		// Paging on from page_min_id, as Mastodon's web app does, asks for the same page.
		if path != "" {
			byLink := w.call(t, "alice", "GET", path, nil).expect(t, 200).body
			byMin := w.call(t, "alice", "GET", "/api/v2/notifications?limit=1&max_id="+g["page_min_id"].(string), nil).expect(t, 200).body
			if string(byLink) != string(byMin) {
				t.Errorf("next page by Link and by page_min_id differ:\n%s\n%s", byLink, byMin)
			}
		}
	}
	if len(keys) != 4 || keys[0] != favKey {
		t.Errorf("groups across pages: %v", keys)
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			t.Errorf("group %s shown twice", k)
		}
		seen[k] = true
	}

	one := w.call(t, "alice", "GET", "/api/v2/notifications/"+favKey, nil).expect(t, 200).object(t)
	if g := one["notification_groups"].([]any); len(g) != 1 || g[0].(map[string]any)["notifications_count"] != 4.0 {
		t.Errorf("group by key: %v", one)
	}
	if st := one["statuses"].([]any); len(st) != 1 {
		t.Errorf("group by key statuses: %v", st)
	}
	accts := w.call(t, "alice", "GET", "/api/v2/notifications/"+favKey+"/accounts", nil).expect(t, 200).list(t)
	if got := ids(accts); len(got) != 4 || got[0] != w.ids["f4"] {
		t.Errorf("group accounts %v", got)
	}
	w.call(t, "f1", "GET", "/api/v2/notifications/"+favKey, nil).expect(t, 404)
	w.call(t, "alice", "GET", "/api/v2/notifications/nothing-here/accounts", nil).expect(t, 404)

	// Favourites not grouped: each stands alone.
	ungrouped := w.call(t, "alice", "GET", "/api/v2/notifications?grouped_types[]=follow", nil).expect(t, 200).object(t)
	if n := len(ungrouped["notification_groups"].([]any)); n != 7 {
		t.Errorf("with favourites ungrouped: %d groups, want 7", n)
	}

	count := func(path string) float64 {
		return w.call(t, "alice", "GET", path, nil).expect(t, 200).object(t)["count"].(float64)
	}
	if n := count("/api/v1/notifications/unread_count"); n != 7 {
		t.Errorf("unread before marker: %v", n)
	}
	if n := count("/api/v2/notifications/unread_count"); n != 4 {
		t.Errorf("unread groups before marker: %v", n)
	}
	if n := count("/api/v1/notifications/unread_count?limit=2"); n != 2 {
		t.Errorf("unread with limit: %v", n)
	}
	list := w.call(t, "alice", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t)
	// Read up to the third newest (f3's favourite): f4's favourite and f3's mention stay unread.
	w.call(t, "alice", "POST", "/api/v1/markers", url.Values{"notifications[last_read_id]": {list[2]["id"].(string)}}).expect(t, 200)
	if n := count("/api/v1/notifications/unread_count"); n != 2 {
		t.Errorf("unread after marker: %v", n)
	}
	if n := count("/api/v1/notifications/unread_count?types[]=favourite"); n != 1 {
		t.Errorf("unread favourites after marker: %v", n)
	}

	w.call(t, "alice", "POST", "/api/v2/notifications/"+favKey+"/dismiss", nil).expect(t, 200)
	w.call(t, "alice", "GET", "/api/v2/notifications/"+favKey, nil).expect(t, 404)
	w.call(t, "alice", "POST", "/api/v2/notifications/"+favKey+"/dismiss", nil).expect(t, 404)
}
