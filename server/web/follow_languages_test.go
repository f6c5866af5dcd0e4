package web_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// TestFollowLanguagesForm: on the profile of an account she follows, alice
// picks the languages she sees from it with a plain form; the follow's
// other options stay, and none checked means every language again.
func TestFollowLanguagesForm(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	carol, _ := in.CreateUser(t, "carol")
	if _, err := in.Actions().Follow(ctx, alice, bob.ID, actions.FollowArgs{Reblogs: false, Notify: true}); err != nil {
		t.Fatal(err)
	}
	b := newBrowserAs(t, in, "alice")
	action := "/accounts/" + store.FormatID(bob.ID) + "/languages"
	if p := b.get("/@carol"); strings.Contains(p.Body, "/accounts/"+store.FormatID(carol.ID)+"/languages") {
		t.Error("the languages form shows on the profile of an account alice does not follow")
	}
	profile := b.get("/@bob")
	if !strings.Contains(profile.Body, `action="`+action+`"`) || !strings.Contains(profile.Body, `name="languages" value="fr"`) {
		t.Fatalf("no languages form on bob's profile:\n%s", profile.Body)
	}

	relationship := func() store.Relationship {
		t.Helper()
		rels, err := in.Actions().Relationships(ctx, alice, []store.ID{bob.ID})
		if err != nil {
			t.Fatal(err)
		}
		return rels[0]
	}
	p := b.submit("/@bob", action, url.Values{"languages": {"fr", "de"}, "reblogs": {"false"}, "notify": {"true"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Code, p.Body)
	}
	if r := relationship(); !reflect.DeepEqual(r.Languages, []string{"fr", "de"}) || r.ShowingReblogs || !r.Notifying {
		t.Fatalf("after saving: %+v, want [fr de] with the other options kept", r)
	}
	if profile := b.get("/@bob"); !strings.Contains(profile.Body, `name="languages" value="fr" checked`) ||
		strings.Contains(profile.Body, `name="languages" value="en" checked`) {
		t.Error("the form does not show the saved languages checked")
	}
	bonjour := post(t, in, bob, actions.PostStatusArgs{Text: "bonjour", Visibility: "public", Language: "fr"})
	hello := post(t, in, bob, actions.PostStatusArgs{Text: "hello there", Visibility: "public", Language: "en"})
	home := b.get("/home")
	if !strings.Contains(home.Body, "bonjour") || strings.Contains(home.Body, "hello there") {
		t.Errorf("home should hold %s (fr) and not %s (en):\n%s", store.FormatID(bonjour.ID), store.FormatID(hello.ID), home.Body)
	}
	// The private home feed is the same home timeline.
	made := b.submit("/settings/reading", "/settings/feed", url.Values{})
	m := feedAddress.FindStringSubmatch(made.Body)
	if m == nil {
		t.Fatalf("no feed address shown (%d)", made.Code)
	}
	if feed := newBrowser(t, in).get(strings.TrimPrefix(m[1], in.URL)); feed.Code != http.StatusOK ||
		!strings.Contains(feed.Body, "bonjour") || strings.Contains(feed.Body, "hello there") {
		t.Errorf("the home feed should hold the French post only: %d\n%s", feed.Code, feed.Body)
	}
	if p := b.submit("/@bob", action, url.Values{"reblogs": {"false"}, "notify": {"true"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("save none: %d %s", p.Code, p.Body)
	}
	if r := relationship(); r.Languages != nil {
		t.Fatalf("none checked: languages %v, want all (nil)", r.Languages)
	}
	if p := b.submit("/@bob", action, url.Values{"languages": {"not a language"}}); p.Code != http.StatusUnprocessableEntity {
		t.Errorf("an invalid code: %d, want 422", p.Code)
	}
}
