package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"roost/server/actions"
	"roost/server/media/mediatest"
	"roost/server/servertest"
	"roost/server/web"
	"roost/store"
)

const hostile = `<script>alert(1)</script>`

var pageClass = regexp.MustCompile(`<body class="page-([a-z_]+)">`)

// TestPagesEscapeUserContent puts markup in every place a user can write
// (display name, bio, sign-up reason, instance name and description, a
// typed login) and visits every page: it must come back as inert text.
func TestPagesEscapeUserContent(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	root := createUser(t, in, "root", "admin", true)
	_, _, err := in.Actions().CreateAccount(ctx, actions.CreateAccountArgs{Username: "pending",
		Email: "pending@example.com", Password: servertest.Password, Reason: hostile})
	if err != nil {
		t.Fatal(err)
	}
	name, note := hostile, hostile+"\n\n"+hostile
	rootAccount, err := in.DB.Account(ctx, root.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().UpdateCredentials(ctx, rootAccount, actions.UpdateCredentialsArgs{DisplayName: &name, Note: &note}); err != nil {
		t.Fatal(err)
	}
	err = in.Actions().UpdateInstanceSettings(ctx, root, actions.InstanceSettings{Name: hostile,
		Description: hostile, Registrations: "approval", ShowDomainBlocks: true, PrivacyPolicy: hostile})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().FileReport(ctx, fanOf(t, in), actions.ReportArgs{AccountID: rootAccount.ID, Comment: hostile}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().AddRule(ctx, root, hostile, hostile); err != nil {
		t.Fatal(err)
	}
	// A closed loopback port: the Follow fails at once rather than leave the machine.
	if _, err := in.Actions().AddRelay(ctx, root, "http://127.0.0.1:9/inbox?"+url.QueryEscape(hostile)); err != nil {
		t.Fatal(err)
	}
	// An import whose file name and failed row are hostile.
	hostileCSV := `"` + strings.ReplaceAll(hostile, `"`, `""`) + `"` + "\n"
	if _, err := in.Actions().CreateImport(ctx, rootAccount, actions.ImportArgs{Kind: "blocking", FileName: hostile, Data: []byte(hostileCSV)}); err != nil {
		t.Fatal(err)
	}
	_, err = in.Actions().BlockInstanceDomain(ctx, root, actions.InstanceDomainBlockArgs{Domain: "evil.example",
		PublicComment: hostile, PrivateComment: hostile})
	if err != nil {
		t.Fatal(err)
	}
	hostileStatus := post(t, in, rootAccount, actions.PostStatusArgs{Text: hostile + " #esc", SpoilerText: hostile,
		Visibility: "public"})
	pic, err := in.Actions().UploadMedia(ctx, rootAccount, actions.UploadMediaArgs{Data: mediatest.PNG(8, 8), Description: hostile})
	if err != nil {
		t.Fatal(err)
	}
	post(t, in, rootAccount, actions.PostStatusArgs{Text: "alt text #esc", Visibility: "public", Sensitive: true, MediaIDs: []store.ID{pic.ID}})
	// A link preview is a remote page's words: every field hostile.
	linked := post(t, in, rootAccount, actions.PostStatusArgs{Text: "a link #esc", Visibility: "public"})
	hostileCard, _ := json.Marshal(actions.Card{URL: "https://example.com/" + hostile, Title: hostile, Description: hostile,
		ProviderName: hostile, AuthorName: hostile, ImageDescription: hostile, Image: "/system/media/" + hostile, Type: "link"})
	if err := in.DB.Write(ctx, func(tx *store.Tx) error { return tx.SetStatusCard(linked.ID, string(hostileCard)) }); err != nil {
		t.Fatal(err)
	}
	fan, _ := in.CreateUser(t, "fan")
	if _, err := in.Actions().UpdateCredentials(ctx, fan, actions.UpdateCredentialsArgs{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().Favourite(ctx, fan, hostileStatus.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().Follow(ctx, rootAccount, fan.ID, actions.FollowArgs{}); err != nil {
		t.Fatal(err)
	}
	// A private note and a featured profile, shown on the fan's and root's profiles.
	if _, err := in.Actions().SetAccountNote(ctx, rootAccount, fan.ID, hostile); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().Endorse(ctx, rootAccount, fan.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().Reblog(ctx, fan, hostileStatus.ID, ""); err != nil {
		t.Fatal(err)
	}
	// A stranger with a hostile name whose private mention root's policy holds back.
	stranger, _ := in.CreateUser(t, "stranger")
	if _, err := in.Actions().UpdateCredentials(ctx, stranger, actions.UpdateCredentialsArgs{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	post(t, in, stranger, actions.PostStatusArgs{Text: "@root " + hostile, Visibility: "direct"})
	// A direct message, a bookmark, a featured tag and an announcement,
	// each with the hostile text, for the pages that show them.
	post(t, in, fan, actions.PostStatusArgs{Text: "@root " + hostile, Visibility: "direct"})
	if _, err := in.Actions().Bookmark(ctx, rootAccount, hostileStatus.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().FeatureTag(ctx, rootAccount, "esc"); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().FollowTag(ctx, rootAccount, "esc"); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().Favourite(ctx, rootAccount, hostileStatus.ID); err != nil {
		t.Fatal(err)
	}
	// A locked account with a request from the hostile-named fan.
	keeper, _ := in.CreateUser(t, "keeper")
	locked := true
	if _, err := in.Actions().UpdateCredentials(ctx, keeper, actions.UpdateCredentialsArgs{Locked: &locked}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().Follow(ctx, fan, keeper.ID, actions.FollowArgs{}); err != nil {
		t.Fatal(err)
	}
	ann, err := in.Actions().CreateAnnouncement(ctx, root, actions.AnnouncementArgs{Text: hostile, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	// A quote of the hostile status: its author's name and warning show in the quote card.
	quoting := post(t, in, fan, actions.PostStatusArgs{Text: "quoting #esc", Visibility: "public"})
	if err := in.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE statuses SET quote_uri = ? WHERE id = ?", hostileStatus.URI, quoting.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	silencePages := silencedWithHostileNames(t, in, rootAccount, fan)
	statusPages := []string{"/@root", "/@root/tagged/esc", "/@root/with_replies", "/@root/followers", "/@fan", statusPage(rootAccount, hostileStatus),
		"/tags/esc", "/public/local", "/public", "/@root.rss", "/tags/esc.rss"}
	createUser(t, in, "guarded", "user", true)
	enableTwoFactor(t, in, "guarded")
	seen := map[string]bool{}
	check := func(t *testing.T, what string, p page) {
		t.Helper()
		if strings.Contains(p.Body, "<script>alert") {
			t.Errorf("%s: user content rendered as markup", what)
		}
		if m := pageClass.FindStringSubmatch(p.Body); m != nil {
			seen[m[1]] = true
		}
	}
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			visitor := newBrowser(t, in)
			visitor.lang = lang
			for _, path := range []string{"/", "/auth/sign_in?next=" + url.QueryEscape(`/"><script>alert(1)</script>`),
				"/auth/sign_up", "/no/" + url.PathEscape(hostile)} {
				check(t, path, visitor.get(path))
			}
			for _, path := range statusPages {
				p := visitor.get(path)
				if p.Code != http.StatusOK {
					t.Errorf("%s: %d", path, p.Code)
				}
				check(t, path, p)
				if path == "/@fan" && !strings.Contains(p.Body, `class="quote-card"`) {
					t.Errorf("%s: the quote card is not drawn", path)
				}
			}
			check(t, "failed sign-in", visitor.submit("/auth/sign_in", "/auth/sign_in",
				url.Values{"login": {hostile}, "password": {"x"}}))
			for _, path := range []string{"/auth/password/forgot", "/auth/password/reset?token=" + url.QueryEscape(hostile)} {
				check(t, path, visitor.get(path))
			}
			check(t, "two-factor code prompt", visitor.submit("/auth/sign_in", "/auth/sign_in",
				url.Values{"login": {"guarded"}, "password": {servertest.Password}, "next": {"/" + hostile}}))
			check(t, "OAuth two-factor code prompt", oauthCodePrompt(t, in, newBrowser(t, in)))
			check(t, "failed sign-up", visitor.submit("/auth/sign_up", "/auth/sign_up", url.Values{
				"username": {hostile}, "email": {hostile}, "password": {"a fine password"},
				"password_confirmation": {"a fine password"}, "reason": {hostile}}))
			admin := newBrowser(t, in)
			admin.lang = lang
			admin.signIn("root")
			for _, path := range append([]string{"/", "/settings/profile", "/settings/preferences", "/settings/password", "/admin/users", "/admin/settings", "/settings/two_factor", "/settings/sessions",
				"/admin/announcements", "/admin/announcements/" + store.FormatID(ann.ID) + "/edit", "/admin/emojis", "/conversations", "/bookmarks",
				"/settings/featured_tags", "/admin/moderation", "/admin/reports", "/settings/invites", "/settings/export", "/settings/migration", "/settings/import", "/settings/reading", "/tags/esc", "/favourites", "/admin/federation", "/admin/relays", "/notifications/requests", "/search?q=fan", "/search?q=" + url.QueryEscape(hostile)}, silencePages...) {
				p := admin.get(path)
				if p.Code != http.StatusOK {
					t.Errorf("%s: %d", path, p.Code)
				}
				check(t, path, p)
				if !strings.Contains(p.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
					t.Errorf("%s: the hostile text is not shown escaped", path)
				}
			}
			for _, path := range append(statusPages, "/home", "/notifications", "/compose?text="+url.QueryEscape(hostile),
				"/compose?in_reply_to_id="+store.FormatID(hostileStatus.ID),
				"/statuses/"+store.FormatID(hostileStatus.ID)+"/edit") {
				p := admin.get(path)
				if p.Code != http.StatusOK {
					t.Errorf("%s: %d", path, p.Code)
				}
				check(t, path, p)
				if !strings.HasSuffix(path, ".rss") && !strings.Contains(p.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
					t.Errorf("%s: the hostile text is not shown escaped", path)
				}
			}
			check(t, "failed post", admin.submit("/home", "/statuses", url.Values{"status": {strings.Repeat(hostile, 30)}}))
			check(t, "failed move", admin.submit("/settings/migration", "/settings/migration/move", url.Values{"target": {hostile}, "current_password": {"wrong"}}))
			check(t, "failed featured tag", admin.submit("/settings/featured_tags", "/settings/featured_tags", url.Values{"name": {hostile}}))
			check(t, "failed relay", admin.submit("/admin/relays", "/admin/relays", url.Values{"url": {hostile}}))
			checkOAuthPages(t, in, admin, check)
			check(t, "settings applications", admin.get("/settings/applications"))
			check(t, "created app", admin.submit("/settings/applications", "/settings/applications", url.Values{"name": {hostile}}))
			check(t, "failed app", admin.submit("/settings/applications", "/settings/applications", url.Values{"name": {hostile}, "website": {hostile}}))
			asked := newBrowser(t, in)
			asked.lang = lang
			asked.signIn("keeper")
			if p := asked.get("/follow_requests"); !strings.Contains(p.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("follow requests (%d): the hostile name is not shown escaped", p.Code)
			} else {
				check(t, "follow requests", p)
			}
			reportPath := "/accounts/" + store.FormatID(rootAccount.ID) + "/report"
			if p := asked.get(reportPath); p.Code != http.StatusOK || !strings.Contains(p.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("report form (%d): the hostile rule is not shown escaped", p.Code)
			} else {
				check(t, "report form", p)
			}
			check(t, "failed report", asked.submit(reportPath, reportPath, url.Values{"category": {"violation"}, "comment": {hostile}}))
			check(t, "failed filter", admin.submit("/settings/filters", "/settings/filters", url.Values{"title": {hostile}, "keywords": {hostile}}))
			check(t, "failed schedule", admin.submit("/home", "/statuses", url.Values{"status": {hostile}, "scheduled_at": {"2000-01-01T00:00"}}))
			check(t, "failed profile save", admin.submit("/settings/profile", "/settings/profile",
				url.Values{"display_name": {hostile + hostile}, "note": {hostile}}))
		})
	}
	r, err := web.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range r.Pages() {
		if !seen[name] {
			t.Errorf("page %s was never visited by this test; add it", name)
		}
	}
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// checkOAuthPages visits the consent page and the out-of-band code page of
// an app whose name is hostile markup.
func checkOAuthPages(t *testing.T, in *servertest.Instance, b *browser, check func(*testing.T, string, page)) {
	t.Helper()
	app, err := in.Actions().CreateApp(context.Background(), actions.CreateAppArgs{Name: hostile,
		RedirectURIs: []string{"urn:ietf:wg:oauth:2.0:oob"}, Scopes: []string{"read"}})
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"response_type": {"code"}, "client_id": {app.ClientID},
		"redirect_uri": {"urn:ietf:wg:oauth:2.0:oob"}, "scope": {"read"}}
	p := b.get("/oauth/authorize?" + q.Encode())
	check(t, "oauth consent", p)
	form := url.Values{"decision": {"approve"}}
	for _, m := range hiddenInput.FindAllStringSubmatch(p.Body, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	p = b.post("/oauth/authorize", form)
	if p.Code != http.StatusOK {
		t.Fatalf("oauth code page: %d", p.Code)
	}
	check(t, "oauth code", p)
}

// oauthCodePrompt signs in on the authorization page of an app with a
// hostile name as a user with two-factor sign-in, up to the code prompt.
func oauthCodePrompt(t *testing.T, in *servertest.Instance, b *browser) page {
	t.Helper()
	app, err := in.Actions().CreateApp(context.Background(), actions.CreateAppArgs{Name: hostile,
		RedirectURIs: []string{actions.OutOfBand}, Scopes: []string{"read"}})
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"response_type": {"code"}, "client_id": {app.ClientID}, "redirect_uri": {actions.OutOfBand},
		"scope": {"read"}, "state": {hostile}}
	p := b.get("/oauth/authorize?" + q.Encode())
	form := url.Values{"decision": {"approve"}, "login": {"guarded"}, "password": {servertest.Password}}
	for _, m := range hiddenInput.FindAllStringSubmatch(p.Body, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	return b.post("/oauth/authorize", form)
}

// silencedWithHostileNames gives root a list, a filter (that catches a
// status of fan's, which root sees folded), a scheduled status, a muted and
// a blocked account, all named with hostile markup, and returns the pages
// that show them.
func silencedWithHostileNames(t *testing.T, in *servertest.Instance, root, fan *store.Account) []string {
	t.Helper()
	ctx := context.Background()
	a := in.Actions()
	title := hostile
	l, err := a.CreateList(ctx, root, actions.ListArgs{Title: &title})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.AddToList(ctx, root, l.ID, []store.ID{fan.ID}); err != nil {
		t.Fatal(err)
	}
	f, err := a.CreateFilter(ctx, root, actions.FilterArgs{Title: &title, Contexts: []string{"home", "public", "thread", "account"},
		Keywords: []actions.KeywordArgs{{Keyword: "heron"}, {Keyword: hostile}}})
	if err != nil {
		t.Fatal(err)
	}
	post(t, in, fan, actions.PostStatusArgs{Text: "a heron", Visibility: "public"})
	if _, err := a.ScheduleStatus(ctx, root, actions.PostStatusArgs{Text: hostile}, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	name := hostile
	for _, who := range []string{"pest", "troll"} {
		acct, _ := in.CreateUser(t, who)
		if _, err := a.UpdateCredentials(ctx, acct, actions.UpdateCredentialsArgs{DisplayName: &name}); err != nil {
			t.Fatal(err)
		}
		op := a.Block
		if who == "pest" {
			op = func(ctx context.Context, v *store.Account, id store.ID) (*store.Relationship, error) {
				return a.Mute(ctx, v, id, actions.MuteArgs{Duration: time.Hour})
			}
		}
		if _, err := op(ctx, root, acct.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.BlockDomain(ctx, root, "evil.example"); err != nil {
		t.Fatal(err)
	}
	return []string{"/lists", "/lists/" + store.FormatID(l.ID), "/settings/filters", "/settings/filters/" + store.FormatID(f.ID),
		"/settings/mutes", "/scheduled", "/home"}
}
