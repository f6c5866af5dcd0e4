package mastoapi_test

import (
	"context"
	"testing"

	"roost/store"
)

func TestTrendsEmptyWithTooLittleData(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	// One account's hashtag and one favourite are not a trend.
	id := w.post(t, "alice", map[string]any{"status": "#lonely https://example.com/page"})
	w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 200)
	for _, path := range []string{"/api/v1/trends", "/api/v1/trends/tags", "/api/v1/trends/statuses",
		"/api/v1/trends/links", "/api/v2/suggestions", "/api/v1/suggestions"} {
		for _, who := range []string{"", "alice"} {
			if who == "" && (path == "/api/v2/suggestions" || path == "/api/v1/suggestions") {
				w.call(t, who, "GET", path, nil).expect(t, 401)
				continue
			}
			if got := w.call(t, who, "GET", path, nil).expect(t, 200).list(t); len(got) != 0 {
				t.Errorf("%s as %q: %v", path, who, got)
			}
		}
	}
}

func TestTrends(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave")
	var linkPosts []string
	for _, who := range []string{"alice", "bob", "carol"} {
		w.post(t, who, map[string]any{"status": "#gardening is in"})
		linkPosts = append(linkPosts, w.post(t, who, map[string]any{"status": "look https://example.com/news"}))
	}
	w.post(t, "dave", map[string]any{"status": "#knitting alone"})
	w.post(t, "dave", map[string]any{"status": "#gardening private", "visibility": "private"})
	hot := w.post(t, "dave", map[string]any{"status": "hot take"})
	secret := w.post(t, "dave", map[string]any{"status": "hot secret", "visibility": "private"})
	for _, who := range []string{"alice", "bob", "carol"} {
		w.call(t, who, "POST", "/api/v1/statuses/"+hot+"/favourite", nil).expect(t, 200)
	}
	// The private one is popular among followers too, yet never trends.
	for _, who := range []string{"alice", "bob", "carol"} {
		w.call(t, who, "POST", "/api/v1/accounts/"+w.ids["dave"]+"/follow", nil).expect(t, 200)
	}
	for _, who := range []string{"alice", "bob", "carol"} {
		w.call(t, who, "POST", "/api/v1/statuses/"+secret+"/favourite", nil).expect(t, 200)
	}
	err := w.in.DB.Write(context.Background(), func(tx *store.Tx) error {
		for _, id := range linkPosts {
			sid, _ := store.ParseID(id)
			if _, err := tx.ExecContext(context.Background(), "UPDATE statuses SET card = ? WHERE id = ?",
				`{"url":"https://example.com/news","title":"News <b>today</b>","type":"link"}`, sid); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("tags", func(t *testing.T) {
		for _, path := range []string{"/api/v1/trends", "/api/v1/trends/tags"} {
			list := w.call(t, "", "GET", path, nil).expect(t, 200).list(t)
			if len(list) != 1 || list[0]["name"] != "gardening" {
				t.Fatalf("%s: %v", path, list)
			}
			h := list[0]["history"].([]any)
			if len(h) != 7 || h[0].(map[string]any)["accounts"] != "3" {
				t.Errorf("history %v", h)
			}
		}
	})
	t.Run("statuses", func(t *testing.T) {
		for _, who := range []string{"", "alice", "dave"} {
			list := w.call(t, who, "GET", "/api/v1/trends/statuses", nil).expect(t, 200).list(t)
			if got := ids(list); !equalStrings(got, []string{hot}) {
				t.Errorf("%q: %v", who, got)
			}
		}
	})
	t.Run("statuses hide a muted author", func(t *testing.T) {
		w.call(t, "carol", "POST", "/api/v1/accounts/"+w.ids["dave"]+"/mute", nil).expect(t, 200)
		if list := w.call(t, "carol", "GET", "/api/v1/trends/statuses", nil).expect(t, 200).list(t); len(list) != 0 {
			t.Errorf("%v", ids(list))
		}
	})
	t.Run("links", func(t *testing.T) {
		list := w.call(t, "", "GET", "/api/v1/trends/links", nil).expect(t, 200).list(t)
		if len(list) != 1 || list[0]["url"] != "https://example.com/news" || list[0]["title"] != "News <b>today</b>" {
			t.Fatalf("%v", list)
		}
		if h := list[0]["history"].([]any); h[0].(map[string]any)["uses"] != "3" {
			t.Errorf("history %v", h)
		}
	})
	t.Run("limit and offset", func(t *testing.T) {
		if list := w.call(t, "", "GET", "/api/v1/trends/tags?offset=1", nil).expect(t, 200).list(t); len(list) != 0 {
			t.Errorf("%v", list)
		}
		w.call(t, "", "GET", "/api/v1/trends/tags?limit=x&offset=-3", nil).expect(t, 200)
	})
}

func TestSuggestions(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave", "erin", "frank")
	follow := func(who, whom string) {
		w.call(t, who, "POST", "/api/v1/accounts/"+w.ids[whom]+"/follow", nil).expect(t, 200)
	}
	follow("alice", "bob")
	follow("bob", "carol")
	follow("bob", "dave")
	follow("bob", "erin")
	follow("bob", "frank")
	follow("bob", "alice")
	follow("alice", "dave") // already followed: not suggested
	w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["erin"]+"/block", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["frank"]+"/mute", nil).expect(t, 200)
	w.call(t, "carol", "PATCH", "/api/v1/accounts/update_credentials", map[string]any{"discoverable": "true"}).expect(t, 200)

	v2 := w.call(t, "alice", "GET", "/api/v2/suggestions", nil).expect(t, 200).list(t)
	if len(v2) != 1 || v2[0]["source"] != "friends_of_friends" || v2[0]["account"].(map[string]any)["id"] != w.ids["carol"] {
		t.Fatalf("v2: %v", v2)
	}
	v1 := w.call(t, "alice", "GET", "/api/v1/suggestions", nil).expect(t, 200).list(t)
	if got := ids(v1); !equalStrings(got, []string{w.ids["carol"]}) {
		t.Errorf("v1: %v", got)
	}
	w.call(t, "carol", "PATCH", "/api/v1/accounts/update_credentials", map[string]any{"discoverable": "false"}).expect(t, 200)
	if list := w.call(t, "alice", "GET", "/api/v2/suggestions", nil).expect(t, 200).list(t); len(list) != 0 {
		t.Errorf("undiscoverable carol suggested: %v", list)
	}
}

// TestDismissSuggestion: DELETE /api/v1/suggestions/:id keeps the account
// out of that user's suggestions, and only theirs.
func TestDismissSuggestion(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave")
	for _, f := range [][2]string{{"alice", "bob"}, {"dave", "bob"}, {"bob", "carol"}} {
		w.call(t, f[0], "POST", "/api/v1/accounts/"+w.ids[f[1]]+"/follow", nil).expect(t, 200)
	}
	suggested := func(who string) []string {
		return ids(w.call(t, who, "GET", "/api/v1/suggestions", nil).expect(t, 200).list(t))
	}
	if got := suggested("alice"); !equalStrings(got, []string{w.ids["carol"]}) {
		t.Fatalf("before: %v", got)
	}
	tests := []struct {
		name, who, id string
		code          int
	}{
		{"anonymous", "", w.ids["carol"], 401},
		{"unknown account", "alice", "999999999", 404},
		{"not an id", "alice", "carol", 404},
		{"dismissed", "alice", w.ids["carol"], 200},
		{"dismissed twice", "alice", w.ids["carol"], 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := w.call(t, tc.who, "DELETE", "/api/v1/suggestions/"+tc.id, nil).expect(t, tc.code)
			if tc.code == 200 && len(r.object(t)) != 0 {
				t.Errorf("body: %v", r.object(t))
			}
		})
	}
	if got := suggested("alice"); len(got) != 0 {
		t.Errorf("dismissed carol still suggested to alice: %v", got)
	}
	if got := suggested("dave"); !equalStrings(got, []string{w.ids["carol"]}) {
		t.Errorf("dave lost a suggestion alice dismissed: %v", got)
	}
}

func TestDirectory(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol")
	w.post(t, "alice", map[string]any{"status": "first"})
	w.post(t, "carol", map[string]any{"status": "latest"})
	w.call(t, "bob", "PATCH", "/api/v1/accounts/update_credentials", map[string]any{"discoverable": "false"}).expect(t, 200)
	tests := []struct {
		name, query string
		want        []string
	}{
		{"active", "", []string{w.ids["carol"], w.ids["alice"]}},
		{"active local", "?local=true&order=active", []string{w.ids["carol"], w.ids["alice"]}},
		{"new", "?order=new", []string{w.ids["carol"], w.ids["alice"]}},
		{"limit", "?limit=1", []string{w.ids["carol"]}},
		{"offset", "?offset=1", []string{w.ids["alice"]}},
		{"past the end", "?offset=10", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			list := w.call(t, "", "GET", "/api/v1/directory"+tc.query, nil).expect(t, 200).list(t)
			if got := ids(list); !equalStrings(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
