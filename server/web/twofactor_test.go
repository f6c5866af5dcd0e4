package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
)

var (
	secretOnPage    = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)
	recoveryOnPage  = regexp.MustCompile(`<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>`)
	challengeOnPage = regexp.MustCompile(`name="challenge" value="([^"]+)"`)
)

// signInWithPassword posts the password form and returns the code page's
// challenge; the account has two-factor sign-in on.
func (b *browser) signInWithPassword(login, password string) string {
	b.t.Helper()
	p := b.submit("/auth/sign_in", "/auth/sign_in", url.Values{"login": {login}, "password": {password}})
	m := challengeOnPage.FindStringSubmatch(p.Body)
	if p.Code != http.StatusOK || m == nil {
		b.t.Fatalf("password step: %d, no code prompt:\n%s", p.Code, p.Body)
	}
	if strings.Contains(p.Body, password) {
		b.t.Fatal("the code page carries the password")
	}
	if b.cookie("roost_session") != nil {
		b.t.Fatal("a session was opened before the second factor")
	}
	return html.UnescapeString(m[1])
}

// submitCode posts a code for a challenge from the code page.
func (b *browser) submitCode(challenge, code string) page {
	b.t.Helper()
	return b.submit("/auth/sign_in", "/auth/sign_in/code", url.Values{"challenge": {challenge}, "code": {code}, "next": {"/settings/profile"}})
}

func (b *browser) signOut() {
	b.t.Helper()
	if p := b.submit("/settings/profile", "/auth/sign_out", url.Values{}); p.Code != http.StatusSeeOther {
		b.t.Fatalf("sign out: %d", p.Code)
	}
}

// TestTwoFactorLifecycleWeb walks the whole life of two-factor sign-in in
// the web UI with real codes computed from the key shown on the page: set
// up, confirm, sign in with a code, a replayed code refused, a recovery
// code working once, and switching it off with password and code.
func TestTwoFactorLifecycleWeb(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	b := newBrowser(t, in)
	b.signIn("alice")

	setup := b.get("/settings/two_factor")
	m := secretOnPage.FindStringSubmatch(setup.Body)
	if setup.Code != http.StatusOK || m == nil || !strings.Contains(setup.Body, `src="data:image/png;base64,`) {
		t.Fatalf("set-up page: %d, no key or QR code:\n%s", setup.Code, setup.Body)
	}
	if again := secretOnPage.FindStringSubmatch(b.get("/settings/two_factor").Body); again == nil || again[1] != m[1] {
		t.Fatal("reloading the set-up page changed the key")
	}
	codes := &servertest.Codes{Secret: m[1]}

	if p := b.submit("/settings/two_factor", "/settings/two_factor/confirm", url.Values{"code": {"000000"}}); p.Code != http.StatusUnprocessableEntity {
		t.Fatalf("confirm with a wrong code: %d", p.Code)
	}
	p := b.submit("/settings/two_factor", "/settings/two_factor/confirm", url.Values{"code": {codes.Next(t)}})
	recovery := recoveryOnPage.FindAllStringSubmatch(p.Body, -1)
	if p.Code != http.StatusOK || len(recovery) != 10 {
		t.Fatalf("confirm: %d, %d recovery codes:\n%s", p.Code, len(recovery), p.Body)
	}
	if strings.Contains(b.get("/settings/two_factor").Body, recovery[0][1]) {
		t.Fatal("recovery codes shown a second time")
	}
	b.signOut()

	t.Run("sign in with a code", func(t *testing.T) {
		p := b.submitCode(b.signInWithPassword("alice", servertest.Password), codes.Next(t))
		if p.Code != http.StatusSeeOther || p.Location != "/settings/profile" {
			t.Fatalf("code step: %d %q", p.Code, p.Location)
		}
		if b.get("/settings/profile").Code != http.StatusOK {
			t.Fatal("not signed in after the code")
		}
		b.signOut()
	})
	t.Run("a replayed code is refused", func(t *testing.T) {
		challenge := b.signInWithPassword("alice", servertest.Password)
		if p := b.submitCode(challenge, codes.Last(t)); p.Code != http.StatusUnauthorized {
			t.Fatalf("replayed code: %d", p.Code)
		}
		if p := b.submitCode(challenge, recovery[0][1]); p.Code != http.StatusSeeOther {
			t.Fatalf("recovery code after a wrong code: %d %s", p.Code, p.Body)
		}
		b.signOut()
	})
	t.Run("a recovery code works once", func(t *testing.T) {
		challenge := b.signInWithPassword("alice", servertest.Password)
		if p := b.submitCode(challenge, strings.ToUpper(recovery[0][1])); p.Code != http.StatusUnauthorized {
			t.Fatalf("used recovery code: %d", p.Code)
		}
		if p := b.submitCode(challenge, strings.ReplaceAll(recovery[1][1], "-", " ")); p.Code != http.StatusSeeOther {
			t.Fatalf("second recovery code: %d", p.Code)
		}
	})
	t.Run("disable needs the password and a code", func(t *testing.T) {
		p := b.get("/settings/two_factor")
		if !strings.Contains(p.Body, "Recovery codes left: 8") {
			t.Fatalf("state page:\n%s", p.Body)
		}
		if p := b.submit("/settings/two_factor", "/settings/two_factor/disable", url.Values{"current_password": {"wrong password"}, "code": {codes.Next(t)}}); p.Code != http.StatusUnprocessableEntity {
			t.Fatalf("disable with a wrong password: %d", p.Code)
		}
		if p := b.submit("/settings/two_factor", "/settings/two_factor/disable", url.Values{"current_password": {servertest.Password}, "code": {"123456"}}); p.Code != http.StatusUnprocessableEntity {
			t.Fatalf("disable with a wrong code: %d", p.Code)
		}
		if p := b.submit("/settings/two_factor", "/settings/two_factor/disable", url.Values{"current_password": {servertest.Password}, "code": {recovery[2][1]}}); p.Code != http.StatusSeeOther {
			t.Fatalf("disable: %d %s", p.Code, p.Body)
		}
		b.signOut()
		b.signIn("alice") // the password alone again
	})
}

// enableTwoFactor switches two-factor sign-in on for a user directly.
func enableTwoFactor(t *testing.T, in *servertest.Instance, username string) (*servertest.Codes, []string) {
	t.Helper()
	ctx := context.Background()
	u, err := in.DB.UserByUsername(ctx, username)
	if err != nil {
		t.Fatal(err)
	}
	setup, err := in.Actions().EnableTOTP(ctx, u, username)
	if err != nil {
		t.Fatal(err)
	}
	codes := &servertest.Codes{Secret: setup.Secret}
	recovery, err := in.Actions().ConfirmTOTP(ctx, u, codes.Next(t))
	if err != nil {
		t.Fatal(err)
	}
	return codes, recovery
}

// TestWrongCodesAreRateLimited: after five wrong codes the account's code
// prompt refuses even the right one for a while, with Retry-After.
func TestWrongCodesAreRateLimited(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	codes, _ := enableTwoFactor(t, in, "alice")
	b := newBrowser(t, in)
	challenge := b.signInWithPassword("alice", servertest.Password)
	for i := range 5 {
		if p := b.submitCode(challenge, "00000"+string(rune('0'+i))); p.Code != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: %d", i, p.Code)
		}
	}
	p := b.submitCode(challenge, codes.Next(t))
	if p.Code != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" || !strings.Contains(p.Body, "Too many failed attempts") {
		t.Fatalf("after five wrong codes: %d, Retry-After %q", p.Code, p.Header.Get("Retry-After"))
	}
	// A fresh password step does not reset the code limit.
	if p := b.submitCode(b.signInWithPassword("alice", servertest.Password), codes.Next(t)); p.Code != http.StatusTooManyRequests {
		t.Fatalf("new challenge, same account: %d", p.Code)
	}
}

// TestSignInLimiterSharedByWebAndOAuth: wrong passwords on the web form
// and on the OAuth authorization form count together, per account and per
// client address, and the lock-out shows on both with Retry-After.
func TestSignInLimiterSharedByWebAndOAuth(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	in.CreateUser(t, "bob")
	app, err := in.Actions().CreateApp(context.Background(), actions.CreateAppArgs{Name: "App",
		RedirectURIs: []string{actions.OutOfBand}, Scopes: []string{"read"}})
	if err != nil {
		t.Fatal(err)
	}
	oauthSignIn := func(b *browser, login, password string) page {
		q := url.Values{"response_type": {"code"}, "client_id": {app.ClientID}, "redirect_uri": {actions.OutOfBand}, "scope": {"read"}}
		p := b.get("/oauth/authorize?" + q.Encode())
		form := url.Values{"decision": {"approve"}, "login": {login}, "password": {password}}
		for _, m := range hiddenInput.FindAllStringSubmatch(p.Body, -1) {
			form.Set(m[1], html.UnescapeString(m[2]))
		}
		return b.post("/oauth/authorize", form)
	}
	webSignIn := func(b *browser, login, password string) page {
		return b.submit("/auth/sign_in", "/auth/sign_in", url.Values{"login": {login}, "password": {password}})
	}
	b := newBrowser(t, in)
	for i := range 5 {
		if p := webSignIn(b, "alice", "wrong password"); p.Code != http.StatusUnauthorized {
			t.Fatalf("web guess %d: %d", i, p.Code)
		}
		if p := oauthSignIn(b, "alice@example.com", "wrong password"); p.Code != http.StatusUnauthorized {
			t.Fatalf("OAuth guess %d: %d", i, p.Code)
		}
	}
	for name, p := range map[string]page{"web": webSignIn(b, "alice", servertest.Password),
		"OAuth": oauthSignIn(b, "alice", servertest.Password)} {
		if p.Code != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" {
			t.Errorf("%s after 10 wrong passwords: %d, Retry-After %q", name, p.Code, p.Header.Get("Retry-After"))
		}
	}
	if p := webSignIn(b, "bob", servertest.Password); p.Code != http.StatusSeeOther {
		t.Fatalf("another account from the same address: %d", p.Code)
	}
	// Per address: many wrong guesses at many names lock the address out.
	stranger := newBrowser(t, in)
	for i := range 20 {
		if p := oauthSignIn(stranger, "nobody"+string(rune('a'+i)), "wrong password"); p.Code != http.StatusUnauthorized {
			t.Fatalf("guess %d at an unknown name: %d", i, p.Code)
		}
	}
	if p := webSignIn(newBrowser(t, in), "bob", servertest.Password); p.Code != http.StatusTooManyRequests {
		t.Fatalf("after 30 failures from one address: %d", p.Code)
	}
}
