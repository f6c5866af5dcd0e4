package mastoapi_test

import (
	"testing"
)

func TestNotifications(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol")
	w.addUser(t, "reader", "read:statuses")
	alice := w.ids["alice"]
	w.call(t, "bob", "POST", "/api/v1/accounts/"+alice+"/follow", map[string]any{"notify": true}).expect(t, 200)
	w.call(t, "carol", "POST", "/api/v1/accounts/"+alice+"/follow", nil).expect(t, 200)
	st := w.post(t, "alice", map[string]any{"status": "hello"})
	w.post(t, "bob", map[string]any{"status": "hey @alice"})
	w.call(t, "bob", "POST", "/api/v1/statuses/"+st+"/favourite", nil).expect(t, 200)
	w.call(t, "carol", "POST", "/api/v1/statuses/"+st+"/favourite", nil).expect(t, 200)
	w.call(t, "bob", "POST", "/api/v1/statuses/"+st+"/reblog", nil).expect(t, 200)

	all := w.call(t, "alice", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t)
	var types []string
	for _, n := range all {
		types = append(types, n["type"].(string))
	}
	want := "reblog,favourite,favourite,mention,follow,follow"
	if joined(types) != want {
		t.Errorf("types = %v, want %s", types, want)
	}
	bobs := w.call(t, "bob", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t)
	if len(bobs) != 1 || bobs[0]["type"] != "status" {
		t.Errorf("bob (notify=true) got %v", bobs)
	}

	favs := w.call(t, "alice", "GET", "/api/v1/notifications?types[]=favourite", nil).expect(t, 200).list(t)
	noFollows := w.call(t, "alice", "GET", "/api/v1/notifications?exclude_types[]=follow&exclude_types[]=favourite", nil).expect(t, 200).list(t)
	fromCarol := w.call(t, "alice", "GET", "/api/v1/notifications?account_id="+w.ids["carol"], nil).expect(t, 200).list(t)
	if len(favs) != 2 || len(noFollows) != 2 || len(fromCarol) != 2 {
		t.Errorf("filters: favourites %d, exclude %d, from carol %d", len(favs), len(noFollows), len(fromCarol))
	}

	grouped := w.call(t, "alice", "GET", "/api/v2/notifications", nil).expect(t, 200).object(t)
	groups := grouped["notification_groups"].([]any)
	if len(groups) != 4 {
		t.Fatalf("groups = %v", groups)
	}
	fav := groups[1].(map[string]any)
	if fav["type"] != "favourite" || fav["notifications_count"] != 2.0 || len(fav["sample_account_ids"].([]any)) != 2 || fav["status_id"] != st {
		t.Errorf("favourite group = %v", fav)
	}
	follows := groups[3].(map[string]any)
	if follows["type"] != "follow" || follows["notifications_count"] != 2.0 {
		t.Errorf("follow group = %v", follows)
	}
	if len(grouped["accounts"].([]any)) != 2 || len(grouped["statuses"].([]any)) != 2 {
		t.Errorf("grouped accounts/statuses: %d %d", len(grouped["accounts"].([]any)), len(grouped["statuses"].([]any)))
	}

	id := all[0]["id"].(string)
	w.call(t, "alice", "GET", "/api/v1/notifications/"+id, nil).expect(t, 200)
	w.call(t, "bob", "GET", "/api/v1/notifications/"+id, nil).expect(t, 404)
	w.call(t, "bob", "POST", "/api/v1/notifications/"+id+"/dismiss", nil).expect(t, 404)
	w.call(t, "alice", "POST", "/api/v1/notifications/"+id+"/dismiss", nil).expect(t, 200)
	w.call(t, "alice", "GET", "/api/v1/notifications/"+id, nil).expect(t, 404)
	w.call(t, "reader", "GET", "/api/v1/notifications", nil).expect(t, 403)
	w.call(t, "alice", "POST", "/api/v1/notifications/clear", nil).expect(t, 200)
	if left := w.call(t, "alice", "GET", "/api/v1/notifications", nil).list(t); len(left) != 0 {
		t.Errorf("after clear: %v", left)
	}

	// Unfavouriting takes the notification back.
	w.post(t, "alice", map[string]any{"status": "again"})
	w.call(t, "carol", "POST", "/api/v1/statuses/"+st+"/unfavourite", nil).expect(t, 200)
	if left := w.call(t, "alice", "GET", "/api/v1/notifications?types[]=favourite", nil).list(t); len(left) != 0 {
		t.Errorf("favourite notification survived unfavourite: %v", left)
	}
}

func joined(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}
