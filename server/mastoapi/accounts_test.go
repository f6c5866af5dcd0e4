package mastoapi_test

import (
	"net/url"
	"strings"
	"testing"
)

func TestAccountEntity(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	w.post(t, "alice", map[string]any{"status": "hello"})
	a := w.call(t, "", "GET", "/api/v1/accounts/"+w.ids["alice"], nil).expect(t, 200).object(t)
	for _, key := range []string{"id", "username", "acct", "display_name", "locked", "bot", "discoverable", "group", "created_at",
		"note", "url", "uri", "avatar", "avatar_static", "header", "header_static", "followers_count", "following_count",
		"statuses_count", "last_status_at", "emojis", "fields", "hide_collections", "indexable", "noindex", "roles", "moved"} {
		if _, ok := a[key]; !ok {
			t.Errorf("account lacks %q", key)
		}
	}
	if !strings.HasSuffix(a["created_at"].(string), "T00:00:00.000Z") {
		t.Errorf("created_at = %v, want midnight", a["created_at"])
	}
	if a["statuses_count"] != 1.0 || a["last_status_at"] == nil {
		t.Errorf("counts = %v %v", a["statuses_count"], a["last_status_at"])
	}
	avatar := w.call(t, "", "GET", strings.TrimPrefix(a["avatar"].(string), w.in.URL), nil).expect(t, 200)
	if avatar.header.Get("Content-Type") != "image/png" {
		t.Errorf("avatar content type %q", avatar.header.Get("Content-Type"))
	}
	w.call(t, "", "GET", "/api/v1/accounts/12345", nil).expect(t, 404)
	w.call(t, "", "GET", "/api/v1/accounts/nope", nil).expect(t, 404)
}

func TestVerifyAndUpdateCredentials(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	w.addUser(t, "reader", "read")
	me := w.call(t, "alice", "GET", "/api/v1/accounts/verify_credentials", nil).expect(t, 200).object(t)
	if src, ok := me["source"].(map[string]any); !ok || src["privacy"] != "public" {
		t.Fatalf("source = %v", me["source"])
	}
	w.call(t, "", "GET", "/api/v1/accounts/verify_credentials", nil).expect(t, 401)

	form := url.Values{"display_name": {"Alice A."}, "note": {"hi #there"}, "locked": {"true"}, "hide_collections": {"1"},
		"fields_attributes[0][name]": {"site"}, "fields_attributes[0][value]": {"<b>x</b>"}, "source[privacy]": {"unlisted"}}
	got := w.call(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", form).expect(t, 200).object(t)
	if got["display_name"] != "Alice A." || got["locked"] != true || got["hide_collections"] != true {
		t.Errorf("after form update: %v", got)
	}
	fields := got["fields"].([]any)
	if len(fields) != 1 || fields[0].(map[string]any)["value"] != "&lt;b&gt;x&lt;/b&gt;" {
		t.Errorf("fields = %v", fields)
	}
	src := got["source"].(map[string]any)
	if src["privacy"] != "unlisted" || src["note"] != "hi #there" {
		t.Errorf("source = %v", src)
	}
	got = w.call(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", map[string]any{
		"bot": true, "fields_attributes": []map[string]string{{"name": "a", "value": "1"}, {"name": "b", "value": "2"}},
		"source": map[string]any{"language": "de", "sensitive": true},
	}).expect(t, 200).object(t)
	src = got["source"].(map[string]any)
	if got["bot"] != true || len(got["fields"].([]any)) != 2 || src["language"] != "de" || src["sensitive"] != true {
		t.Errorf("after JSON update: %v", got)
	}
	// The default privacy now applies to new posts.
	st := w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "x"}).expect(t, 200).object(t)
	if st["visibility"] != "unlisted" || st["language"] != "de" {
		t.Errorf("defaults not applied: %v %v", st["visibility"], st["language"])
	}

	tests := []struct {
		name string
		who  string
		body any
		code int
	}{
		{"too many fields", "alice", map[string]any{"fields_attributes": []map[string]string{{"name": "1"}, {"name": "2"}, {"name": "3"}, {"name": "4"}, {"name": "5"}}}, 422},
		{"long display name", "alice", map[string]any{"display_name": strings.Repeat("n", 31)}, 422},
		{"bad privacy", "alice", map[string]any{"source": map[string]any{"privacy": "direct"}}, 422},
		{"missing scope", "reader", map[string]any{"display_name": "x"}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.call(t, tt.who, "PATCH", "/api/v1/accounts/update_credentials", tt.body).expect(t, tt.code)
		})
	}
}

func TestLookupAndSearch(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "alfred", "bob")
	for _, acct := range []string{"alice", "@alice", "ALICE", "alice@" + w.in.Host} {
		got := w.call(t, "", "GET", "/api/v1/accounts/lookup?acct="+url.QueryEscape(acct), nil).expect(t, 200).object(t)
		if got["id"] != w.ids["alice"] {
			t.Errorf("lookup %q = %v", acct, got["id"])
		}
	}
	w.call(t, "", "GET", "/api/v1/accounts/lookup?acct=nobody", nil).expect(t, 404)
	w.call(t, "", "GET", "/api/v1/accounts/lookup?acct=alice@elsewhere.example", nil).expect(t, 404)
	found := w.call(t, "bob", "GET", "/api/v1/accounts/search?q=al", nil).expect(t, 200).list(t)
	if len(found) != 2 {
		t.Errorf("search al = %v", ids(found))
	}
	if found := w.call(t, "bob", "GET", "/api/v1/accounts/search?q=%25", nil).expect(t, 200).list(t); len(found) != 0 {
		t.Errorf("search %% matched %v", ids(found))
	}
	w.call(t, "", "GET", "/api/v1/accounts/search?q=al", nil).expect(t, 401)
}

func TestFollowGraph(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol")
	w.addUser(t, "reader", "read")
	alice, bob, carol := w.ids["alice"], w.ids["bob"], w.ids["carol"]

	rel := w.call(t, "bob", "POST", "/api/v1/accounts/"+alice+"/follow", map[string]any{"notify": true}).expect(t, 200).object(t)
	if rel["following"] != true || rel["notifying"] != true || rel["showing_reblogs"] != true {
		t.Errorf("follow = %v", rel)
	}
	w.call(t, "bob", "POST", "/api/v1/accounts/"+bob+"/follow", nil).expect(t, 403)
	w.call(t, "bob", "POST", "/api/v1/accounts/999/follow", nil).expect(t, 404)
	w.call(t, "reader", "POST", "/api/v1/accounts/"+alice+"/follow", nil).expect(t, 403)

	rels := w.call(t, "alice", "GET", "/api/v1/accounts/relationships?id[]="+bob+"&id[]="+carol, nil).expect(t, 200).list(t)
	if len(rels) != 2 || rels[0]["followed_by"] != true || rels[1]["followed_by"] != false {
		t.Errorf("relationships = %v", rels)
	}
	followers := w.call(t, "", "GET", "/api/v1/accounts/"+alice+"/followers", nil).expect(t, 200).list(t)
	following := w.call(t, "", "GET", "/api/v1/accounts/"+bob+"/following", nil).expect(t, 200).list(t)
	if len(followers) != 1 || followers[0]["id"] != bob || len(following) != 1 || following[0]["id"] != alice {
		t.Errorf("followers %v following %v", ids(followers), ids(following))
	}
	me := w.call(t, "alice", "GET", "/api/v1/accounts/verify_credentials", nil).object(t)
	if me["followers_count"] != 1.0 {
		t.Errorf("followers_count = %v", me["followers_count"])
	}

	// hide_collections: empty for everyone but the owner.
	w.call(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", map[string]any{"hide_collections": true, "locked": true}).expect(t, 200)
	if l := w.call(t, "carol", "GET", "/api/v1/accounts/"+alice+"/followers", nil).list(t); len(l) != 0 {
		t.Errorf("hidden followers shown to carol: %v", ids(l))
	}
	if l := w.call(t, "alice", "GET", "/api/v1/accounts/"+alice+"/followers", nil).list(t); len(l) != 1 {
		t.Errorf("owner sees %v", ids(l))
	}

	// Locked: a follow request, then authorize / reject.
	rel = w.call(t, "carol", "POST", "/api/v1/accounts/"+alice+"/follow", nil).expect(t, 200).object(t)
	if rel["following"] != false || rel["requested"] != true || rel["showing_reblogs"] != true {
		t.Errorf("locked follow = %v", rel)
	}
	byAlice := w.call(t, "alice", "GET", "/api/v1/accounts/relationships?id[]="+carol, nil).expect(t, 200).list(t)
	if byAlice[0]["requested_by"] != true || byAlice[0]["requested"] != false {
		t.Errorf("alice's relationship to a requester = %v", byAlice[0])
	}
	reqs := w.call(t, "alice", "GET", "/api/v1/follow_requests", nil).expect(t, 200).list(t)
	if len(reqs) != 1 || reqs[0]["id"] != carol {
		t.Errorf("follow requests = %v", ids(reqs))
	}
	me = w.call(t, "alice", "GET", "/api/v1/accounts/verify_credentials", nil).object(t)
	if me["source"].(map[string]any)["follow_requests_count"] != 1.0 {
		t.Errorf("follow_requests_count = %v", me["source"])
	}
	if n := w.call(t, "alice", "GET", "/api/v1/notifications?types[]=follow_request", nil).expect(t, 200).list(t); len(n) != 1 {
		t.Errorf("follow_request notifications = %v", n)
	}
	w.call(t, "alice", "POST", "/api/v1/follow_requests/"+bob+"/authorize", nil).expect(t, 404)
	rel = w.call(t, "alice", "POST", "/api/v1/follow_requests/"+carol+"/authorize", nil).expect(t, 200).object(t)
	if rel["followed_by"] != true {
		t.Errorf("after authorize = %v", rel)
	}
	w.call(t, "carol", "POST", "/api/v1/accounts/"+alice+"/unfollow", nil).expect(t, 200)
	w.call(t, "carol", "POST", "/api/v1/accounts/"+alice+"/follow", nil).expect(t, 200)
	rel = w.call(t, "alice", "POST", "/api/v1/follow_requests/"+carol+"/reject", nil).expect(t, 200).object(t)
	if rel["followed_by"] != false || rel["requested_by"] != false {
		t.Errorf("after reject = %v", rel)
	}

	// Block ends follows both ways; the blocked cannot follow back.
	rel = w.call(t, "alice", "POST", "/api/v1/accounts/"+bob+"/block", nil).expect(t, 200).object(t)
	if rel["blocking"] != true || rel["followed_by"] != false {
		t.Errorf("block = %v", rel)
	}
	w.call(t, "bob", "POST", "/api/v1/accounts/"+alice+"/follow", nil).expect(t, 403)
	bobRel := w.call(t, "bob", "GET", "/api/v1/accounts/relationships?id[]="+alice, nil).list(t)
	if bobRel[0]["blocked_by"] != true {
		t.Errorf("bob's view = %v", bobRel)
	}
	w.call(t, "alice", "POST", "/api/v1/accounts/"+bob+"/unblock", nil).expect(t, 200)

	rel = w.call(t, "alice", "POST", "/api/v1/accounts/"+carol+"/mute", url.Values{"notifications": {"false"}}).expect(t, 200).object(t)
	if rel["muting"] != true || rel["muting_notifications"] != false {
		t.Errorf("mute = %v", rel)
	}
	rel = w.call(t, "alice", "POST", "/api/v1/accounts/"+carol+"/unmute", nil).expect(t, 200).object(t)
	if rel["muting"] != false {
		t.Errorf("unmute = %v", rel)
	}
}

func TestAccountStatusesFilters(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	alice := w.ids["alice"]
	plain := w.post(t, "alice", map[string]any{"status": "plain #tagged"})
	other := w.post(t, "bob", map[string]any{"status": "bob's"})
	reply := w.post(t, "alice", map[string]any{"status": "reply", "in_reply_to_id": other})
	reblog := w.call(t, "alice", "POST", "/api/v1/statuses/"+other+"/reblog", nil).expect(t, 200).object(t)["id"].(string)

	tests := []struct {
		name  string
		query string
		want  []string
	}{
		{"all", "", []string{reblog, reply, plain}},
		{"exclude replies", "?exclude_replies=true", []string{reblog, plain}},
		{"exclude reblogs", "?exclude_reblogs=1", []string{reply, plain}},
		{"tagged", "?tagged=TAGGED", []string{plain}},
		{"only media", "?only_media=true", []string{}},
		{"limit", "?limit=1", []string{reblog}},
		{"max_id", "?max_id=" + reply, []string{plain}},
		{"since_id", "?since_id=" + plain, []string{reblog, reply}},
		{"min_id", "?min_id=" + plain + "&limit=1", []string{reply}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(w.call(t, "", "GET", "/api/v1/accounts/"+alice+"/statuses"+tt.query, nil).expect(t, 200).list(t))
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	w.call(t, "", "GET", "/api/v1/accounts/0/statuses", nil).expect(t, 404)
}
