package mastoapi_test

import (
	"net/url"
	"strings"
	"testing"
)

func TestListsCRUD(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol")
	bob, carol := w.ids["bob"], w.ids["carol"]
	w.call(t, "alice", "POST", "/api/v1/accounts/"+bob+"/follow", nil).expect(t, 200)

	l := w.call(t, "alice", "POST", "/api/v1/lists", map[string]any{"title": "Friends"}).expect(t, 200).object(t)
	id := l["id"].(string)
	if l["title"] != "Friends" || l["replies_policy"] != "list" || l["exclusive"] != false {
		t.Errorf("new list = %v", l)
	}
	cases := []struct {
		name, who, method, path string
		body                    any
		code                    int
	}{
		{"blank title", "alice", "POST", "/api/v1/lists", map[string]any{"title": "  "}, 422},
		{"bad replies policy", "alice", "POST", "/api/v1/lists", map[string]any{"title": "x", "replies_policy": "all"}, 422},
		{"another's list", "bob", "GET", "/api/v1/lists/" + id, nil, 404},
		{"rename another's", "bob", "PUT", "/api/v1/lists/" + id, map[string]any{"title": "mine"}, 404},
		{"delete another's", "bob", "DELETE", "/api/v1/lists/" + id, nil, 404},
		{"another's members", "bob", "GET", "/api/v1/lists/" + id + "/accounts", nil, 404},
		{"another's timeline", "bob", "GET", "/api/v1/timelines/list/" + id, nil, 404},
		{"list a non-followed account", "alice", "POST", "/api/v1/lists/" + id + "/accounts", map[string]any{"account_ids": []string{carol}}, 422},
		{"no accounts", "alice", "POST", "/api/v1/lists/" + id + "/accounts", map[string]any{}, 422},
		{"malformed id", "alice", "GET", "/api/v1/lists/abc", nil, 404},
		{"anonymous", "", "GET", "/api/v1/lists", nil, 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { w.call(t, tc.who, tc.method, tc.path, tc.body).expect(t, tc.code) })
	}

	l = w.call(t, "alice", "PUT", "/api/v1/lists/"+id, url.Values{"title": {"Close friends"}, "replies_policy": {"none"}, "exclusive": {"true"}}).expect(t, 200).object(t)
	if l["title"] != "Close friends" || l["replies_policy"] != "none" || l["exclusive"] != true {
		t.Errorf("updated list = %v", l)
	}
	w.call(t, "alice", "POST", "/api/v1/lists/"+id+"/accounts", url.Values{"account_ids[]": {bob}}).expect(t, 200)
	members := w.call(t, "alice", "GET", "/api/v1/lists/"+id+"/accounts", nil).expect(t, 200).list(t)
	if strings.Join(ids(members), ",") != bob {
		t.Errorf("members = %v, want bob", ids(members))
	}
	lists := w.call(t, "alice", "GET", "/api/v1/accounts/"+bob+"/lists", nil).expect(t, 200).list(t)
	if len(lists) != 1 || lists[0]["id"] != id {
		t.Errorf("bob's lists = %v", lists)
	}
	if got := w.call(t, "alice", "GET", "/api/v1/lists", nil).expect(t, 200).list(t); len(got) != 1 {
		t.Errorf("lists = %v", got)
	}
	w.call(t, "alice", "DELETE", "/api/v1/lists/"+id+"/accounts", url.Values{"account_ids[]": {bob}}).expect(t, 200)
	if got := w.call(t, "alice", "GET", "/api/v1/lists/"+id+"/accounts", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Errorf("members after removal = %v", ids(got))
	}
	w.call(t, "alice", "POST", "/api/v1/lists/"+id+"/accounts", map[string]any{"account_ids": []string{bob}}).expect(t, 200)
	// Unfollowing takes the account off the owner's lists.
	w.call(t, "alice", "POST", "/api/v1/accounts/"+bob+"/unfollow", nil).expect(t, 200)
	if got := w.call(t, "alice", "GET", "/api/v1/lists/"+id+"/accounts", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Errorf("members after unfollow = %v", ids(got))
	}
	w.call(t, "alice", "DELETE", "/api/v1/lists/"+id, nil).expect(t, 200)
	w.call(t, "alice", "GET", "/api/v1/lists/"+id, nil).expect(t, 404)
}

func TestListTimelineAndExclusive(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave")
	bob, carol := w.ids["bob"], w.ids["carol"]
	for _, who := range []string{bob, carol} {
		w.call(t, "alice", "POST", "/api/v1/accounts/"+who+"/follow", nil).expect(t, 200)
	}
	id := w.call(t, "alice", "POST", "/api/v1/lists", map[string]any{"title": "Bob", "replies_policy": "list"}).expect(t, 200).object(t)["id"].(string)
	w.call(t, "alice", "POST", "/api/v1/lists/"+id+"/accounts", map[string]any{"account_ids": []string{bob}}).expect(t, 200)

	first := w.post(t, "bob", map[string]any{"status": "one"})
	second := w.post(t, "bob", map[string]any{"status": "two"})
	byCarol := w.post(t, "carol", map[string]any{"status": "carol's"})
	daves := w.post(t, "dave", map[string]any{"status": "dave's"})
	replyToDave := w.post(t, "bob", map[string]any{"status": "@dave hi", "in_reply_to_id": daves})
	replyToAlice := w.post(t, "bob", map[string]any{"status": "@alice hi", "in_reply_to_id": w.post(t, "alice", map[string]any{"status": "mine"})})

	r := w.call(t, "alice", "GET", "/api/v1/timelines/list/"+id+"?limit=2", nil).expect(t, 200)
	got := ids(r.list(t))
	if strings.Join(got, ",") != replyToAlice+","+second {
		t.Errorf("list page = %v, want reply to alice then second (no reply to dave %s, nothing of carol %s)", got, replyToDave, byCarol)
	}
	if link := r.header.Get("Link"); !strings.Contains(link, "max_id="+second) || !strings.Contains(link, `rel="next"`) {
		t.Errorf("Link = %q", link)
	}
	next := ids(w.call(t, "alice", "GET", "/api/v1/timelines/list/"+id+"?max_id="+second, nil).expect(t, 200).list(t))
	if strings.Join(next, ",") != first {
		t.Errorf("next page = %v, want %s", next, first)
	}

	home := w.call(t, "alice", "GET", "/api/v1/timelines/home", nil).expect(t, 200).list(t)
	if !containsID(home, first) {
		t.Errorf("a non-exclusive list's member left home")
	}
	w.call(t, "alice", "PUT", "/api/v1/lists/"+id, map[string]any{"exclusive": true}).expect(t, 200)
	home = w.call(t, "alice", "GET", "/api/v1/timelines/home", nil).expect(t, 200).list(t)
	if containsID(home, first) || containsID(home, second) || !containsID(home, byCarol) {
		t.Errorf("exclusive list: home = %v, want carol's %s and none of bob's", ids(home), byCarol)
	}
}

// Each replies policy keeps replies to the owner and drops replies to
// strangers; they differ on replies to followed accounts off the list.
func TestListRepliesPolicy(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave")
	w.follow(t, "alice", "bob")
	w.follow(t, "alice", "carol")
	plain := w.post(t, "bob", map[string]any{"status": "plain"})
	toOwner := w.post(t, "bob", map[string]any{"status": "@alice hi", "in_reply_to_id": w.post(t, "alice", map[string]any{"status": "a"})})
	toFollowed := w.post(t, "bob", map[string]any{"status": "@carol hi", "in_reply_to_id": w.post(t, "carol", map[string]any{"status": "c"})})
	toStranger := w.post(t, "bob", map[string]any{"status": "@dave hi", "in_reply_to_id": w.post(t, "dave", map[string]any{"status": "d"})})
	toSelf := w.post(t, "bob", map[string]any{"status": "more", "in_reply_to_id": plain})
	for _, tc := range []struct {
		policy string
		want   []string
	}{
		{"none", []string{toSelf, toOwner, plain}},
		{"list", []string{toSelf, toOwner, plain}},
		{"followed", []string{toSelf, toFollowed, toOwner, plain}},
	} {
		t.Run(tc.policy, func(t *testing.T) {
			id := w.call(t, "alice", "POST", "/api/v1/lists", map[string]any{"title": tc.policy, "replies_policy": tc.policy}).expect(t, 200).object(t)["id"].(string)
			w.call(t, "alice", "POST", "/api/v1/lists/"+id+"/accounts", map[string]any{"account_ids": []string{w.ids["bob"]}}).expect(t, 200)
			got := ids(w.call(t, "alice", "GET", "/api/v1/timelines/list/"+id, nil).expect(t, 200).list(t))
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("got %v, want %v (reply to a stranger: %s)", got, tc.want, toStranger)
			}
		})
	}
}

// TestListHoldsRequestedAccounts: as in Mastodon, an account one has asked
// to follow may be listed at once (a CSV import of lists relies on it); a
// request accepted keeps it listed, one refused or withdrawn takes it off.
func TestListHoldsRequestedAccounts(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave")
	for _, name := range []string{"bob", "carol", "dave"} {
		w.call(t, name, "PATCH", "/api/v1/accounts/update_credentials", map[string]any{"locked": true}).expect(t, 200)
		rel := w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids[name]+"/follow", nil).expect(t, 200).object(t)
		if rel["requested"] != true {
			t.Fatalf("follow of locked %s: %v", name, rel)
		}
	}
	id := w.call(t, "alice", "POST", "/api/v1/lists", map[string]any{"title": "Pending"}).expect(t, 200).object(t)["id"].(string)
	w.call(t, "alice", "POST", "/api/v1/lists/"+id+"/accounts",
		map[string]any{"account_ids": []string{w.ids["bob"], w.ids["carol"], w.ids["dave"]}}).expect(t, 200)

	w.call(t, "bob", "POST", "/api/v1/follow_requests/"+w.ids["alice"]+"/authorize", nil).expect(t, 200)
	w.call(t, "carol", "POST", "/api/v1/follow_requests/"+w.ids["alice"]+"/reject", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["dave"]+"/unfollow", nil).expect(t, 200)

	members := w.call(t, "alice", "GET", "/api/v1/lists/"+id+"/accounts", nil).expect(t, 200).list(t)
	if got := strings.Join(ids(members), ","); got != w.ids["bob"] {
		t.Errorf("members = %v, want only bob (accepted); carol refused and dave withdrawn", got)
	}
}
