package mastoapi_test

import (
	"context"
	"net/url"
	"sort"
	"strconv"
	"testing"
	"time"

	"roost/store"
)

func searchIDs(t *testing.T, w *world, who, q string) []string {
	t.Helper()
	m := w.call(t, who, "GET", "/api/v2/search?"+url.Values{"q": {q}, "type": {"statuses"}}.Encode(), nil).
		expect(t, 200).object(t)
	var out []string
	for _, s := range m["statuses"].([]any) {
		out = append(out, s.(map[string]any)["id"].(string))
	}
	sort.Strings(out)
	return out
}

// TestSearchNeverShowsWhatTheViewerMayNotSee: a matrix of visibility by
// viewer, plus the indexable opt-in, blocks and deletion.
func TestSearchNeverShowsWhatTheViewerMayNotSee(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave", "erin")
	w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["alice"]+"/follow", nil).expect(t, 200)
	w.call(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", map[string]any{"indexable": "true"}).expect(t, 200)
	vis := map[string]string{}
	for _, v := range []string{"public", "unlisted", "private", "direct"} {
		vis[v] = w.post(t, "alice", map[string]any{"status": "zebra " + v + " @dave", "visibility": v})
	}
	// A remote account that did not opt in: its public post is known
	// here but is not searchable by strangers.
	ctx := context.Background()
	remote := w.in.DB.NewID()
	remoteStatus := w.in.DB.NewID()
	err := w.in.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertAccount(&store.Account{ID: remote, Username: "rita", Domain: "remote.example",
			URI: "https://remote.example/users/rita"}); err != nil {
			return err
		}
		return tx.InsertStatus(&store.Status{ID: remoteStatus, URI: "https://remote.example/s/1", AccountID: remote,
			Visibility: "public", Content: `<p>zebra <a href="https://x.example">remote</a></p>`, CreatedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	sorted := func(ids ...string) []string { sort.Strings(ids); return ids }
	tests := []struct {
		name, who, q string
		want         []string
	}{
		{"author sees all four", "alice", "zebra", sorted(vis["public"], vis["unlisted"], vis["private"], vis["direct"])},
		{"follower: public only (indexable)", "bob", "zebra", sorted(vis["public"])},
		{"stranger: public only", "carol", "zebra", sorted(vis["public"])},
		{"mentioned: everything addressed to them", "dave", "zebra", sorted(vis["public"], vis["unlisted"], vis["private"], vis["direct"])},
		{"anonymous sees nothing", "", "zebra", nil},
		{"markup is not indexed", "carol", "href", nil},
		{"remote text without markup: only a non-indexable author, so nothing", "carol", "remote", nil},
		{"phrase", "alice", `"zebra private"`, sorted(vis["private"])},
		{"phrase in the wrong order", "alice", `"private zebra"`, nil},
		{"prefix", "carol", "zeb", sorted(vis["public"])},
		{"all words must match", "alice", "zebra direct", sorted(vis["direct"])},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := searchIDs(t, w, tc.who, tc.q); !equalStrings(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("a favourite makes the remote post findable by who favourited it", func(t *testing.T) {
		id := strconv.FormatInt(int64(remoteStatus), 10)
		w.call(t, "erin", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 200)
		if got := searchIDs(t, w, "erin", "remote"); !equalStrings(got, []string{id}) {
			t.Errorf("got %v", got)
		}
		if got := searchIDs(t, w, "carol", "remote"); len(got) != 0 {
			t.Errorf("carol got %v", got)
		}
	})
	t.Run("a non-indexable local author is found by strangers no more", func(t *testing.T) {
		w.call(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", map[string]any{"indexable": "false"}).expect(t, 200)
		if got := searchIDs(t, w, "carol", "zebra"); len(got) != 0 {
			t.Errorf("got %v", got)
		}
		if got := searchIDs(t, w, "alice", "zebra"); len(got) != 4 {
			t.Errorf("alice got %v", got)
		}
	})
	t.Run("blocked author", func(t *testing.T) {
		w.call(t, "dave", "POST", "/api/v1/accounts/"+w.ids["alice"]+"/block", nil).expect(t, 200)
		if got := searchIDs(t, w, "dave", "zebra"); len(got) != 0 {
			t.Errorf("got %v", got)
		}
	})
	t.Run("edit reindexes, delete unindexes", func(t *testing.T) {
		w.call(t, "alice", "PUT", "/api/v1/statuses/"+vis["private"], map[string]any{"status": "okapi"}).expect(t, 200)
		if got := searchIDs(t, w, "alice", "okapi"); !equalStrings(got, []string{vis["private"]}) {
			t.Errorf("after edit: %v", got)
		}
		if got := searchIDs(t, w, "alice", "zebra private"); len(got) != 0 {
			t.Errorf("old text still found: %v", got)
		}
		w.call(t, "alice", "DELETE", "/api/v1/statuses/"+vis["private"], nil).expect(t, 200)
		if got := searchIDs(t, w, "alice", "okapi"); len(got) != 0 {
			t.Errorf("after delete: %v", got)
		}
	})
}

// TestSearchHostileQueries: FTS5 syntax typed into the box is words, never
// a 500.
func TestSearchHostileQueries(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	id := w.post(t, "alice", map[string]any{"status": `quoted "words" near NEAR body:x col*`})
	for _, q := range []string{`"`, `""`, `"unterminated`, `NEAR(a b)`, `a NEAR b`, `body:x`, `spoiler:x`, `{body}:x`,
		`*`, `**`, `a*b`, `-x`, `+`, `AND`, `OR OR`, `NOT`, `(`, `)`, `^x`, `'`, `\`, `%`, `col*`, "\x00", `"words"`} {
		t.Run(q, func(t *testing.T) {
			searchIDs(t, w, "alice", q) // expect 200 inside
		})
	}
	if got := searchIDs(t, w, "alice", `NEAR`); !equalStrings(got, []string{id}) {
		t.Errorf("NEAR as a word: %v", got)
	}
	if got := searchIDs(t, w, "alice", `body:x`); !equalStrings(got, []string{id}) {
		t.Errorf("column filter as words: %v", got)
	}
}
