package web_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// TestCSVExport checks every export against Mastodon's published formats:
// the header rows (or none) and the columns of each row.
func TestCSVExport(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	carol, _ := in.CreateUser(t, "carol")
	dave, _ := in.CreateUser(t, "dave")
	act := in.Actions()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(act.Follow(ctx, alice, bob.ID, actions.FollowArgs{Reblogs: true}))
	must(act.Follow(ctx, carol, alice.ID, actions.FollowArgs{}))
	must(act.Mute(ctx, alice, carol.ID, actions.MuteArgs{Notifications: true}))
	must(act.Block(ctx, alice, dave.ID))
	must(nil, act.BlockDomain(ctx, alice, "spam.example"))
	s := post(t, in, bob, actions.PostStatusArgs{Text: "keep this", Visibility: "public"})
	must(act.Bookmark(ctx, alice, s.ID, true))
	title := "Friends"
	list, err := act.CreateList(ctx, alice, actions.ListArgs{Title: &title})
	must(list, err)
	must(nil, act.AddToList(ctx, alice, list.ID, []store.ID{bob.ID}))

	b := newBrowserAs(t, in, "alice")
	if p := b.get("/settings/export"); p.Code != http.StatusOK {
		t.Fatalf("export page: %d", p.Code)
	}
	host := in.Host
	tests := []struct {
		kind, want string
	}{
		{"following", "Account address,Show boosts,Notify on new posts,Languages\nbob@" + host + ",true,false,\n"},
		{"followers", "Account address\ncarol@" + host + "\n"},
		{"lists", "Friends,bob@" + host + "\n"},
		{"mutes", "Account address,Hide notifications\ncarol@" + host + ",true\n"},
		{"blocks", "dave@" + host + "\n"},
		{"domain_blocks", "spam.example\n"},
		{"bookmarks", s.URL + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			resp, err := b.http.Get(in.URL + "/settings/export/" + tt.kind + ".csv")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
				t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if string(body) != tt.want {
				t.Fatalf("got\n%q\nwant\n%q", body, tt.want)
			}
		})
	}
	t.Run("unknown export", func(t *testing.T) {
		if p := b.get("/settings/export/passwords.csv"); p.Code != http.StatusNotFound {
			t.Fatalf("%d", p.Code)
		}
	})
}
