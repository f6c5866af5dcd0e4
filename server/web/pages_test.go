package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// post publishes a status through the same operation the pages use.
func post(t *testing.T, in *servertest.Instance, author *store.Account, args actions.PostStatusArgs) *store.Status {
	t.Helper()
	view, err := in.Actions().PostStatus(context.Background(), author, args)
	if err != nil {
		t.Fatal(err)
	}
	return view.Status
}

func statusPage(acct *store.Account, s *store.Status) string {
	return "/@" + acct.Username + "/" + store.FormatID(s.ID)
}

// TestPublicPages: every public page renders for a signed-out visitor,
// with its previews and alternate links.
func TestPublicPages(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	first := post(t, in, alice, actions.PostStatusArgs{Text: "Hello #roost world", Visibility: "public"})
	reply := post(t, in, alice, actions.PostStatusArgs{Text: "a reply to myself", Visibility: "public", InReplyToID: first.ID})
	if _, err := in.Actions().Pin(context.Background(), alice, first.ID, true); err != nil {
		t.Fatal(err)
	}
	fields := []actions.FieldInput{{Name: "Site", Value: "https://example.com/me"}, {Name: "Pronouns", Value: "she/her"}}
	if _, err := in.Actions().UpdateCredentials(context.Background(), alice, actions.UpdateCredentialsArgs{Fields: fields}); err != nil {
		t.Fatal(err)
	}
	visitor := newBrowser(t, in)
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"/@alice", []string{"Hello", `rel="alternate" type="application/activity+json" href="` + alice.URI + `"`,
			`type="application/rss+xml" href="/@alice.rss"`, `property="og:title"`, `name="twitter:card"`, "Pinned posts",
			`<a href="https://example.com/me" rel="me nofollow noopener noreferrer">`, "she/her", `href="/@alice/followers"`}},
		{"/@alice/with_replies", []string{"a reply to myself"}},
		{"/@alice/media", []string{"Nothing here yet."}},
		{"/@alice/followers", []string{"Followers"}},
		{"/@alice/following", []string{"Following"}},
		{statusPage(alice, first), []string{"Hello", "a reply to myself", `property="og:description" content="Hello #roost world"`,
			`type="application/activity+json" href="` + first.URI + `"`}},
		{statusPage(alice, reply), []string{"Hello", "a reply to myself", "In reply to"}},
		{"/tags/roost", []string{"Hello", `href="/tags/roost.rss"`}},
		{"/public/local", []string{"Hello"}},
		{"/public", []string{"Hello"}},
	} {
		t.Run(tt.path, func(t *testing.T) {
			p := visitor.get(tt.path)
			if p.Code != http.StatusOK {
				t.Fatalf("%d", p.Code)
			}
			for _, w := range tt.want {
				if !strings.Contains(p.Body, w) {
					t.Errorf("no %q", w)
				}
			}
			if strings.Contains(p.Body, `action="/statuses/`) {
				t.Error("a signed-out visitor is offered buttons")
			}
		})
	}
	for _, feed := range []string{"/@alice.rss", "/tags/roost.rss"} {
		p := visitor.get(feed)
		if p.Code != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "application/rss+xml") ||
			!strings.Contains(p.Body, `<rss version="2.0">`) || !strings.Contains(p.Body, "Hello") {
			t.Errorf("%s: %d %s %s", feed, p.Code, p.Header.Get("Content-Type"), p.Body)
		}
	}
	if p := visitor.get("/@nobody"); p.Code != http.StatusNotFound {
		t.Errorf("unknown profile: %d", p.Code)
	}
	bob, _ := in.CreateUser(t, "bob")
	if p := visitor.get("/@bob/" + store.FormatID(first.ID)); p.Code != http.StatusNotFound {
		t.Errorf("a status under another account's path: %d", p.Code)
	}
	hide := true
	if _, err := in.Actions().Follow(context.Background(), alice, bob.ID, actions.FollowArgs{}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().UpdateCredentials(context.Background(), bob, actions.UpdateCredentialsArgs{HideCollections: &hide}); err != nil {
		t.Fatal(err)
	}
	if p := visitor.get("/@bob"); strings.Contains(p.Body, "1 follower") || strings.Contains(p.Body, `href="/@bob/followers"`) {
		t.Error("hidden follower counts are shown")
	}
	if p := visitor.get("/@bob/followers"); strings.Contains(p.Body, "@alice") || !strings.Contains(p.Body, "hides whom it follows") {
		t.Error("a hidden followers list is shown")
	}
	if p := visitor.get("/@alice/following"); !strings.Contains(p.Body, `href="/@bob"`) {
		t.Error("alice's following list does not show bob")
	}
}

// TestHiddenPostsNeverLeak: followers-only and direct statuses appear on no
// public page, feed or tag page, and not to a signed-in stranger, while
// public (and where it belongs, unlisted) ones do.
func TestHiddenPostsNeverLeak(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	in.CreateUser(t, "stranger")
	follower, _ := in.CreateUser(t, "follower")
	if _, err := in.Actions().Follow(context.Background(), follower, alice.ID, actions.FollowArgs{}); err != nil {
		t.Fatal(err)
	}
	parent := post(t, in, alice, actions.PostStatusArgs{Text: "thread start #leak", Visibility: "public"})
	posts := map[string]*store.Status{}
	for _, v := range []string{"public", "unlisted", "private", "direct"} {
		posts[v] = post(t, in, alice, actions.PostStatusArgs{Text: "marker-" + v + " #leak", Visibility: v,
			InReplyToID: parent.ID})
		post(t, in, alice, actions.PostStatusArgs{Text: "top-" + v + " #leak", Visibility: v})
	}
	anonymous := newBrowser(t, in)
	stranger := newBrowser(t, in)
	stranger.signIn("stranger")
	pages := []string{"/@alice", "/@alice/with_replies", "/@alice.rss", "/tags/leak", "/tags/leak.rss",
		"/public/local", "/public", statusPage(alice, parent)}
	for _, who := range []struct {
		name string
		b    *browser
	}{{"signed out", anonymous}, {"stranger", stranger}} {
		for _, path := range pages {
			t.Run(who.name+" "+path, func(t *testing.T) {
				body := who.b.get(path).Body
				for _, v := range []string{"private", "direct"} {
					if strings.Contains(body, "marker-"+v) || strings.Contains(body, "top-"+v) {
						t.Errorf("a %s status is shown", v)
					}
				}
				wantUnlisted := !strings.HasSuffix(path, ".rss") && !strings.HasPrefix(path, "/tags/") && !strings.HasPrefix(path, "/public")
				if path != statusPage(alice, parent) && !strings.Contains(body, "top-public") {
					t.Error("the public status is missing")
				}
				if got := strings.Contains(body, "top-unlisted") || strings.Contains(body, "marker-unlisted"); got != wantUnlisted {
					t.Errorf("unlisted shown: %v, want %v", got, wantUnlisted)
				}
			})
		}
		for _, v := range []string{"private", "direct"} {
			if p := who.b.get(statusPage(alice, posts[v])); p.Code != http.StatusNotFound {
				t.Errorf("%s: the %s status page answers %d", who.name, v, p.Code)
			}
		}
	}
	fan := newBrowser(t, in)
	fan.signIn("follower")
	if body := fan.get("/@alice").Body; !strings.Contains(body, "top-private") || strings.Contains(body, "top-direct") {
		t.Error("a follower should see followers-only posts on the profile, and no direct ones")
	}
	if body := fan.get("/@alice.rss").Body; strings.Contains(body, "top-private") || strings.Contains(body, "top-unlisted") {
		t.Error("the feed is public statuses only, whoever reads it")
	}
}

var (
	statusID    = regexp.MustCompile(`id="s-(\d+)"`)
	olderLink   = regexp.MustCompile(`href="([^"]+)" rel="next"`)
	newerLink   = regexp.MustCompile(`href="([^"]+)" rel="prev"`)
	textareaVal = regexp.MustCompile(`(?s)<textarea id="status"[^>]*>(.*?)</textarea>`)
)

// TestComposeAndRedraft posts from the home composer, then deletes and
// redrafts in one click: the composer comes back filled.
func TestComposeAndRedraft(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	b := newBrowser(t, in)
	b.signIn("alice")
	p := b.submit("/home", "/statuses", url.Values{"status": {"My first post"}, "spoiler_text": {"spoilers"},
		"visibility": {"unlisted"}, "language": {"fr"}, "idempotency_key": {"k1"}})
	if p.Code != http.StatusSeeOther || p.Location != "/home?notice=posted" {
		t.Fatalf("post: %d %q", p.Code, p.Location)
	}
	home := b.get("/home")
	if !strings.Contains(home.Body, "My first post") || !strings.Contains(home.Body, `<span class="cw-text">spoilers</span>`) {
		t.Fatalf("home does not show the post: %s", home.Body)
	}
	m := statusID.FindStringSubmatch(home.Body)
	if m == nil {
		t.Fatal("no status on home")
	}
	p = b.submit("/home", "/statuses/"+m[1]+"/redraft", url.Values{})
	if p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/compose?") {
		t.Fatalf("redraft: %d %q", p.Code, p.Location)
	}
	compose := b.get(p.Location)
	if tv := textareaVal.FindStringSubmatch(compose.Body); tv == nil || tv[1] != "My first post" {
		t.Errorf("composer text after redraft: %v", tv)
	}
	for _, want := range []string{`value="spoilers"`, `<option value="unlisted" selected>`, `<option value="fr" lang="fr" selected>`} {
		if !strings.Contains(compose.Body, want) {
			t.Errorf("composer after redraft lacks %s", want)
		}
	}
	if strings.Contains(b.get("/home").Body, "My first post") {
		t.Error("the redrafted status is still on home")
	}
	for _, text := range []string{"keyless one", "keyless two"} {
		if p := b.submit("/home", "/statuses", url.Values{"status": {text}}); p.Code != http.StatusSeeOther {
			t.Fatalf("post without a key: %d", p.Code)
		}
	}
	if p := b.submit("/home", "/statuses", url.Values{"status": {"keyed twice"}, "idempotency_key": {"k2"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("keyed post: %d", p.Code)
	}
	b.submit("/home", "/statuses", url.Values{"status": {"keyed twice"}, "idempotency_key": {"k2"}})
	home = b.get("/home")
	if !strings.Contains(home.Body, "keyless two") || strings.Count(home.Body, "keyed twice") != 1 {
		t.Error("posts without a key must not collapse, a resubmitted form must post once")
	}
	p = b.submit("/home", "/statuses", url.Values{"status": {"  "}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Write something first.") {
		t.Errorf("blank post: %d", p.Code)
	}
}

// TestStatusButtons: each button is a form post that comes back to the
// page it was on, and with roost.js's header it returns the redrawn status.
func TestStatusButtons(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	in.CreateUser(t, "bob")
	s := post(t, in, alice, actions.PostStatusArgs{Text: "press my buttons", Visibility: "public"})
	id := store.FormatID(s.ID)
	bob := newBrowser(t, in)
	bob.signIn("bob")
	for _, action := range []string{"favourite", "reblog", "bookmark"} {
		p := bob.submit("/public/local", "/statuses/"+id+"/"+action, url.Values{})
		if p.Code != http.StatusSeeOther || p.Location != "/home#s-"+id {
			t.Errorf("%s: %d %q", action, p.Code, p.Location)
		}
	}
	body := bob.get(statusPage(alice, s)).Body
	for _, want := range []string{`action="/statuses/` + id + `/unfavourite"`, `action="/statuses/` + id + `/unreblog"`,
		`action="/statuses/` + id + `/unbookmark"`} {
		if !strings.Contains(body, want) {
			t.Errorf("after pressing, no %s", want)
		}
	}
	if strings.Contains(body, `/statuses/`+id+`/redraft`) {
		t.Error("bob is offered to redraft alice's status")
	}
	// The page it came from, through the Referer a browser sends.
	req, _ := http.NewRequest(http.MethodPost, in.URL+"/statuses/"+id+"/unfavourite",
		strings.NewReader(url.Values{"csrf_token": {csrfField.FindStringSubmatch(body)[1]}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", in.URL+"/public/local?max_id=99999999999999999")
	if p := bob.do(req); p.Location != "/public/local?max_id=99999999999999999#s-"+id {
		t.Errorf("back to %q", p.Location)
	}
	for _, referer := range []string{"https://evil.example/phish", in.URL + "//evil.example/phish"} {
		req, _ = http.NewRequest(http.MethodPost, in.URL+"/statuses/"+id+"/bookmark",
			strings.NewReader(url.Values{"csrf_token": {csrfField.FindStringSubmatch(body)[1]}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Referer", referer)
		if p := bob.do(req); strings.Contains(p.Location, "evil") {
			t.Errorf("Referer %s sends the browser to %q", referer, p.Location)
		}
	}
	req, _ = http.NewRequest(http.MethodPost, in.URL+"/statuses/"+id+"/favourite", nil)
	req.Header.Set("X-CSRF-Token", csrfField.FindStringSubmatch(body)[1])
	req.Header.Set("X-Requested-With", "fetch")
	p := bob.do(req)
	if p.Code != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(p.Body), "<article") ||
		!strings.Contains(p.Body, `class="act favourite" aria-pressed="true"`) || !strings.Contains(p.Body, "Remove favourite") {
		t.Errorf("fetch favourite: %d %s", p.Code, p.Body)
	}
	owner := newBrowser(t, in)
	owner.signIn("alice")
	if p := owner.submit(statusPage(alice, s), "/statuses/"+id+"/pin", url.Values{}); p.Code != http.StatusSeeOther {
		t.Errorf("pin: %d", p.Code)
	}
	if !strings.Contains(owner.get(statusPage(alice, s)).Body, `/statuses/`+id+`/unpin`) {
		t.Error("not pinned")
	}
	if p := bob.submit("/public/local", "/statuses/"+id+"/delete", url.Values{}); p.Code != http.StatusNotFound {
		t.Errorf("bob deletes alice's status: %d", p.Code)
	}
	p = owner.submit("/public/local", "/statuses/"+id+"/delete", url.Values{})
	if p.Code != http.StatusSeeOther || bob.get(statusPage(alice, s)).Code != http.StatusNotFound {
		t.Errorf("delete: %d", p.Code)
	}
}

// TestProfileButtons: follow (a request for a locked account), mute and
// block from a profile page.
func TestProfileButtons(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	carol, _ := in.CreateUser(t, "carol")
	locked := true
	if _, err := in.Actions().UpdateCredentials(context.Background(), carol, actions.UpdateCredentialsArgs{Locked: &locked}); err != nil {
		t.Fatal(err)
	}
	in.CreateUser(t, "bob")
	b := newBrowser(t, in)
	b.signIn("bob")
	aliceID, carolID := store.FormatID(alice.ID), store.FormatID(carol.ID)
	for _, tt := range []struct {
		profile, action, want string
	}{
		{"/@alice", "follow", ">Unfollow</button>"},
		{"/@carol", "follow", "Follow requested"},
		{"/@alice", "mute", "/unmute\""},
		{"/@alice", "block", "/unblock\""},
		{"/@alice", "unblock", "/block\""},
	} {
		id := aliceID
		if tt.profile == "/@carol" {
			id = carolID
		}
		p := b.submit(tt.profile, "/accounts/"+id+"/"+tt.action, url.Values{})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("%s %s: %d", tt.action, tt.profile, p.Code)
		}
		if body := b.get(tt.profile).Body; !strings.Contains(body, tt.want) {
			t.Errorf("after %s on %s, no %q", tt.action, tt.profile, tt.want)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, in.URL+"/accounts/"+aliceID+"/mute", nil)
	req.Header.Set("X-CSRF-Token", csrfField.FindStringSubmatch(b.get("/@alice").Body)[1])
	req.Header.Set("X-Requested-With", "fetch")
	if p := b.do(req); p.Code != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(p.Body), `<div class="relationship`) {
		t.Errorf("fetch mute: %d %s", p.Code, p.Body)
	}
	if !strings.Contains(b.get("/@carol").Body, "Ask to follow") && !strings.Contains(b.get("/@carol").Body, "Follow requested") {
		t.Error("a locked account offers no request")
	}
}

// TestPagination walks a timeline back and forth with its links.
func TestPagination(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	for i := 0; i < 25; i++ {
		post(t, in, alice, actions.PostStatusArgs{Text: "numbered post", Visibility: "public"})
	}
	b := newBrowser(t, in)
	first := b.get("/public/local")
	if n := len(statusID.FindAllString(first.Body, -1)); n != 20 {
		t.Fatalf("first page: %d statuses", n)
	}
	if newerLink.MatchString(first.Body) {
		t.Error("the first page links to newer posts")
	}
	m := olderLink.FindStringSubmatch(first.Body)
	if m == nil {
		t.Fatal("no older link")
	}
	second := b.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	if n := len(statusID.FindAllString(second.Body, -1)); n != 5 {
		t.Errorf("second page: %d statuses", n)
	}
	if olderLink.MatchString(second.Body) {
		t.Error("the last page links to older posts")
	}
	m = newerLink.FindStringSubmatch(second.Body)
	if m == nil {
		t.Fatal("no newer link")
	}
	back := b.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	if n := len(statusID.FindAllString(back.Body, -1)); n != 20 {
		t.Errorf("newer page: %d statuses", n)
	}
	b.signIn("alice")
	for _, path := range []string{"/home", "/@alice", "/notifications", "/public"} {
		if !olderLink.MatchString(b.get(path).Body) && path != "/notifications" {
			t.Errorf("%s has no older link", path)
		}
	}
}

// TestCSRFOnStatusForms: every new form refuses a post without its token.
func TestCSRFOnStatusForms(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	s := post(t, in, alice, actions.PostStatusArgs{Text: "guarded", Visibility: "public"})
	id := store.FormatID(s.ID)
	b := newBrowser(t, in)
	b.signIn("alice")
	for _, path := range []string{"/statuses", "/statuses/" + id + "/favourite", "/statuses/" + id + "/reblog",
		"/statuses/" + id + "/delete", "/statuses/" + id + "/redraft", "/statuses/" + id + "/edit",
		"/accounts/" + store.FormatID(alice.ID) + "/follow"} {
		for _, token := range []string{"", "forged"} {
			p := b.post(path, url.Values{"status": {"x"}, "csrf_token": {token}})
			if p.Code != http.StatusForbidden {
				t.Errorf("%s with token %q: %d", path, token, p.Code)
			}
		}
	}
	if b.get(statusPage(alice, s)).Code != http.StatusOK {
		t.Error("the status did not survive")
	}
}

// TestNotificationsAndEdit: a favourite shows on the author's notifications
// page; the author edits the status through the composer.
func TestNotificationsAndEdit(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	s := post(t, in, alice, actions.PostStatusArgs{Text: "before edit", Visibility: "public"})
	if _, err := in.Actions().Favourite(context.Background(), bob, s.ID); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, in)
	b.signIn("alice")
	if body := b.get("/notifications").Body; !strings.Contains(body, "favourited your post") || !strings.Contains(body, "before edit") {
		t.Errorf("notifications: %s", body)
	}
	edit := "/statuses/" + store.FormatID(s.ID) + "/edit"
	if tv := textareaVal.FindStringSubmatch(b.get(edit).Body); tv == nil || tv[1] != "before edit" {
		t.Errorf("edit form: %v", tv)
	}
	p := b.submit(edit, edit, url.Values{"status": {"after edit"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d", p.Code)
	}
	if body := b.get(statusPage(alice, s)).Body; !strings.Contains(body, "after edit") || !strings.Contains(body, "edited") {
		t.Error("the edit is not shown")
	}
}
