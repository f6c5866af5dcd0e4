package mastoapi_test

import (
	"context"
	"net/url"
	"testing"

	"roost/store"
)

func TestSearch(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "albert", "bob")
	err := w.in.DB.Write(context.Background(), func(tx *store.Tx) error {
		return tx.InsertAccount(&store.Account{ID: w.in.DB.NewID(), Username: "alina", Domain: "remote.example",
			DisplayName: "Alina", URI: "https://remote.example/users/alina"})
	})
	if err != nil {
		t.Fatal(err)
	}
	w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["albert"]+"/follow", nil).expect(t, 200)
	w.post(t, "alice", map[string]any{"status": "I like #gardening and #gardens"})
	w.post(t, "alice", map[string]any{"status": "tomatoes are ripe"})
	search := func(who string, q url.Values) map[string]any {
		return w.call(t, who, "GET", "/api/v2/search?"+q.Encode(), nil).expect(t, 200).object(t)
	}
	accts := func(m map[string]any) []string {
		var out []string
		for _, a := range m["accounts"].([]any) {
			out = append(out, a.(map[string]any)["acct"].(string))
		}
		return out
	}
	tags := func(m map[string]any) []string {
		var out []string
		for _, a := range m["hashtags"].([]any) {
			out = append(out, a.(map[string]any)["name"].(string))
		}
		return out
	}
	tests := []struct {
		name     string
		who      string
		q        url.Values
		accounts []string
		hashtags []string
		statuses int
	}{
		{"prefix finds local then remote", "bob", url.Values{"q": {"al"}}, []string{"albert", "alice", "alina@remote.example"}, nil, 0},
		{"at sign is ignored", "bob", url.Values{"q": {"@ali"}, "type": {"accounts"}}, []string{"alice", "alina@remote.example"}, nil, 0},
		{"remote handle", "bob", url.Values{"q": {"alina@remote.example"}}, []string{"alina@remote.example"}, nil, 0},
		{"own host means local", "bob", url.Values{"q": {"al@" + w.in.Host}}, []string{"albert", "alice"}, nil, 0},
		{"following only", "bob", url.Values{"q": {"al"}, "following": {"true"}}, []string{"albert"}, nil, 0},
		{"display name", "bob", url.Values{"q": {"Alin"}, "type": {"accounts"}}, []string{"alina@remote.example"}, nil, 0},
		{"hashtags by prefix, and the status using them", "bob", url.Values{"q": {"#garden"}}, nil, []string{"gardens", "gardening"}, 1},
		{"hashtags only", "bob", url.Values{"q": {"garden"}, "type": {"hashtags"}}, nil, []string{"gardens", "gardening"}, 0},
		{"statuses by text", "bob", url.Values{"q": {"TOMATO"}}, nil, nil, 1},
		{"statuses of one account", "bob", url.Values{"q": {"tomato"}, "account_id": {w.ids["bob"]}}, nil, nil, 0},
		{"statuses need a viewer", "", url.Values{"q": {"tomato"}}, nil, nil, 0},
		{"limit", "bob", url.Values{"q": {"al"}, "limit": {"1"}}, []string{"albert"}, nil, 0},
		{"offset", "bob", url.Values{"q": {"al"}, "offset": {"1"}, "type": {"accounts"}}, []string{"alice", "alina@remote.example"}, nil, 0},
		{"like wildcards are literal", "bob", url.Values{"q": {"%"}}, nil, nil, 0},
		{"a lone at sign names nobody", "bob", url.Values{"q": {"@"}}, nil, nil, 0},
		{"unknown type", "bob", url.Values{"q": {"al"}, "type": {"nothing"}}, nil, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := search(tc.who, tc.q)
			if got := accts(m); !equalStrings(got, tc.accounts) {
				t.Errorf("accounts %v, want %v", got, tc.accounts)
			}
			if got := tags(m); !equalStrings(got, tc.hashtags) {
				t.Errorf("hashtags %v, want %v", got, tc.hashtags)
			}
			if got := len(m["statuses"].([]any)); got != tc.statuses {
				t.Errorf("%d statuses, want %d", got, tc.statuses)
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	w.addUser(t, "noscope", "read:accounts")
	tests := []struct {
		name, who, query string
		code             int
	}{
		{"missing q", "alice", "", 400},
		{"anonymous offset", "", "q=a&offset=1", 401},
		{"anonymous resolve", "", "q=a&resolve=true", 401},
		{"anonymous without paging", "", "q=a", 200},
		{"token without read:search", "noscope", "q=a", 403},
		{"resolve seam answers from what is known", "alice", "q=nobody@remote.example&resolve=true", 200},
		{"malformed account_id", "alice", "q=a&account_id=x", 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := w.call(t, tc.who, "GET", "/api/v2/search?"+tc.query, nil).expect(t, tc.code)
			if tc.code != 200 {
				if _, ok := r.object(t)["error"].(string); !ok {
					t.Errorf("no error message: %s", r.body)
				}
			}
		})
	}
}

func TestSearchByURL(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	id := w.post(t, "alice", map[string]any{"status": "secret", "visibility": "private"})
	uri := w.call(t, "alice", "GET", "/api/v1/statuses/"+id, nil).expect(t, 200).object(t)["uri"].(string)
	for who, want := range map[string]int{"alice": 1, "bob": 0} {
		m := w.call(t, who, "GET", "/api/v2/search?"+url.Values{"q": {uri}}.Encode(), nil).expect(t, 200).object(t)
		if got := len(m["statuses"].([]any)); got != want {
			t.Errorf("%s: %d statuses, want %d", who, got, want)
		}
	}
}

func TestGetTag(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	w.post(t, "alice", map[string]any{"status": "#Roost"})
	tests := []struct {
		name, who, tag string
		code           int
		hasID          bool
		following      any
	}{
		{"known, any case", "alice", "roost", 200, true, false},
		{"anonymous has no following", "", "Roost", 200, true, nil},
		{"unknown but well formed", "alice", "nothingyet", 200, false, false},
		{"malformed", "alice", "no-dash", 404, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := w.call(t, tc.who, "GET", "/api/v1/tags/"+tc.tag, nil).expect(t, tc.code)
			if tc.code != 200 {
				return
			}
			m := r.object(t)
			if (m["id"] != "") != tc.hasID {
				t.Errorf("id %v, want present=%v", m["id"], tc.hasID)
			}
			if m["following"] != tc.following {
				t.Errorf("following %v, want %v", m["following"], tc.following)
			}
			h, ok := m["history"].([]any)
			if !ok || len(h) != 7 {
				t.Fatalf("history %v, want a week", m["history"])
			}
			wantUses := "0"
			if tc.hasID {
				wantUses = "1"
			}
			if today := h[0].(map[string]any); today["uses"] != wantUses || today["accounts"] != wantUses {
				t.Errorf("today's use %v, want %s", today, wantUses)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
