package mastoapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCreateStatus(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	w.addUser(t, "reader", "read")

	r := w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{
		"status": "hi @bob #Roost https://example.com", "visibility": "unlisted", "spoiler_text": "cw", "language": "en",
	}).expect(t, 200)
	s := r.object(t)
	if s["visibility"] != "unlisted" || s["spoiler_text"] != "cw" || s["sensitive"] != true || s["language"] != "en" {
		t.Errorf("status fields wrong: %s", r.body)
	}
	if m := s["mentions"].([]any); len(m) != 1 || m[0].(map[string]any)["acct"] != "bob" {
		t.Errorf("mentions = %v", s["mentions"])
	}
	if tags := s["tags"].([]any); len(tags) != 1 || tags[0].(map[string]any)["name"] != "Roost" {
		t.Errorf("tags = %v", s["tags"])
	}
	if !strings.Contains(s["content"].(string), `class="u-url mention"`) || s["account"].(map[string]any)["acct"] != "alice" {
		t.Errorf("content/account wrong: %s", r.body)
	}

	tests := []struct {
		name string
		who  string
		body any
		code int
	}{
		{"body not a JSON object", "alice", "just a string", 422},
		{"null poll is fine", "alice", map[string]any{"status": "x", "poll": nil}, 200},
		{"form body", "alice", url.Values{"status": {"form post"}, "media_ids[]": {}}, 200},
		{"oversized text", "alice", map[string]any{"status": strings.Repeat("a", 501)}, 422},
		{"empty text", "alice", map[string]any{"status": "  "}, 422},
		{"invalid visibility", "alice", map[string]any{"status": "x", "visibility": "friends"}, 422},
		{"invalid language", "alice", map[string]any{"status": "x", "language": "not a language"}, 422},
		{"unknown media id", "alice", map[string]any{"status": "x", "media_ids": []string{"12345"}}, 422},
		{"malformed media id", "alice", map[string]any{"status": "x", "media_ids": []string{"abc"}}, 422},
		{"reply to unknown status", "alice", map[string]any{"status": "x", "in_reply_to_id": "999"}, 404},
		{"missing scope", "reader", map[string]any{"status": "x"}, 403},
		{"anonymous", "", map[string]any{"status": "x"}, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.call(t, tt.who, "POST", "/api/v1/statuses", tt.body).expect(t, tt.code)
		})
	}
}

func TestCreateStatusIdempotencyKey(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	h := http.Header{"Idempotency-Key": {"abc"}}
	first := w.callToken(t, w.tokens["alice"], "POST", "/api/v1/statuses", map[string]any{"status": "once"}, h).expect(t, 200).object(t)
	again := w.callToken(t, w.tokens["alice"], "POST", "/api/v1/statuses", map[string]any{"status": "once"}, h).expect(t, 200).object(t)
	if first["id"] != again["id"] {
		t.Fatalf("retry created a second status: %v vs %v", first["id"], again["id"])
	}
	acct := w.call(t, "alice", "GET", "/api/v1/accounts/verify_credentials", nil).expect(t, 200).object(t)
	if acct["statuses_count"].(float64) != 1 {
		t.Fatalf("statuses_count = %v", acct["statuses_count"])
	}
}

func TestDeleteStatus(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	id := w.post(t, "alice", map[string]any{"status": "to redraft"})
	parent := w.post(t, "bob", map[string]any{"status": "parent"})
	reply := w.post(t, "alice", map[string]any{"status": "reply", "in_reply_to_id": parent})
	if n := w.call(t, "bob", "GET", "/api/v1/statuses/"+parent, nil).object(t)["replies_count"]; n != 1.0 {
		t.Fatalf("replies_count = %v", n)
	}
	w.call(t, "bob", "DELETE", "/api/v1/statuses/"+id, nil).expect(t, 404)
	w.call(t, "alice", "DELETE", "/api/v1/statuses/abc", nil).expect(t, 404)
	got := w.call(t, "alice", "DELETE", "/api/v1/statuses/"+id, nil).expect(t, 200).object(t)
	if got["text"] != "to redraft" {
		t.Errorf("deleted status text = %v", got["text"])
	}
	w.call(t, "alice", "GET", "/api/v1/statuses/"+id, nil).expect(t, 404)
	w.call(t, "alice", "DELETE", "/api/v1/statuses/"+reply, nil).expect(t, 200)
	if n := w.call(t, "bob", "GET", "/api/v1/statuses/"+parent, nil).object(t)["replies_count"]; n != 0.0 {
		t.Fatalf("replies_count after delete = %v", n)
	}
	acct := w.call(t, "alice", "GET", "/api/v1/accounts/verify_credentials", nil).object(t)
	if acct["statuses_count"] != 0.0 {
		t.Fatalf("statuses_count = %v", acct["statuses_count"])
	}
}

func TestFavouriteAndReblog(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	w.addUser(t, "reader", "read")
	id := w.post(t, "alice", map[string]any{"status": "nice"})
	priv := w.post(t, "alice", map[string]any{"status": "secret", "visibility": "private"})

	fav := w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 200).object(t)
	if fav["favourited"] != true || fav["favourites_count"] != 1.0 {
		t.Errorf("after favourite: %v %v", fav["favourited"], fav["favourites_count"])
	}
	w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 200)
	by := w.call(t, "", "GET", "/api/v1/statuses/"+id+"/favourited_by", nil).expect(t, 200).list(t)
	if len(by) != 1 || by[0]["acct"] != "bob" {
		t.Errorf("favourited_by = %v", by)
	}
	favs := w.call(t, "bob", "GET", "/api/v1/favourites", nil).expect(t, 200)
	if l := favs.list(t); len(l) != 1 || l[0]["id"] != id || favs.header.Get("Link") == "" {
		t.Errorf("favourites = %s (Link %q)", favs.body, favs.header.Get("Link"))
	}

	rb := w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/reblog", nil).expect(t, 200).object(t)
	nested, _ := rb["reblog"].(map[string]any)
	if nested == nil || nested["id"] != id || nested["reblogs_count"] != 1.0 || rb["reblogged"] != true {
		t.Errorf("reblog = %v", rb)
	}
	again := w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/reblog", nil).expect(t, 200).object(t)
	if again["id"] != rb["id"] {
		t.Errorf("second reblog made a new status")
	}
	by = w.call(t, "", "GET", "/api/v1/statuses/"+id+"/reblogged_by", nil).expect(t, 200).list(t)
	if len(by) != 1 || by[0]["acct"] != "bob" {
		t.Errorf("reblogged_by = %v", by)
	}
	un := w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/unreblog", nil).expect(t, 200).object(t)
	if un["reblogged"] != false || un["reblogs_count"] != 0.0 {
		t.Errorf("after unreblog: %v", un)
	}
	un = w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/unfavourite", nil).expect(t, 200).object(t)
	if un["favourited"] != false || un["favourites_count"] != 0.0 {
		t.Errorf("after unfavourite: %v", un)
	}

	// bob does not follow alice: her private status does not exist for him.
	w.call(t, "bob", "POST", "/api/v1/statuses/"+priv+"/favourite", nil).expect(t, 404)
	w.call(t, "bob", "POST", "/api/v1/statuses/"+priv+"/reblog", nil).expect(t, 404)
	w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["alice"]+"/follow", nil).expect(t, 200)
	w.call(t, "bob", "POST", "/api/v1/statuses/"+priv+"/reblog", nil).expect(t, 403)
	w.call(t, "bob", "POST", "/api/v1/statuses/"+priv+"/favourite", nil).expect(t, 200)
	w.call(t, "reader", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 403)
	w.call(t, "bob", "POST", "/api/v1/statuses/0/favourite", nil).expect(t, 404)
}

func TestEditStatus(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	id := w.post(t, "alice", map[string]any{"status": "first #one"})
	w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/reblog", nil).expect(t, 200)

	w.call(t, "bob", "PUT", "/api/v1/statuses/"+id, map[string]any{"status": "hijack"}).expect(t, 404)
	w.call(t, "alice", "PUT", "/api/v1/statuses/"+id, map[string]any{"status": strings.Repeat("x", 600)}).expect(t, 422)
	w.call(t, "alice", "PUT", "/api/v1/statuses/999", map[string]any{"status": "x"}).expect(t, 404)
	edited := w.call(t, "alice", "PUT", "/api/v1/statuses/"+id, map[string]any{"status": "second #two", "spoiler_text": "cw"}).expect(t, 200).object(t)
	if edited["edited_at"] == nil || !strings.Contains(edited["content"].(string), "second") || edited["spoiler_text"] != "cw" {
		t.Errorf("edited = %v", edited)
	}
	if tags := edited["tags"].([]any); len(tags) != 1 || tags[0].(map[string]any)["name"] != "two" {
		t.Errorf("tags after edit = %v", tags)
	}
	hist := w.call(t, "", "GET", "/api/v1/statuses/"+id+"/history", nil).expect(t, 200).list(t)
	if len(hist) != 2 || !strings.Contains(hist[0]["content"].(string), "first") || !strings.Contains(hist[1]["content"].(string), "second") {
		t.Errorf("history = %v", hist)
	}
	src := w.call(t, "alice", "GET", "/api/v1/statuses/"+id+"/source", nil).expect(t, 200).object(t)
	if src["text"] != "second #two" || src["spoiler_text"] != "cw" {
		t.Errorf("source = %v", src)
	}
	w.call(t, "bob", "GET", "/api/v1/statuses/"+id+"/source", nil).expect(t, 404)
	notes := w.call(t, "bob", "GET", "/api/v1/notifications?types[]=update", nil).expect(t, 200).list(t)
	if len(notes) != 1 {
		t.Errorf("bob's update notifications = %v", notes)
	}
}

func TestBookmarksAndPins(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	id := w.post(t, "alice", map[string]any{"status": "keep"})
	priv := w.post(t, "alice", map[string]any{"status": "mine", "visibility": "private"})

	b := w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/bookmark", nil).expect(t, 200).object(t)
	if b["bookmarked"] != true {
		t.Errorf("bookmarked = %v", b["bookmarked"])
	}
	list := w.call(t, "bob", "GET", "/api/v1/bookmarks", nil).expect(t, 200).list(t)
	if len(list) != 1 || list[0]["id"] != id {
		t.Errorf("bookmarks = %v", list)
	}
	w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/unbookmark", nil).expect(t, 200)
	if list := w.call(t, "bob", "GET", "/api/v1/bookmarks", nil).list(t); len(list) != 0 {
		t.Errorf("bookmarks after unbookmark = %v", list)
	}

	w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/pin", nil).expect(t, 422)
	w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/unpin", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/statuses/"+priv+"/pin", nil).expect(t, 422)
	p := w.call(t, "alice", "POST", "/api/v1/statuses/"+id+"/pin", nil).expect(t, 200).object(t)
	if p["pinned"] != true {
		t.Errorf("pinned = %v", p["pinned"])
	}
	pinned := w.call(t, "", "GET", "/api/v1/accounts/"+w.ids["alice"]+"/statuses?pinned=true", nil).expect(t, 200).list(t)
	if len(pinned) != 1 || pinned[0]["id"] != id {
		t.Errorf("pinned statuses = %v", pinned)
	}
	for i := 0; i < 4; i++ {
		more := w.post(t, "alice", map[string]any{"status": "more"})
		w.call(t, "alice", "POST", "/api/v1/statuses/"+more+"/pin", nil).expect(t, 200)
	}
	sixth := w.post(t, "alice", map[string]any{"status": "one too many"})
	w.call(t, "alice", "POST", "/api/v1/statuses/"+sixth+"/pin", nil).expect(t, 422)
	w.call(t, "alice", "POST", "/api/v1/statuses/"+id+"/unpin", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/statuses/"+sixth+"/pin", nil).expect(t, 200)
}

func TestStatusContext(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol")
	root := w.post(t, "alice", map[string]any{"status": "root"})
	reply := w.post(t, "bob", map[string]any{"status": "reply", "in_reply_to_id": root})
	hidden := w.post(t, "alice", map[string]any{"status": "followers only", "in_reply_to_id": reply, "visibility": "private"})
	leaf := w.post(t, "carol", map[string]any{"status": "leaf", "in_reply_to_id": reply})

	ctx := w.call(t, "", "GET", "/api/v1/statuses/"+reply+"/context", nil).expect(t, 200).object(t)
	anc, desc := ctx["ancestors"].([]any), ctx["descendants"].([]any)
	if len(anc) != 1 || anc[0].(map[string]any)["id"] != root {
		t.Errorf("ancestors = %v", anc)
	}
	if len(desc) != 1 || desc[0].(map[string]any)["id"] != leaf {
		t.Errorf("anonymous descendants = %v (private %s must be hidden)", desc, hidden)
	}
	own := w.call(t, "alice", "GET", "/api/v1/statuses/"+reply+"/context", nil).expect(t, 200).object(t)
	if len(own["descendants"].([]any)) != 2 {
		t.Errorf("author's descendants = %v", own["descendants"])
	}
	w.call(t, "", "GET", "/api/v1/statuses/"+hidden+"/context", nil).expect(t, 404)
}

func TestStatusApplication(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	id := w.post(t, "alice", map[string]any{"status": "via an app"})
	for _, who := range []string{"alice", ""} {
		st := w.call(t, who, "GET", "/api/v1/statuses/"+id, nil).expect(t, 200).object(t)
		app, ok := st["application"].(map[string]any)
		if !ok || app["name"] != "servertest" {
			t.Errorf("%q sees application %v", who, st["application"])
		}
		if _, ok := app["website"]; !ok {
			t.Errorf("application has no website key: %v", app)
		}
		if f, ok := st["filtered"].([]any); !ok || len(f) != 0 {
			t.Errorf("filtered = %v, want []", st["filtered"])
		}
	}
}
