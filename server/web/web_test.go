package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"roost/server"
	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// browser is a cookie-keeping HTTP client that does not follow redirects,
// so tests see each response.
type browser struct {
	t    *testing.T
	in   *servertest.Instance
	http *http.Client
	lang string
}

func newBrowser(t *testing.T, in *servertest.Instance) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, in: in, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	Code     int
	Body     string
	Location string
	Header   http.Header
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	req.Header.Set("User-Agent", "roost-test/1.0")
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return page{Code: resp.StatusCode, Body: string(body), Location: resp.Header.Get("Location"), Header: resp.Header}
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.in.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post sends a form as is, without adding a CSRF token.
func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.in.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// submit loads formPage, takes its CSRF token, and posts the form to action.
func (b *browser) submit(formPage, action string, form url.Values) page {
	b.t.Helper()
	p := b.get(formPage)
	m := csrfField.FindStringSubmatch(p.Body)
	if m == nil {
		b.t.Fatalf("no CSRF token on %s (%d)", formPage, p.Code)
	}
	form.Set("csrf_token", m[1])
	return b.post(action, form)
}

func (b *browser) signIn(login string) {
	b.t.Helper()
	p := b.submit("/auth/sign_in", "/auth/sign_in", url.Values{"login": {login}, "password": {servertest.Password}})
	if p.Code != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: %d %s", login, p.Code, p.Body)
	}
}

func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.in.URL)
	for _, c := range b.http.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func createUser(t *testing.T, in *servertest.Instance, username, role string, approved bool) *store.User {
	t.Helper()
	_, u, err := in.Actions().CreateAccount(context.Background(), actions.CreateAccountArgs{Username: username,
		Email: username + "@example.com", Password: servertest.Password, Role: role, Approved: approved})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSignIn(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	createUser(t, in, "pending", "user", false)
	createUser(t, in, "gone", "user", true)
	if err := in.Actions().SetSuspended(context.Background(), "gone", true); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		login    string
		password string
		code     int
		says     string
	}{
		{"username", "alice", servertest.Password, http.StatusSeeOther, ""},
		{"email", "alice@example.com", servertest.Password, http.StatusSeeOther, ""},
		{"username in other case", "ALICE", servertest.Password, http.StatusSeeOther, ""},
		{"wrong password", "alice", "wrong password!", http.StatusUnauthorized, "Wrong username, email or password."},
		{"unknown user", "nobody", servertest.Password, http.StatusUnauthorized, "Wrong username, email or password."},
		{"pending approval", "pending", servertest.Password, http.StatusForbidden, "waiting for a moderator"},
		{"suspended", "gone", servertest.Password, http.StatusForbidden, "This account is suspended."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, in)
			p := b.submit("/auth/sign_in?next=/settings/profile", "/auth/sign_in",
				url.Values{"login": {tt.login}, "password": {tt.password}, "next": {"/settings/profile"}})
			if p.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", p.Code, tt.code, p.Body)
			}
			if tt.says != "" {
				if !strings.Contains(p.Body, tt.says) {
					t.Errorf("page does not say %q", tt.says)
				}
				if b.cookie("roost_session") != nil {
					t.Error("a failed sign-in set a session cookie")
				}
				return
			}
			if p.Location != "/settings/profile" {
				t.Errorf("redirect to %q, want the next page", p.Location)
			}
			if p := b.get("/settings/profile"); p.Code != http.StatusOK || !strings.Contains(p.Body, "@alice") {
				t.Errorf("settings after sign-in: %d", p.Code)
			}
		})
	}
}

func TestSessionCookieAndRow(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	b := newBrowser(t, in)
	p := b.submit("/auth/sign_in", "/auth/sign_in", url.Values{"login": {"alice"}, "password": {servertest.Password}})
	var set string
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "roost_session=") {
			set = c
		}
	}
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(set, want) {
			t.Errorf("session cookie %q lacks %s", set, want)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Errorf("session cookie is Secure on plain http: %q", set)
	}
	secret := b.cookie("roost_session").Value
	tok, err := in.DB.SessionBySecret(context.Background(), secret)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Kind != "session" || tok.UserAgent != "roost-test/1.0" || tok.IP != "127.0.0.1" {
		t.Errorf("session row: kind %q, agent %q, ip %q", tok.Kind, tok.UserAgent, tok.IP)
	}
	// A session secret must never work as an API bearer token.
	if _, err := in.DB.TokenBySecret(context.Background(), secret); err == nil {
		t.Error("the session secret works as a bearer token")
	}
}

func TestSecureCookieOnHTTPS(t *testing.T) {
	in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Protocol = "https" }))
	createUser(t, in, "alice", "user", true)
	// The test server speaks plain http; the instance believes a proxy adds TLS.
	in.URL = "http://" + in.Host
	b := newBrowser(t, in)
	p := b.get("/auth/sign_in")
	if got := p.Header.Get("Strict-Transport-Security"); got == "" {
		t.Error("no HSTS on an https instance")
	}
	m := csrfField.FindStringSubmatch(p.Body)
	req, _ := http.NewRequest(http.MethodPost, in.URL+"/auth/sign_in", strings.NewReader(url.Values{
		"login": {"alice"}, "password": {servertest.Password}, "csrf_token": {m[1]}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// The jar will not send back a Secure cookie over http, so pass it by hand.
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "roost_csrf=") {
			req.Header.Set("Cookie", strings.Split(c, ";")[0])
		}
	}
	p = b.do(req)
	var set string
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "roost_session=") {
			set = c
		}
	}
	if p.Code != http.StatusSeeOther || !strings.Contains(set, "Secure") {
		t.Errorf("sign-in on https: %d, cookie %q", p.Code, set)
	}
}

func TestCSRF(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	other := newBrowser(t, in)
	otherToken := csrfField.FindStringSubmatch(other.get("/auth/sign_in").Body)[1]
	tests := []struct {
		name  string
		token string
	}{
		{"missing", ""},
		{"wrong", "not-the-token"},
		{"another browser's", otherToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, in)
			b.get("/auth/sign_in")
			form := url.Values{"login": {"alice"}, "password": {servertest.Password}}
			if tt.token != "" {
				form.Set("csrf_token", tt.token)
			}
			if p := b.post("/auth/sign_in", form); p.Code != http.StatusForbidden {
				t.Errorf("sign-in: status %d, want 403", p.Code)
			}
			b.signIn("alice")
			form = url.Values{"display_name": {"Hacked"}}
			if tt.token != "" {
				form.Set("csrf_token", tt.token)
			}
			if p := b.post("/settings/profile", form); p.Code != http.StatusForbidden {
				t.Errorf("profile: status %d, want 403", p.Code)
			}
			if p := b.post("/auth/sign_out", url.Values{"csrf_token": {tt.token}}); p.Code != http.StatusForbidden {
				t.Errorf("sign-out: status %d, want 403", p.Code)
			}
		})
	}
	acct, err := in.DB.AccountByHandle(context.Background(), "alice", "")
	if err != nil {
		t.Fatal(err)
	}
	if acct.DisplayName != "" {
		t.Errorf("a forged form changed the display name to %q", acct.DisplayName)
	}
}

func TestSignOut(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	b := newBrowser(t, in)
	b.signIn("alice")
	secret := b.cookie("roost_session").Value
	p := b.submit("/settings/profile", "/auth/sign_out", url.Values{})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", p.Code)
	}
	if _, err := in.DB.SessionBySecret(context.Background(), secret); err == nil {
		t.Error("the session is still live after sign-out")
	}
	if p := b.get("/settings/profile"); p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/auth/sign_in") {
		t.Errorf("settings after sign-out: %d %q", p.Code, p.Location)
	}
	// The old cookie, replayed, opens nothing.
	replay := newBrowser(t, in)
	u, _ := url.Parse(in.URL)
	replay.http.Jar.SetCookies(u, []*http.Cookie{{Name: "roost_session", Value: secret}})
	if p := replay.get("/settings/profile"); p.Code != http.StatusSeeOther {
		t.Errorf("replayed cookie: %d", p.Code)
	}
}

func TestSignUp(t *testing.T) {
	tests := []struct {
		name     string
		mode     string
		form     url.Values
		code     int
		says     string
		approved bool // nil user when the sign-up must fail
		created  bool
	}{
		{name: "open", mode: "open", code: http.StatusSeeOther, created: true, approved: true},
		{name: "approval", mode: "approval", code: http.StatusOK, says: "Your request has been received", created: true},
		{name: "closed", mode: "closed", code: http.StatusForbidden, says: "is not accepting new accounts"},
		{name: "passwords differ", mode: "open", form: url.Values{"password_confirmation": {"something else"}},
			code: http.StatusUnprocessableEntity, says: "The two passwords do not match."},
		{name: "bad username", mode: "open", form: url.Values{"username": {"no spaces"}},
			code: http.StatusUnprocessableEntity, says: "Use 1 to 30 letters, digits or underscores."},
		{name: "email taken", mode: "open", form: url.Values{"email": {"taken@example.com"}},
			code: http.StatusUnprocessableEntity, says: "This is already taken."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Registrations = tt.mode }))
			createUser(t, in, "taken", "user", true)
			b := newBrowser(t, in)
			if p := b.get("/auth/sign_up"); p.Code != http.StatusOK {
				t.Fatalf("sign-up page: %d", p.Code)
			}
			form := url.Values{"username": {"newbie"}, "email": {"newbie@example.com"}, "password": {"a fine password"},
				"password_confirmation": {"a fine password"}, "reason": {"I like birds"}}
			for k, v := range tt.form {
				form[k] = v
			}
			// A closed sign-up page has no form; any page's token will do.
			p := b.submit("/auth/sign_in", "/auth/sign_up", form)
			if p.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", p.Code, tt.code, p.Body)
			}
			if tt.says != "" && !strings.Contains(p.Body, tt.says) {
				t.Errorf("page does not say %q", tt.says)
			}
			u, err := in.DB.UserByUsername(context.Background(), "newbie")
			if !tt.created {
				if err == nil {
					t.Error("an account was created")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (u.ApprovedAt != nil) != tt.approved {
				t.Errorf("approved = %v, want %v", u.ApprovedAt != nil, tt.approved)
			}
			signedIn := b.get("/settings/profile").Code == http.StatusOK
			if signedIn != tt.approved {
				t.Errorf("signed in after sign-up = %v, want %v", signedIn, tt.approved)
			}
			if tt.mode == "approval" && u.SignupReason != "I like birds" {
				t.Errorf("reason %q not kept", u.SignupReason)
			}
		})
	}
}

func TestProfileSettings(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	b := newBrowser(t, in)
	b.signIn("alice")
	p := b.submit("/settings/profile", "/settings/profile", url.Values{"display_name": {"Alice Liddell"},
		"note": {"Curiouser\nand curiouser"}, "locked": {"1"}, "bot": {"1"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Code, p.Body)
	}
	p = b.get(p.Location)
	for _, want := range []string{`value="Alice Liddell"`, "Your changes were saved.", "Curiouser\nand curiouser"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("settings page lacks %q", want)
		}
	}
	acct, err := in.DB.AccountByHandle(context.Background(), "alice", "")
	if err != nil {
		t.Fatal(err)
	}
	if acct.DisplayName != "Alice Liddell" || !acct.Locked || !acct.Bot || acct.Discoverable || acct.ActorType != "Service" ||
		acct.Note != "<p>Curiouser<br>and curiouser</p>" {
		t.Errorf("account after save: %+v", acct)
	}
	p = b.submit("/settings/profile", "/settings/profile", url.Values{"display_name": {strings.Repeat("x", 31)}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "at most 30 characters") {
		t.Errorf("too long a name: %d", p.Code)
	}
}

func TestChangePassword(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	b, elsewhere := newBrowser(t, in), newBrowser(t, in)
	b.signIn("alice")
	elsewhere.signIn("alice")
	p := b.submit("/settings/password", "/settings/password", url.Values{"current_password": {"not it"},
		"password": {"a new password"}, "password_confirmation": {"a new password"}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "This is not your current password.") {
		t.Fatalf("wrong current password: %d", p.Code)
	}
	p = b.submit("/settings/password", "/settings/password", url.Values{"current_password": {servertest.Password},
		"password": {"a new password"}, "password_confirmation": {"a new password"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("change: %d %s", p.Code, p.Body)
	}
	if p := b.get(p.Location); p.Code != http.StatusOK || !strings.Contains(p.Body, "Your password was changed.") {
		t.Errorf("this browser was signed out: %d", p.Code)
	}
	if p := elsewhere.get("/settings/profile"); p.Code != http.StatusSeeOther {
		t.Errorf("another browser is still signed in: %d", p.Code)
	}
	if _, err := in.Actions().Authenticate(context.Background(), "alice", "a new password"); err != nil {
		t.Errorf("new password does not work: %v", err)
	}
}

func TestAdminAccess(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "root", "admin", true)
	createUser(t, in, "mod", "moderator", true)
	createUser(t, in, "alice", "user", true)
	createUser(t, in, "pending", "user", false)
	tests := []struct {
		name  string
		login string
		path  string
		code  int
	}{
		{"signed out", "", "/admin/users", http.StatusSeeOther},
		{"user: users", "alice", "/admin/users", http.StatusForbidden},
		{"user: settings", "alice", "/admin/settings", http.StatusForbidden},
		{"moderator: users", "mod", "/admin/users", http.StatusOK},
		{"moderator: settings", "mod", "/admin/settings", http.StatusForbidden},
		{"admin: users", "root", "/admin/users", http.StatusOK},
		{"admin: settings", "root", "/admin/settings", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, in)
			if tt.login != "" {
				b.signIn(tt.login)
			}
			if p := b.get(tt.path); p.Code != tt.code {
				t.Errorf("%s: %d, want %d", tt.path, p.Code, tt.code)
			}
		})
	}
	t.Run("user cannot post admin forms", func(t *testing.T) {
		b := newBrowser(t, in)
		b.signIn("alice")
		if p := b.submit("/settings/profile", "/admin/users/pending/approve", url.Values{}); p.Code != http.StatusForbidden {
			t.Errorf("approve by a user: %d", p.Code)
		}
	})
	t.Run("moderator cannot suspend an admin", func(t *testing.T) {
		b := newBrowser(t, in)
		b.signIn("mod")
		if p := b.submit("/admin/users", "/admin/users/root/suspend", url.Values{}); p.Code != http.StatusForbidden {
			t.Errorf("suspend admin by a moderator: %d", p.Code)
		}
	})
}

func TestAdminManagesUsers(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "root", "admin", true)
	createUser(t, in, "alice", "user", true)
	createUser(t, in, "pending", "user", false)
	b := newBrowser(t, in)
	b.signIn("root")
	ctx := context.Background()
	steps := []struct {
		name   string
		action string
		form   url.Values
		check  func(u *store.User, a *store.Account) bool
	}{
		{"approve", "/admin/users/pending/approve", nil, func(u *store.User, _ *store.Account) bool { return u.ApprovedAt != nil }},
		{"suspend", "/admin/users/alice/suspend", nil, func(_ *store.User, a *store.Account) bool { return a.SuspendedAt != nil }},
		{"unsuspend", "/admin/users/alice/unsuspend", nil, func(_ *store.User, a *store.Account) bool { return a.SuspendedAt == nil }},
		{"role", "/admin/users/alice/role", url.Values{"role": {"moderator"}}, func(u *store.User, _ *store.Account) bool { return u.Role == "moderator" }},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			form := s.form
			if form == nil {
				form = url.Values{}
			}
			p := b.submit("/admin/users", s.action, form)
			if p.Code != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", s.action, p.Code, p.Body)
			}
			username := strings.Split(s.action, "/")[3]
			u, err := in.DB.UserByUsername(ctx, username)
			if err != nil {
				t.Fatal(err)
			}
			a, err := in.DB.Account(ctx, u.AccountID)
			if err != nil {
				t.Fatal(err)
			}
			if !s.check(u, a) {
				t.Errorf("%s had no effect", s.name)
			}
		})
	}
	t.Run("admin cannot demote themselves", func(t *testing.T) {
		p := b.submit("/admin/users", "/admin/users/root/role", url.Values{"role": {"user"}})
		if p.Code != http.StatusForbidden {
			t.Errorf("self-demotion: %d", p.Code)
		}
	})
}

func TestInstanceSettings(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "root", "admin", true)
	b := newBrowser(t, in)
	b.signIn("root")
	p := b.submit("/admin/settings", "/admin/settings", url.Values{"name": {"Bird House"},
		"description": {"Tweets, but slower."}, "registrations": {"approval"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Code, p.Body)
	}
	s, err := in.Actions().InstanceSettings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if *s != (actions.InstanceSettings{Name: "Bird House", Description: "Tweets, but slower.", Registrations: "approval"}) {
		t.Errorf("effective settings: %+v", s)
	}
	visitor := newBrowser(t, in)
	p = visitor.get("/")
	for _, want := range []string{"Bird House", "Tweets, but slower.", "Ask to join Bird House"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("landing page lacks %q", want)
		}
	}
	if p := visitor.get("/auth/sign_up"); !strings.Contains(p.Body, `name="reason"`) {
		t.Error("sign-up under approval asks no reason")
	}
	p = b.submit("/admin/settings", "/admin/settings", url.Values{"name": {""}, "registrations": {"open"}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Use 1 to 100 characters.") {
		t.Errorf("empty name: %d", p.Code)
	}
}

func TestSecurityHeaders(t *testing.T) {
	in := servertest.Start(t)
	b := newBrowser(t, in)
	for _, path := range []string{"/", "/auth/sign_in", "/auth/sign_up", "/no/such/page"} {
		p := b.get(path)
		csp := p.Header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %s", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code", path)
		}
		for h, want := range map[string]string{"X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
			"X-Content-Type-Options": "nosniff", "Strict-Transport-Security": ""} {
			if got := p.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", path, h, got, want)
			}
		}
		if strings.Contains(p.Body, "<script>") || strings.Contains(p.Body, " style=") {
			t.Errorf("%s: inline script or style in the page", path)
		}
	}
}

func TestLanguage(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	_, _, err := in.Actions().CreateAccount(context.Background(), actions.CreateAccountArgs{Username: "amelie",
		Email: "amelie@example.com", Password: servertest.Password, Approved: true, Locale: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		accept string
		login  string
		says   string
		lang   string
	}{
		{"default", "", "", "Sign in", "en"},
		{"browser asks French", "fr-CA,fr;q=0.9,en;q=0.5", "", "Se connecter", "fr"},
		{"browser asks German", "de-DE,de;q=0.9", "", "Sign in", "en"},
		{"user locale wins over browser", "en-US", "amelie", "Se déconnecter", "fr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, in)
			b.lang = tt.accept
			if tt.login != "" {
				b.signIn(tt.login)
			}
			p := b.get("/")
			if !strings.Contains(p.Body, tt.says) || !strings.Contains(p.Body, `<html lang="`+tt.lang+`">`) {
				t.Errorf("page is not in %s (wanted %q)", tt.lang, tt.says)
			}
		})
	}
}

func TestPreferencesLanguage(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	b := newBrowser(t, in)
	b.lang = "en-US"
	b.signIn("alice")
	tests := []struct {
		name   string
		locale string
		code   int
		says   string
	}{
		{"french", "fr", http.StatusSeeOther, "Vos modifications ont été enregistrées."},
		{"not a language", "klingon-but-too-long-to-be-a-tag", http.StatusUnprocessableEntity, "Choisissez une langue dans la liste."},
		{"back to english", "en", http.StatusSeeOther, "Your changes were saved."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := b.submit("/settings/preferences", "/settings/preferences", url.Values{"locale": {tt.locale}})
			if p.Code != tt.code {
				t.Fatalf("status %d, want %d", p.Code, tt.code)
			}
			if p.Location != "" {
				p = b.get(p.Location)
			}
			if !strings.Contains(p.Body, tt.says) {
				t.Errorf("page does not say %q", tt.says)
			}
		})
	}
}
