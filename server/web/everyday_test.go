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

// TestDirectMessagesPage: the addressee finds a direct message on the
// direct messages page, under the warning; nobody else finds it on any
// signed-in page.
func TestDirectMessagesPage(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	in.CreateUser(t, "bob")
	carol, _ := in.CreateUser(t, "carol")
	if _, err := in.Actions().Follow(ctx, carol, alice.ID, actions.FollowArgs{}); err != nil {
		t.Fatal(err)
	}
	dm := post(t, in, alice, actions.PostStatusArgs{Text: "@bob DMSECRET", Visibility: "direct"})

	bob := newBrowser(t, in)
	bob.signIn("bob")
	p := bob.get("/conversations")
	if p.Code != http.StatusOK || !strings.Contains(p.Body, "DMSECRET") || !strings.Contains(p.Body, "may show them publicly") ||
		!strings.Contains(p.Body, `class="conversation unread"`) || !strings.Contains(p.Body, "@alice") {
		t.Fatalf("bob's direct messages page (%d): %s", p.Code, p.Body)
	}
	if !strings.Contains(p.Body, `<option value="direct" selected>`) {
		t.Error("the direct messages composer does not default to direct")
	}
	carolB := newBrowser(t, in)
	carolB.signIn("carol")
	for _, path := range []string{"/conversations", "/home", "/notifications", "/bookmarks", "/@alice", "/@alice/with_replies",
		"/public", "/public/local", statusPage(alice, dm)} {
		if body := carolB.get(path).Body; strings.Contains(body, "DMSECRET") {
			t.Errorf("carol sees the direct message on %s", path)
		}
	}
	if p := newBrowser(t, in).get("/conversations"); p.Code != http.StatusSeeOther {
		t.Errorf("signed out: %d", p.Code)
	}
}

// TestBookmarksPage: a user's bookmarks, newest first, for that user only.
func TestBookmarksPage(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	kept := post(t, in, alice, actions.PostStatusArgs{Text: "worth keeping", Visibility: "public"})
	post(t, in, alice, actions.PostStatusArgs{Text: "not kept", Visibility: "public"})
	if _, err := in.Actions().Bookmark(ctx, bob, kept.ID, true); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, in)
	b.signIn("bob")
	p := b.get("/bookmarks")
	if p.Code != http.StatusOK || !strings.Contains(p.Body, "worth keeping") || strings.Contains(p.Body, "not kept") {
		t.Errorf("bob's bookmarks (%d)", p.Code)
	}
	a := newBrowser(t, in)
	a.signIn("alice")
	if body := a.get("/bookmarks").Body; strings.Contains(body, "worth keeping") {
		t.Error("alice sees bob's bookmarks")
	}
	if p := newBrowser(t, in).get("/bookmarks"); p.Code != http.StatusSeeOther {
		t.Errorf("signed out: %d", p.Code)
	}
}

// TestAnnouncementsInTheWebUI: admins write announcements in the admin
// area; users see them as a banner until they dismiss them.
func TestAnnouncementsInTheWebUI(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "root", "admin", true)
	createUser(t, in, "mod", "moderator", true)
	in.CreateUser(t, "alice")

	admin := newBrowser(t, in)
	admin.signIn("root")
	p := admin.submit("/admin/announcements", "/admin/announcements", url.Values{"text": {""}, "publish": {"1"}})
	if p.Code != http.StatusUnprocessableEntity {
		t.Fatalf("blank announcement: %d", p.Code)
	}
	p = admin.submit("/admin/announcements", "/admin/announcements", url.Values{"text": {"x"}, "starts_at": {"soon"}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "is not a valid date") {
		t.Fatalf("bad date: %d", p.Code)
	}
	p = admin.submit("/admin/announcements", "/admin/announcements", url.Values{"text": {"Server moves on Sunday"}, "publish": {"1"},
		"starts_at": {"2020-01-01T10:00"}, "ends_at": {"2099-01-01T10:00"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", p.Code, p.Body)
	}
	list, err := in.Actions().AllAnnouncements(context.Background(), actions.Operator())
	if err != nil || len(list) != 1 {
		t.Fatalf("announcements %v %v", list, err)
	}
	id := store.FormatID(list[0].ID)

	alice := newBrowser(t, in)
	alice.signIn("alice")
	home := alice.get("/home")
	if !strings.Contains(home.Body, "Server moves on Sunday") || !strings.Contains(home.Body, `action="/announcements/`+id+`/dismiss"`) {
		t.Fatal("no banner on home")
	}
	if p := newBrowser(t, in).get("/public/local"); strings.Contains(p.Body, "Server moves on Sunday") {
		t.Error("signed-out visitors see the banner")
	}
	p = alice.submit("/home", "/announcements/"+id+"/dismiss", url.Values{"next": {"/notifications"}})
	if p.Code != http.StatusSeeOther || p.Location != "/notifications" {
		t.Fatalf("dismiss: %d %q", p.Code, p.Location)
	}
	if strings.Contains(alice.get("/home").Body, "Server moves on Sunday") {
		t.Error("the banner is still shown after dismissing")
	}
	if p := alice.submit("/home", "/announcements/"+id+"/dismiss", url.Values{}); p.Code != http.StatusSeeOther {
		t.Errorf("dismissing twice: %d", p.Code)
	}

	// Edit: unpublishing hides it from everyone who had not dismissed it.
	p = admin.get("/admin/announcements/" + id + "/edit")
	if !strings.Contains(p.Body, `value="2020-01-01T10:00"`) || !strings.Contains(p.Body, "Server moves on Sunday") {
		t.Fatalf("edit form: %s", p.Body)
	}
	p = admin.submit("/admin/announcements/"+id+"/edit", "/admin/announcements/"+id, url.Values{"text": {"Server moves on Monday"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d", p.Code)
	}
	if body := admin.get("/admin/announcements").Body; !strings.Contains(body, "Server moves on Monday") || !strings.Contains(body, "Draft") {
		t.Error("the edited draft is not listed")
	}
	if strings.Contains(admin.get("/home").Body, `id="announcement-banner-`) {
		t.Error("a draft shows in the banner")
	}

	// Nobody else manages announcements.
	mod := newBrowser(t, in)
	mod.signIn("mod")
	for _, b := range []*browser{mod, alice} {
		if p := b.get("/admin/announcements"); p.Code != http.StatusForbidden {
			t.Errorf("non-admin sees the admin page: %d", p.Code)
		}
		if p := b.submit("/home", "/admin/announcements/"+id+"/delete", url.Values{}); p.Code != http.StatusForbidden {
			t.Errorf("non-admin deletes: %d", p.Code)
		}
	}
	p = admin.submit("/admin/announcements", "/admin/announcements/"+id+"/delete", url.Values{})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", p.Code)
	}
	if p := admin.submit("/admin/announcements", "/admin/announcements/"+id+"/delete", url.Values{}); p.Code != http.StatusNotFound {
		t.Errorf("deleting twice: %d", p.Code)
	}
}

// TestProfileFeaturesAndPins: pinned posts come first on the profile,
// featured hashtags show with their counts and link to the tagged posts.
func TestProfileFeaturesAndPins(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	pinned := post(t, in, alice, actions.PostStatusArgs{Text: "the pinned one #roost", Visibility: "public"})
	post(t, in, alice, actions.PostStatusArgs{Text: "newer but not pinned", Visibility: "public"})
	post(t, in, alice, actions.PostStatusArgs{Text: "untagged", Visibility: "public"})
	if _, err := in.Actions().Pin(ctx, alice, pinned.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().FeatureTag(ctx, alice, "roost"); err != nil {
		t.Fatal(err)
	}
	body := newBrowser(t, in).get("/@alice").Body
	pin, newer := strings.Index(body, "the pinned one"), strings.Index(body, "newer but not pinned")
	if pin < 0 || newer < 0 || pin > newer || !strings.Contains(body, `id="pinned-title"`) {
		t.Error("the pinned post does not come first")
	}
	if !strings.Contains(body, `href="/@alice/tagged/roost" rel="tag">#roost</a>`) || !strings.Contains(body, "1 post") {
		t.Error("the featured hashtag is not shown with its count")
	}
	tagged := newBrowser(t, in).get("/@alice/tagged/roost")
	if tagged.Code != http.StatusOK || !strings.Contains(tagged.Body, "the pinned one") || strings.Contains(tagged.Body, "untagged") {
		t.Errorf("tagged tab (%d)", tagged.Code)
	}
}

// TestFeaturedTagsSettings: feature a hashtag from the settings, see the
// errors of a bad or repeated one, and remove it.
func TestFeaturedTagsSettings(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	post(t, in, alice, actions.PostStatusArgs{Text: "about #gardening", Visibility: "public"})
	b := newBrowser(t, in)
	b.signIn("alice")
	if p := b.get("/settings/featured_tags"); !strings.Contains(p.Body, "#gardening") {
		t.Error("no suggestion of a used hashtag")
	}
	p := b.submit("/settings/featured_tags", "/settings/featured_tags", url.Values{"name": {"gardening"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("feature: %d", p.Code)
	}
	for _, tc := range []struct{ name, want string }{{"gardening", "You already feature this hashtag."}, {"two words", "Use letters"}} {
		p := b.submit("/settings/featured_tags", "/settings/featured_tags", url.Values{"name": {tc.name}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, tc.want) {
			t.Errorf("%q: %d, want the message %q", tc.name, p.Code, tc.want)
		}
	}
	if body := b.get("/@alice").Body; !strings.Contains(body, "#gardening</a>") {
		t.Error("the featured hashtag is not on the profile")
	}
	tags, err := in.Actions().FeaturedTags(context.Background(), alice.ID)
	if err != nil || len(tags) != 1 {
		t.Fatalf("tags %v %v", tags, err)
	}
	p = b.submit("/settings/featured_tags", "/settings/featured_tags/"+store.FormatID(tags[0].ID)+"/delete", url.Values{})
	if p.Code != http.StatusSeeOther || strings.Contains(b.get("/@alice").Body, "#gardening</a>") {
		t.Errorf("remove: %d", p.Code)
	}
	other := newBrowser(t, in)
	in.CreateUser(t, "mallory")
	other.signIn("mallory")
	if p := other.submit("/settings/featured_tags", "/settings/featured_tags/"+store.FormatID(tags[0].ID)+"/delete", url.Values{}); p.Code != http.StatusNotFound {
		t.Errorf("someone else's featured tag: %d", p.Code)
	}
}
