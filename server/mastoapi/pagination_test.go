package mastoapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"roost/store"
)

// TestPaginationEverywhere walks every paginated list two items at a time
// through its Link headers, as apps do, and checks Mastodon's semantics:
// pages newest first that join up into the whole list, rel="next" with
// max_id, rel="prev" with min_id returning the page just above (not the
// newest page, which since_id would give), and no Link on an empty page.
func TestPaginationEverywhere(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "locked")
	fans := []string{"f1", "f2", "f3", "f4", "f5", "f6"}
	for _, f := range fans {
		w.addUser(t, f)
	}
	alice, locked := w.ids["alice"], w.ids["locked"]
	w.call(t, "locked", "PATCH", "/api/v1/accounts/update_credentials", map[string]any{"locked": true}).expect(t, 200)
	var posted []string
	for i := 0; i < 6; i++ {
		id := w.post(t, "alice", map[string]any{"status": fmt.Sprintf("page %d #paging", i)})
		posted = append(posted, id)
		w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 200)
		w.call(t, "bob", "POST", "/api/v1/statuses/"+id+"/bookmark", nil).expect(t, 200)
	}
	first := posted[0]
	for _, f := range fans {
		w.call(t, f, "POST", "/api/v1/accounts/"+alice+"/follow", nil).expect(t, 200)
		w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids[f]+"/follow", nil).expect(t, 200)
		w.call(t, f, "POST", "/api/v1/accounts/"+locked+"/follow", nil).expect(t, 200)
		w.call(t, f, "POST", "/api/v1/statuses/"+first+"/reblog", nil).expect(t, 200)
		w.call(t, f, "POST", "/api/v1/statuses/"+first+"/favourite", nil).expect(t, 200)
	}

	lists := []struct {
		name, who, path string
		grouped         bool // items are notification groups
	}{
		{"home", "alice", "/api/v1/timelines/home", false},
		{"public", "", "/api/v1/timelines/public", false},
		{"public local", "", "/api/v1/timelines/public?local=true", false},
		{"tag", "", "/api/v1/timelines/tag/paging", false},
		{"account statuses", "", "/api/v1/accounts/" + alice + "/statuses", false},
		{"favourites", "bob", "/api/v1/favourites", false},
		{"bookmarks", "bob", "/api/v1/bookmarks", false},
		{"notifications", "alice", "/api/v1/notifications", false},
		{"grouped notifications", "alice", "/api/v2/notifications", true},
		{"followers", "", "/api/v1/accounts/" + alice + "/followers", false},
		{"following", "", "/api/v1/accounts/" + alice + "/following", false},
		{"follow requests", "locked", "/api/v1/follow_requests", false},
		{"favourited by", "", "/api/v1/statuses/" + first + "/favourited_by", false},
		{"reblogged by", "", "/api/v1/statuses/" + first + "/reblogged_by", false},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			items := func(r response) []string {
				if !l.grouped {
					return ids(r.list(t))
				}
				var out []string
				for _, g := range r.object(t)["notification_groups"].([]any) {
					out = append(out, g.(map[string]any)["group_key"].(string))
				}
				return out
			}
			sep := "?"
			if strings.Contains(l.path, "?") {
				sep = "&"
			}
			whole := items(w.call(t, l.who, "GET", l.path+sep+"limit=40", nil).expect(t, 200))
			if len(whole) < 6 {
				t.Fatalf("only %d items: %v", len(whole), whole)
			}
			var pages []response
			var walked []string
			for path := l.path + sep + "limit=2"; path != ""; path = nextLink(t, pages[len(pages)-1]) {
				r := w.call(t, l.who, "GET", path, nil).expect(t, 200)
				got := items(r)
				if len(got) == 0 {
					if h := r.header.Get("Link"); h != "" {
						t.Errorf("empty page has Link %q", h)
					}
					break
				}
				if len(got) > 2 {
					t.Fatalf("page of %d with limit=2", len(got))
				}
				pages = append(pages, r)
				walked = append(walked, got...)
				if len(pages) > 30 {
					t.Fatal("pagination does not end")
				}
			}
			if strings.Join(walked, ",") != strings.Join(whole, ",") {
				t.Errorf("pages joined:\n %v\nwhole list:\n %v", walked, whole)
			}
			prev := linkRel(t, pages[2], "prev")
			if prev == "" || !strings.Contains(prev, "min_id=") {
				t.Fatalf("third page's prev link %q", prev)
			}
			above := items(w.call(t, l.who, "GET", prev, nil).expect(t, 200))
			if strings.Join(above, ",") != strings.Join(items(pages[1]), ",") {
				t.Errorf("prev of the third page = %v, want the second page %v", above, items(pages[1]))
			}
		})
	}
}

// TestSinceIDAgainstMinID pins the difference Mastodon makes between the
// two lower bounds: since_id gives the newest items above it, min_id the
// items just above it; both newest first.
func TestSinceIDAgainstMinID(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	var p []string
	for i := 0; i < 5; i++ {
		p = append(p, w.post(t, "alice", map[string]any{"status": fmt.Sprintf("n%d", i)}))
	}
	tests := []struct{ name, query, want string }{
		{"since_id", "since_id=" + p[0], p[4] + "," + p[3]},
		{"min_id", "min_id=" + p[0], p[2] + "," + p[1]},
		{"max_id", "max_id=" + p[4], p[3] + "," + p[2]},
		{"max_id and since_id", "max_id=" + p[4] + "&since_id=" + p[1], p[3] + "," + p[2]},
		{"max_id and min_id", "max_id=" + p[4] + "&min_id=" + p[0], p[2] + "," + p[1]},
	}
	for _, tc := range tests {
		got := ids(w.call(t, "alice", "GET", "/api/v1/timelines/home?limit=2&"+tc.query, nil).expect(t, 200).list(t))
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, got, tc.want)
		}
	}
}

// TestPageSizes: each list pages by Mastodon's sizes for its kind: 20 up
// to 40 statuses, 40 up to 80 accounts, 100 up to 200 domains.
func TestPageSizes(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	ctx := context.Background()
	alice, _ := store.ParseID(w.ids["alice"])
	err := w.in.DB.Write(ctx, func(tx *store.Tx) error {
		for i := range 210 {
			name := fmt.Sprintf("fan%d", i)
			if i < 85 {
				fan := w.in.DB.NewID()
				if err := tx.InsertAccount(&store.Account{ID: fan, Username: name, Domain: "fans.example",
					URI: "https://fans.example/users/" + name}); err != nil {
					return err
				}
				if err := tx.InsertFollow(&store.Follow{ID: w.in.DB.NewID(), AccountID: fan, TargetAccountID: alice,
					CreatedAt: time.Now()}); err != nil {
					return err
				}
				if err := tx.InsertStatus(&store.Status{ID: w.in.DB.NewID(), URI: "https://roost.example/s/" + name, AccountID: alice,
					Local: true, Visibility: "public", Content: "<p>" + name + "</p>", CreatedAt: time.Now()}); err != nil {
					return err
				}
			}
			if err := tx.InsertUserDomainBlock(alice, name+".example"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	followers := "/api/v1/accounts/" + w.ids["alice"] + "/followers"
	cases := []struct {
		name, path string
		want       int
	}{
		{"followers by default", followers, 40},
		{"followers, 80 asked", followers + "?limit=80", 80},
		{"followers, 500 asked", followers + "?limit=500", 80},
		{"home by default", "/api/v1/timelines/home", 20},
		{"home, 80 asked", "/api/v1/timelines/home?limit=80", 40},
		{"account statuses, 0 asked", "/api/v1/accounts/" + w.ids["alice"] + "/statuses?limit=0", 1},
		{"domain blocks by default", "/api/v1/domain_blocks", 100},
		{"domain blocks, 500 asked", "/api/v1/domain_blocks?limit=500", 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []any
			w.call(t, "alice", "GET", c.path, nil).expect(t, 200).json(t, &got)
			if len(got) != c.want {
				t.Errorf("%d items, want %d", len(got), c.want)
			}
		})
	}
}
