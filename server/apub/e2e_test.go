package apub_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// pair is two Roost instances federating over loopback: A on 127.0.0.1 and
// B on 127.0.0.2, with alice on A and bob on B.
type pair struct {
	a, b             *servertest.Instance
	alice, bob, dave *store.Account // dave lives on B
	aliceToken       string
}

func newPair(t *testing.T) *pair {
	p := &pair{a: servertest.Start(t), b: servertest.Start(t, servertest.ListenIP("127.0.0.2"))}
	var aliceUser *store.User
	p.alice, aliceUser = p.a.CreateUser(t, "alice")
	p.aliceToken = p.a.Token(t, aliceUser)
	p.bob, _ = p.b.CreateUser(t, "bob")
	p.dave, _ = p.b.CreateUser(t, "dave")
	return p
}

// remoteOn returns in's copy of acct (living on from), resolved through WebFinger.
func remoteOn(t *testing.T, in, from *servertest.Instance, acct *store.Account) *store.Account {
	t.Helper()
	got, err := in.Actions().ResolveAccount(context.Background(), acct.Username+"@"+from.Host)
	if err != nil {
		t.Fatalf("resolve %s@%s: %v", acct.Username, from.Host, err)
	}
	return got
}

// copyOf returns in's copy of a status, or nil.
func copyOf(in *servertest.Instance, s *store.Status) *store.Status {
	got, err := in.DB.StatusByURI(context.Background(), s.URI)
	if err != nil {
		return nil
	}
	return got
}

func count(t *testing.T, in *servertest.Instance, query string, args ...any) int {
	t.Helper()
	var n int
	if err := in.DB.R().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFederationBetweenTwoInstances(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	var bobOnA, aliceOnB *store.Account

	t.Run("search with resolve finds the remote account", func(t *testing.T) {
		q := url.Values{"q": {"@bob@" + p.b.Host}, "resolve": {"true"}}
		req, _ := http.NewRequest(http.MethodGet, p.a.URL+"/api/v1/accounts/search?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+p.aliceToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var found []struct{ ID, Acct string }
		json.NewDecoder(resp.Body).Decode(&found)
		if len(found) != 1 || found[0].Acct != "bob@"+p.b.Host {
			t.Fatalf("search: %d %+v", resp.StatusCode, found)
		}
		bobOnA = remoteOn(t, p.a, p.b, p.bob)
	})
	t.Run("alice follows bob and the Accept comes back", func(t *testing.T) {
		if _, err := p.a.Actions().Follow(ctx, p.alice, bobOnA.ID, actions.FollowArgs{Reblogs: true}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			return count(t, p.a, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", p.alice.ID, bobOnA.ID) == 1
		})
		aliceOnB = remoteOn(t, p.b, p.a, p.alice)
		if count(t, p.b, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", aliceOnB.ID, p.bob.ID) != 1 {
			t.Fatal("B does not record alice as bob's follower")
		}
	})

	var public *store.Status
	t.Run("alice's home shows exactly what she may see", func(t *testing.T) {
		post := func(text, visibility string) *store.Status {
			v, err := p.b.Actions().PostStatus(ctx, p.bob, actions.PostStatusArgs{Text: text, Visibility: visibility})
			if err != nil {
				t.Fatal(err)
			}
			return v.Status
		}
		public = post("public hello", "public")
		private := post("followers only", "private")
		toAlice := post("@alice@"+p.a.Host+" just for you", "direct")
		toDave := post("@dave secret", "direct")
		marker := post("last one", "public")
		// Deliveries run in parallel, so they may arrive in any order.
		waitFor(t, func() bool {
			for _, s := range []*store.Status{public, private, toAlice, marker} {
				if copyOf(p.a, s) == nil {
					return false
				}
			}
			return true
		})
		if copyOf(p.a, toDave) != nil {
			t.Fatal("a direct message to dave reached A")
		}
		home, err := p.a.Actions().HomeTimeline(ctx, p.alice, store.Page{Limit: 40})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, s := range home.List {
			seen[s.URI] = true
		}
		for _, s := range []*store.Status{public, private, toAlice, marker} {
			if !seen[s.URI] {
				t.Errorf("home lacks %q", s.Text)
			}
		}
		if len(home.List) != 4 {
			t.Errorf("home has %d statuses, want 4", len(home.List))
		}
		convs, err := p.a.Actions().Conversations(ctx, p.alice, store.Page{Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if len(convs.List) != 1 {
			t.Fatalf("alice has %d conversations, want 1", len(convs.List))
		}
		if last, err := p.a.DB.Status(ctx, convs.List[0].LastStatusID); err != nil || last.URI != toAlice.URI {
			t.Errorf("alice's conversation does not end with bob's direct message: %v %v", last, err)
		}
	})
	t.Run("bob's pins show on A and unpinning removes them", func(t *testing.T) {
		pinned := func() int {
			return count(t, p.a, "SELECT COUNT(*) FROM pins WHERE account_id = ? AND status_id = (SELECT id FROM statuses WHERE uri = ?)", bobOnA.ID, public.URI)
		}
		if _, err := p.b.Actions().Pin(ctx, p.bob, public.ID, true); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return pinned() == 1 })
		list, err := p.a.Actions().AccountStatuses(ctx, p.alice, bobOnA.ID, store.AccountFilter{Pinned: true}, "", store.Page{Limit: 20})
		if err != nil || len(list.List) != 1 || list.List[0].URI != public.URI {
			t.Fatalf("pinned=true on A: %v %v", list, err)
		}
		if _, err := p.b.Actions().Pin(ctx, p.bob, public.ID, false); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return pinned() == 0 })
	})
	t.Run("bob's featured hashtags show on A", func(t *testing.T) {
		if _, err := p.b.Actions().FeatureTag(ctx, p.bob, "gardening"); err != nil {
			t.Fatal(err)
		}
		featured := func() int {
			return count(t, p.a, "SELECT COUNT(*) FROM featured_tags f JOIN tags t ON t.id = f.tag_id WHERE f.account_id = ? AND t.name = 'gardening'", bobOnA.ID)
		}
		waitFor(t, func() bool { return featured() == 1 })
		list := getJSON[[]map[string]any](t, p.a.URL+"/api/v1/accounts/"+store.FormatID(bobOnA.ID)+"/featured_tags", p.aliceToken)
		if len(list) != 1 || list[0]["name"] != "gardening" {
			t.Fatalf("featured tags of bob on A: %v", list)
		}
		tags, err := p.b.DB.FeaturedTags(ctx, p.bob.ID)
		if err != nil || len(tags) != 1 {
			t.Fatal(err)
		}
		if err := p.b.Actions().UnfeatureTag(ctx, p.bob, tags[0].ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return featured() == 0 })
	})
	t.Run("search v2 with resolve fetches a status by URL", func(t *testing.T) {
		v, err := p.b.Actions().PostStatus(ctx, p.dave, actions.PostStatusArgs{Text: "dave speaks", Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		q := url.Values{"q": {v.Status.URI}, "resolve": {"true"}, "type": {"statuses"}}
		req, _ := http.NewRequest(http.MethodGet, p.a.URL+"/api/v2/search?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+p.aliceToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var found struct{ Statuses []struct{ URI string } }
		json.NewDecoder(resp.Body).Decode(&found)
		if len(found.Statuses) != 1 || found.Statuses[0].URI != v.Status.URI {
			t.Fatalf("search: %d %+v", resp.StatusCode, found)
		}
	})
	t.Run("reply, favourite and boost reach B", func(t *testing.T) {
		onA := copyOf(p.a, public)
		reply, err := p.a.Actions().PostStatus(ctx, p.alice, actions.PostStatusArgs{Text: "@bob@" + p.b.Host + " nice",
			Visibility: "public", InReplyToID: onA.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.a.Actions().Favourite(ctx, p.alice, onA.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := p.a.Actions().Reblog(ctx, p.alice, onA.ID, ""); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			s := copyOf(p.b, public)
			return s.FavouritesCount == 1 && s.ReblogsCount == 1 && s.RepliesCount == 1
		})
		if r := copyOf(p.b, reply.Status); r == nil || r.InReplyToID == nil || *r.InReplyToID != public.ID {
			t.Fatal("the reply is not threaded on B")
		}
	})
	t.Run("edit and delete reach A", func(t *testing.T) {
		if _, err := p.b.Actions().EditStatus(ctx, p.bob, public.ID, actions.EditStatusArgs{Text: "public hello, edited"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { s := copyOf(p.a, public); return s != nil && s.EditedAt != nil })
		if _, err := p.b.Actions().DeleteStatus(ctx, p.bob, public.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return copyOf(p.a, public) == nil })
	})
	t.Run("the other way: bob follows alice, favourites and boosts her post", func(t *testing.T) {
		if _, err := p.b.Actions().Follow(ctx, p.bob, aliceOnB.ID, actions.FollowArgs{Reblogs: true}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			return count(t, p.b, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", p.bob.ID, aliceOnB.ID) == 1
		})
		v, err := p.a.Actions().PostStatus(ctx, p.alice, actions.PostStatusArgs{Text: "from A", Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return copyOf(p.b, v.Status) != nil })
		onB := copyOf(p.b, v.Status)
		if _, err := p.b.Actions().Favourite(ctx, p.bob, onB.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := p.b.Actions().Reblog(ctx, p.bob, onB.ID, ""); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			s := copyOf(p.a, v.Status)
			return s.FavouritesCount == 1 && s.ReblogsCount == 1
		})
		// Undo Like and Undo Announce.
		if _, err := p.b.Actions().Unfavourite(ctx, p.bob, onB.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := p.b.Actions().Unreblog(ctx, p.bob, onB.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			s := copyOf(p.a, v.Status)
			return s.FavouritesCount == 0 && s.ReblogsCount == 0
		})
		if _, err := p.a.Actions().DeleteStatus(ctx, p.alice, v.Status.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return copyOf(p.b, v.Status) == nil })
	})
	t.Run("profile updates and follow rejections reach the other side", func(t *testing.T) {
		name := "Bob the Builder"
		if _, err := p.b.Actions().UpdateCredentials(ctx, p.bob, actions.UpdateCredentialsArgs{DisplayName: &name}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			acct, err := p.a.DB.Account(ctx, bobOnA.ID)
			return err == nil && acct.DisplayName == name
		})
		locked := true
		if _, err := p.b.Actions().UpdateCredentials(ctx, p.dave, actions.UpdateCredentialsArgs{Locked: &locked}); err != nil {
			t.Fatal(err)
		}
		// A's copy of dave may predate the lock: B decides by its own state.
		daveOnA := remoteOn(t, p.a, p.b, p.dave)
		if _, err := p.a.Actions().Follow(ctx, p.alice, daveOnA.ID, actions.FollowArgs{}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			return count(t, p.b, "SELECT COUNT(*) FROM follow_requests WHERE account_id = ? AND target_account_id = ?", aliceOnB.ID, p.dave.ID) == 1
		})
		if _, err := p.b.Actions().AnswerFollowRequest(ctx, p.dave, aliceOnB.ID, false); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			return count(t, p.a, "SELECT COUNT(*) FROM follow_requests WHERE account_id = ? AND target_account_id = ?", p.alice.ID, daveOnA.ID) == 0 &&
				count(t, p.a, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", p.alice.ID, daveOnA.ID) == 0
		})
	})
	t.Run("block removes follows both ways", func(t *testing.T) {
		if _, err := p.a.Actions().Block(ctx, p.alice, bobOnA.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			return count(t, p.b, "SELECT COUNT(*) FROM follows WHERE (account_id = ? AND target_account_id = ?) OR (account_id = ? AND target_account_id = ?)",
				p.bob.ID, aliceOnB.ID, aliceOnB.ID, p.bob.ID) == 0
		})
		waitFor(t, func() bool {
			return count(t, p.b, "SELECT COUNT(*) FROM blocks WHERE account_id = ? AND target_account_id = ?", aliceOnB.ID, p.bob.ID) == 1
		})
		// Undo Block.
		if _, err := p.a.Actions().Unblock(ctx, p.alice, bobOnA.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool {
			return count(t, p.b, "SELECT COUNT(*) FROM blocks WHERE account_id = ? AND target_account_id = ?", aliceOnB.ID, p.bob.ID) == 0
		})
	})
}

// TestFederationSurvivesSenderRestart: A queues a post for B while B is
// down, A is stopped with the delivery pending, and the A started again on
// the same data folder delivers it once B is back.
func TestFederationSurvivesSenderRestart(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	aliceOnB := remoteOn(t, p.b, p.a, p.alice)
	if _, err := p.b.Actions().Follow(ctx, p.bob, aliceOnB.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		return count(t, p.b, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", p.bob.ID, aliceOnB.ID) == 1
	})
	bDir, bAddr := p.b.Config.Data, p.b.Host
	aDir, aAddr := p.a.Config.Data, p.a.Host
	if err := p.b.Stop(); err != nil {
		t.Fatal(err)
	}
	v, err := p.a.Actions().PostStatus(ctx, p.alice, actions.PostStatusArgs{Text: "while you were out", Visibility: "public"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		return count(t, p.a, "SELECT COUNT(*) FROM deliveries WHERE attempts > 0") > 0
	})
	if err := p.a.Stop(); err != nil {
		t.Fatal(err)
	}

	b := servertest.Start(t, servertest.DataDir(bDir), servertest.Listen(bAddr))
	a := servertest.Start(t, servertest.DataDir(aDir), servertest.Listen(aAddr))
	if n, err := a.DB.QueuedDeliveries(ctx); err != nil || n == 0 {
		t.Fatalf("nothing queued after restart: %d, %v", n, err)
	}
	// The failed attempt set a retry later on; bring it forward rather than wait.
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE deliveries SET next_at = 0")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	a.Actions().Wake()
	waitFor(t, func() bool { return copyOf(b, v.Status) != nil })
	waitFor(t, func() bool { n, _ := a.DB.QueuedDeliveries(ctx); return n == 0 })
}
