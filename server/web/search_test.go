package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// TestSearchPage finds people, hashtags and posts, and follows from the
// results with plain form posts.
func TestSearchPage(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	post(t, in, bob, actions.PostStatusArgs{Text: "gardening notes #allotment", Visibility: "public"})
	post(t, in, bob, actions.PostStatusArgs{Text: "secret gardening plans", Visibility: "direct"})
	b := newBrowser(t, in)
	b.signIn("alice")

	tests := []struct {
		name, q   string
		want, not []string
	}{
		{"a person by name", "bo", []string{"@bob", `action="/accounts/` + store.FormatID(bob.ID) + `/follow"`}, nil},
		{"not oneself as a follow", "alice", []string{"@alice"}, []string{"/accounts/" + store.FormatID(alice.ID) + "/follow"}},
		{"a hashtag", "#allot", []string{`href="/tags/allotment"`}, nil},
		{"a post the viewer may see", "gardening", []string{"gardening notes"}, []string{"secret gardening"}},
		{"nothing", "zzzz", []string{"Nothing found."}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := b.get("/search?q=" + url.QueryEscape(tc.q))
			if p.Code != http.StatusOK {
				t.Fatalf("%d", p.Code)
			}
			for _, w := range tc.want {
				if !strings.Contains(p.Body, w) {
					t.Errorf("missing %q", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(p.Body, n) {
					t.Errorf("unexpected %q", n)
				}
			}
		})
	}

	t.Run("follow from the results", func(t *testing.T) {
		p := b.submit("/search?q=bob", "/accounts/"+store.FormatID(bob.ID)+"/follow", url.Values{})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("follow: %d", p.Code)
		}
		rels, err := in.Actions().Relationships(context.Background(), alice, []store.ID{bob.ID})
		if err != nil || len(rels) != 1 || !rels[0].Following {
			t.Fatalf("alice does not follow bob: %v %+v", err, rels)
		}
		if body := b.get("/search?q=bob").Body; !strings.Contains(body, "/accounts/"+store.FormatID(bob.ID)+"/unfollow") {
			t.Error("the result does not offer to unfollow")
		}
	})

	t.Run("signed out finds people but no posts", func(t *testing.T) {
		p := newBrowser(t, in).get("/search?q=gardening")
		if p.Code != http.StatusOK || strings.Contains(p.Body, "gardening notes") || !strings.Contains(p.Body, "Sign in to search posts.") {
			t.Errorf("signed-out search (%d)", p.Code)
		}
		if p := newBrowser(t, in).get("/search?q=bob"); !strings.Contains(p.Body, "@bob") || strings.Contains(p.Body, "/follow\"") {
			t.Error("signed-out people search")
		}
	})
}

// TestSearchPageResolvesRemote: a remote handle typed into the search page
// is looked up over the network, as the API's resolve=true, and followed.
func TestSearchPageResolvesRemote(t *testing.T) {
	a := servertest.Start(t)
	remote := servertest.Start(t, servertest.ListenIP("127.0.0.2"))
	a.CreateUser(t, "alice")
	carol, _ := remote.CreateUser(t, "carol")
	note := post(t, remote, carol, actions.PostStatusArgs{Text: "hello from afar", Visibility: "public"})
	b := newBrowser(t, a)
	b.signIn("alice")
	handle := "@carol@" + remote.Host
	p := b.get("/search?q=" + url.QueryEscape(handle))
	if p.Code != http.StatusOK || !strings.Contains(p.Body, "carol@"+remote.Host) {
		t.Fatalf("remote handle not found (%d)", p.Code)
	}
	copyOfCarol, err := a.DB.AccountByURI(context.Background(), carol.URI)
	if err != nil {
		t.Fatal(err)
	}
	if p := b.submit("/search?q="+url.QueryEscape(handle), "/accounts/"+store.FormatID(copyOfCarol.ID)+"/follow", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("follow: %d", p.Code)
	}
	if p := b.get("/search?q=" + url.QueryEscape(note.URI)); !strings.Contains(p.Body, "hello from afar") {
		t.Errorf("a remote post by URL was not found (%d)", p.Code)
	}
}

// TestFavouritesAndFollowRequestsPages: the favourites list and answering
// follow requests without JavaScript.
func TestFavouritesAndFollowRequestsPages(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	carol, _ := in.CreateUser(t, "carol")
	liked := post(t, in, bob, actions.PostStatusArgs{Text: "a likeable post", Visibility: "public"})
	post(t, in, bob, actions.PostStatusArgs{Text: "an ignored post", Visibility: "public"})
	if _, err := in.Actions().Favourite(ctx, alice, liked.ID); err != nil {
		t.Fatal(err)
	}
	locked := true
	if _, err := in.Actions().UpdateCredentials(ctx, alice, actions.UpdateCredentialsArgs{Locked: &locked}); err != nil {
		t.Fatal(err)
	}
	for _, who := range []*store.Account{bob, carol} {
		if _, err := in.Actions().Follow(ctx, who, alice.ID, actions.FollowArgs{}); err != nil {
			t.Fatal(err)
		}
	}
	b := newBrowser(t, in)
	b.signIn("alice")
	if p := b.get("/favourites"); p.Code != http.StatusOK || !strings.Contains(p.Body, "a likeable post") || strings.Contains(p.Body, "an ignored post") {
		t.Errorf("favourites (%d)", p.Code)
	}
	if p := newBrowser(t, in).get("/favourites"); p.Code != http.StatusSeeOther {
		t.Errorf("signed-out favourites: %d", p.Code)
	}
	p := b.get("/follow_requests")
	if !strings.Contains(p.Body, "@bob") || !strings.Contains(p.Body, "@carol") {
		t.Fatalf("follow requests (%d)", p.Code)
	}
	for _, answer := range []struct {
		who    *store.Account
		action string
	}{{bob, "authorize"}, {carol, "reject"}} {
		p := b.submit("/follow_requests", "/follow_requests/"+store.FormatID(answer.who.ID)+"/"+answer.action, url.Values{})
		if p.Code != http.StatusSeeOther || p.Location != "/follow_requests" {
			t.Errorf("%s: %d %s", answer.action, p.Code, p.Location)
		}
	}
	rels, err := in.Actions().Relationships(ctx, alice, []store.ID{bob.ID, carol.ID})
	if err != nil || len(rels) != 2 || !rels[0].FollowedBy || rels[1].FollowedBy || rels[1].RequestedBy {
		t.Errorf("after answering: %v %+v", err, rels)
	}
	if body := b.get("/follow_requests").Body; !strings.Contains(body, "No one is asking to follow you.") {
		t.Error("the answered requests are still listed")
	}
	if p := b.submit("/follow_requests", "/follow_requests/"+store.FormatID(bob.ID)+"/shrug", url.Values{}); p.Code != http.StatusNotFound {
		t.Errorf("unknown answer: %d", p.Code)
	}
}

// TestMoreMenu: every post has a more menu with its link; others' posts
// offer to mute or block the author, one's own to edit and delete.
func TestMoreMenu(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	theirs := post(t, in, bob, actions.PostStatusArgs{Text: "bob speaks", Visibility: "public"})
	mine := post(t, in, alice, actions.PostStatusArgs{Text: "alice speaks", Visibility: "public"})
	b := newBrowser(t, in)
	b.signIn("alice")
	other := b.get(statusPage(bob, theirs)).Body
	for _, want := range []string{theirs.URL, `/accounts/` + store.FormatID(bob.ID) + `/mute"`, `/accounts/` + store.FormatID(bob.ID) + `/block"`, "data-copy"} {
		if !strings.Contains(other, want) {
			t.Errorf("bob's post: missing %q", want)
		}
	}
	if strings.Contains(other, "/statuses/"+store.FormatID(theirs.ID)+"/edit") {
		t.Error("bob's post offers alice to edit it")
	}
	own := b.get(statusPage(alice, mine)).Body
	for _, want := range []string{mine.URL, "/statuses/" + store.FormatID(mine.ID) + "/edit", "/statuses/" + store.FormatID(mine.ID) + "/redraft"} {
		if !strings.Contains(own, want) {
			t.Errorf("alice's post: missing %q", want)
		}
	}
	if strings.Contains(own, "/accounts/"+store.FormatID(alice.ID)+"/block") {
		t.Error("alice is offered to block herself")
	}
	if p := b.submit(statusPage(bob, theirs), "/accounts/"+store.FormatID(bob.ID)+"/mute", url.Values{}); p.Code != http.StatusSeeOther {
		t.Errorf("mute from the menu: %d", p.Code)
	}
}
