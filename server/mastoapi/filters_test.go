package mastoapi_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestFiltersV2CRUD(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	f := w.call(t, "alice", "POST", "/api/v2/filters", map[string]any{
		"title": "Spoilers", "context": []string{"home", "public"}, "filter_action": "warn", "expires_in": 3600,
		"keywords_attributes": []map[string]any{{"keyword": "finale", "whole_word": true}, {"keyword": "s01e0", "whole_word": false}},
	}).expect(t, 200).object(t)
	id := f["id"].(string)
	if f["title"] != "Spoilers" || f["filter_action"] != "warn" || f["expires_at"] == nil || len(f["keywords"].([]any)) != 2 || len(f["context"].([]any)) != 2 {
		t.Fatalf("created filter = %v", f)
	}
	kw := f["keywords"].([]any)[0].(map[string]any)
	kwID := kw["id"].(string)

	cases := []struct {
		name, who, method, path string
		body                    any
		code                    int
	}{
		{"empty keyword", "alice", "POST", "/api/v2/filters", map[string]any{"title": "x", "context": []string{"home"}, "keywords_attributes": []map[string]any{{"keyword": " "}}}, 422},
		{"no title", "alice", "POST", "/api/v2/filters", map[string]any{"context": []string{"home"}}, 422},
		{"no context", "alice", "POST", "/api/v2/filters", map[string]any{"title": "x"}, 422},
		{"unknown context", "alice", "POST", "/api/v2/filters", map[string]any{"title": "x", "context": []string{"everywhere"}}, 422},
		{"unknown action", "alice", "POST", "/api/v2/filters", map[string]any{"title": "x", "context": []string{"home"}, "filter_action": "shout"}, 422},
		{"empty keyword added", "alice", "POST", "/api/v2/filters/" + id + "/keywords", map[string]any{"keyword": ""}, 422},
		{"another's filter", "bob", "GET", "/api/v2/filters/" + id, nil, 404},
		{"update another's", "bob", "PUT", "/api/v2/filters/" + id, map[string]any{"title": "mine"}, 404},
		{"delete another's", "bob", "DELETE", "/api/v2/filters/" + id, nil, 404},
		{"another's keyword", "bob", "GET", "/api/v2/filters/keywords/" + kwID, nil, 404},
		{"another's keywords", "bob", "GET", "/api/v2/filters/" + id + "/keywords", nil, 404},
		{"another's v1 filter", "bob", "GET", "/api/v1/filters/" + kwID, nil, 404},
		{"unknown filter status", "alice", "GET", "/api/v2/filters/statuses/123", nil, 404},
		{"v1 empty phrase", "alice", "POST", "/api/v1/filters", map[string]any{"phrase": "", "context": []string{"home"}}, 422},
		{"title too long", "alice", "POST", "/api/v2/filters", map[string]any{"title": strings.Repeat("x", 257), "context": []string{"home"}}, 422},
		{"negative expiry", "alice", "POST", "/api/v2/filters", map[string]any{"title": "x", "context": []string{"home"}, "expires_in": -5}, 422},
		{"huge expiry is clamped", "alice", "POST", "/api/v2/filters", map[string]any{"title": "x", "context": []string{"home"}, "expires_in": "99999999999999999"}, 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { w.call(t, tc.who, tc.method, tc.path, tc.body).expect(t, tc.code) })
	}

	// keywords_attributes: change one, destroy the other, add a third.
	other := f["keywords"].([]any)[1].(map[string]any)["id"].(string)
	f = w.call(t, "alice", "PUT", "/api/v2/filters/"+id, url.Values{
		"title": {"Spoilers!"}, "filter_action": {"hide"}, "expires_in": {""},
		"keywords_attributes[0][id]": {kwID}, "keywords_attributes[0][keyword]": {"final"},
		"keywords_attributes[1][id]": {other}, "keywords_attributes[1][_destroy]": {"1"},
		"keywords_attributes[2][keyword]": {"ending"},
	}).expect(t, 200).object(t)
	words := []string{}
	for _, k := range f["keywords"].([]any) {
		words = append(words, k.(map[string]any)["keyword"].(string))
	}
	if f["title"] != "Spoilers!" || f["filter_action"] != "hide" || f["expires_at"] != nil || len(words) != 2 || words[0] != "final" || words[1] != "ending" {
		t.Errorf("updated filter = %v (keywords %v)", f, words)
	}
	k := w.call(t, "alice", "POST", "/api/v2/filters/"+id+"/keywords", map[string]any{"keyword": "plot", "whole_word": false}).expect(t, 200).object(t)
	w.call(t, "alice", "PUT", "/api/v2/filters/keywords/"+k["id"].(string), map[string]any{"keyword": "plot twist"}).expect(t, 200)
	if got := w.call(t, "alice", "GET", "/api/v2/filters/keywords/"+k["id"].(string), nil).expect(t, 200).object(t); got["keyword"] != "plot twist" || got["whole_word"] != false {
		t.Errorf("keyword = %v", got)
	}
	w.call(t, "alice", "DELETE", "/api/v2/filters/keywords/"+k["id"].(string), nil).expect(t, 200)
	if got := w.call(t, "alice", "GET", "/api/v2/filters/"+id+"/keywords", nil).expect(t, 200).list(t); len(got) != 2 {
		t.Errorf("keywords = %v", got)
	}

	status := w.post(t, "bob", map[string]any{"status": "anything"})
	fs := w.call(t, "alice", "POST", "/api/v2/filters/"+id+"/statuses", map[string]any{"status_id": status}).expect(t, 200).object(t)
	if fs["status_id"] != status {
		t.Errorf("filter status = %v", fs)
	}
	w.call(t, "bob", "GET", "/api/v2/filters/statuses/"+fs["id"].(string), nil).expect(t, 404)
	if got := w.call(t, "alice", "GET", "/api/v2/filters/"+id+"/statuses", nil).expect(t, 200).list(t); len(got) != 1 {
		t.Errorf("filter statuses = %v", got)
	}
	w.call(t, "alice", "DELETE", "/api/v2/filters/statuses/"+fs["id"].(string), nil).expect(t, 200)

	if got := w.call(t, "alice", "GET", "/api/v2/filters", nil).expect(t, 200).list(t); len(got) != 2 {
		t.Errorf("filters = %v, want Spoilers! and the clamped one", got)
	}
	w.call(t, "alice", "DELETE", "/api/v2/filters/"+id, nil).expect(t, 200)
	w.call(t, "alice", "GET", "/api/v2/filters/"+id, nil).expect(t, 404)
}

func TestFiltersV1(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	f := w.call(t, "alice", "POST", "/api/v1/filters", url.Values{"phrase": {"Cats"}, "context[]": {"home", "thread"}, "irreversible": {"true"}, "whole_word": {"false"}}).expect(t, 200).object(t)
	id := f["id"].(string)
	if f["phrase"] != "Cats" || f["irreversible"] != true || f["whole_word"] != false || len(f["context"].([]any)) != 2 {
		t.Errorf("v1 filter = %v", f)
	}
	// The same row, seen through v2.
	v2 := w.call(t, "alice", "GET", "/api/v2/filters", nil).expect(t, 200).list(t)
	if len(v2) != 1 || v2[0]["filter_action"] != "hide" || v2[0]["keywords"].([]any)[0].(map[string]any)["id"] != id {
		t.Errorf("v2 view = %v", v2)
	}
	f = w.call(t, "alice", "PUT", "/api/v1/filters/"+id, map[string]any{"phrase": "dogs", "context": []string{"public"}, "irreversible": false}).expect(t, 200).object(t)
	if f["phrase"] != "dogs" || f["irreversible"] != false || f["context"].([]any)[0] != "public" {
		t.Errorf("updated v1 filter = %v", f)
	}
	if got := w.call(t, "alice", "GET", "/api/v1/filters", nil).expect(t, 200).list(t); len(got) != 1 || got[0]["id"] != id {
		t.Errorf("v1 filters = %v", got)
	}
	w.call(t, "alice", "DELETE", "/api/v1/filters/"+id, nil).expect(t, 200)
	if got := w.call(t, "alice", "GET", "/api/v2/filters", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Errorf("v2 filters after the v1 delete = %v", got)
	}
}

// Filters act in every context's list: a warn match comes back in
// status.filtered, a hide match is gone.
func TestFiltersApply(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	w.follow(t, "alice", "bob")
	w.call(t, "alice", "POST", "/api/v2/filters", map[string]any{"title": "warn", "context": []string{"home", "public", "thread", "account", "notifications"},
		"keywords_attributes": []map[string]any{{"keyword": "cat", "whole_word": true}}}).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v2/filters", map[string]any{"title": "hide", "context": []string{"home", "public", "thread", "account", "notifications"},
		"filter_action": "hide", "keywords_attributes": []map[string]any{{"keyword": "dog"}}}).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v2/filters", map[string]any{"title": "expired", "context": []string{"home"}, "expires_in": 1,
		"keywords_attributes": []map[string]any{{"keyword": "bird"}}}).expect(t, 200)

	root := w.post(t, "bob", map[string]any{"status": "root"})
	warned := w.post(t, "bob", map[string]any{"status": "my Cat is here @alice", "in_reply_to_id": root})
	hidden := w.post(t, "bob", map[string]any{"status": "a DOG! @alice", "in_reply_to_id": root})
	partial := w.post(t, "bob", map[string]any{"status": "concatenate", "in_reply_to_id": root})
	own := w.post(t, "alice", map[string]any{"status": "my own cat and dog"})
	time.Sleep(1100 * time.Millisecond)
	bird := w.post(t, "bob", map[string]any{"status": "a bird"})

	check := func(t *testing.T, list []map[string]any) {
		t.Helper()
		byID := map[string]map[string]any{}
		for _, s := range list {
			byID[s["id"].(string)] = s
		}
		if byID[hidden] != nil {
			t.Errorf("hidden status shown")
		}
		if s := byID[warned]; s == nil {
			t.Errorf("warned status missing")
		} else if f := s["filtered"].([]any); len(f) != 1 || f[0].(map[string]any)["keyword_matches"].([]any)[0] != "cat" ||
			f[0].(map[string]any)["filter"].(map[string]any)["title"] != "warn" {
			t.Errorf("warned status filtered = %v", s["filtered"])
		}
		for _, id := range []string{partial, own, bird} {
			if s := byID[id]; s != nil && len(s["filtered"].([]any)) != 0 {
				t.Errorf("%s filtered = %v", s["content"], s["filtered"])
			}
		}
	}
	for _, path := range []string{"/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/accounts/" + w.ids["bob"] + "/statuses"} {
		t.Run(path, func(t *testing.T) {
			list := w.call(t, "alice", "GET", path, nil).expect(t, 200).list(t)
			check(t, list)
			if path == "/api/v1/timelines/home" && (!containsID(list, own) || !containsID(list, bird) || !containsID(list, partial)) {
				t.Errorf("home lost an unfiltered status: %v", ids(list))
			}
		})
	}
	t.Run("thread", func(t *testing.T) {
		ctx := w.call(t, "alice", "GET", "/api/v1/statuses/"+root+"/context", nil).expect(t, 200).object(t)
		var list []map[string]any
		for _, d := range ctx["descendants"].([]any) {
			list = append(list, d.(map[string]any))
		}
		check(t, list)
	})
	t.Run("notifications", func(t *testing.T) {
		var statuses []map[string]any
		for _, n := range w.call(t, "alice", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t) {
			if s, ok := n["status"].(map[string]any); ok {
				statuses = append(statuses, s)
			}
		}
		if len(statuses) != 1 {
			t.Errorf("notifications with statuses = %d, want the warned mention only", len(statuses))
		}
		check(t, statuses)
	})
	// Someone else sees everything: filters are the owner's alone.
	if list := w.call(t, "bob", "GET", "/api/v1/timelines/public", nil).expect(t, 200).list(t); !containsID(list, hidden) {
		t.Errorf("bob lost his own status to alice's filter")
	}
}

// Streams apply the same filters: hidden statuses never arrive, warned
// ones carry filtered.
func TestFiltersApplyToStreams(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	w.follow(t, "alice", "bob")
	w.call(t, "alice", "POST", "/api/v2/filters", map[string]any{"title": "hide", "context": []string{"home"}, "filter_action": "hide",
		"keywords_attributes": []map[string]any{{"keyword": "dog"}}}).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v2/filters", map[string]any{"title": "warn", "context": []string{"home"},
		"keywords_attributes": []map[string]any{{"keyword": "cat"}}}).expect(t, 200)
	ws := w.dial(t, w.tokens["alice"], "?stream=user")
	w.post(t, "bob", map[string]any{"status": "dog"})
	cat := w.post(t, "bob", map[string]any{"status": "cat"})
	m := ws.read()
	if m.Event != "update" || m.statusID(t) != cat {
		t.Fatalf("first event = %+v, want the cat update (the dog one is hidden)", m)
	}
	if f := m.object(t)["filtered"].([]any); len(f) != 1 {
		t.Errorf("streamed filtered = %v", f)
	}
}
