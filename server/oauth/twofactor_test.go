package oauth_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server/servertest"
)

// codeStep submits the two-factor prompt the password step answered with.
func codeStep(t *testing.T, b *browser, in *servertest.Instance, prompt reply, code string) reply {
	t.Helper()
	if prompt.Status != http.StatusOK || !strings.Contains(string(prompt.Body), `name="code"`) {
		t.Fatalf("want the code prompt, got %d:\n%s", prompt.Status, prompt.Body)
	}
	f := parseForm(t, prompt.Body)
	if f.Fields.Get("challenge") == "" || f.Fields.Get("password") != "" {
		t.Fatalf("the prompt must carry a challenge and never the password: %v", f.Fields)
	}
	f.Fields.Set("code", code)
	f.Fields.Set("decision", "approve")
	return b.postForm(in.URL+f.Action, f.Fields, "")
}

// TestTwoFactorLifecycleOAuth: with two-factor sign-in on, the
// authorization page asks for a code after the password; the code works
// once, a recovery code works once, and once two-factor sign-in is off the
// password is enough again. Codes are computed from the key, as an
// authenticator app does.
func TestTwoFactorLifecycleOAuth(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	ctx := context.Background()
	u, err := in.DB.UserByUsername(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	setup, err := in.Actions().EnableTOTP(ctx, u, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(setup.URL, "otpauth://totp/") || len(setup.QRCode) == 0 {
		t.Fatalf("set-up: %q, %d bytes of QR code", setup.URL, len(setup.QRCode))
	}
	codes := &servertest.Codes{Secret: setup.Secret}
	recovery, err := in.Actions().ConfirmTOTP(ctx, u, codes.Next(t))
	if err != nil || len(recovery) != 10 {
		t.Fatalf("confirm: %v, %d recovery codes", err, len(recovery))
	}
	a := registerApp(t, in, callback, "read")
	authURL := authorizeURL(in, a, callback, "read", nil)
	exchange := func(code string) {
		t.Helper()
		tr := newBrowser(t).postForm(in.URL+"/oauth/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
			"client_id": {a.ClientID}, "client_secret": {a.ClientSecret}, "redirect_uri": {callback}}, "")
		if tr.Status != http.StatusOK {
			t.Fatalf("token: %d %s", tr.Status, tr.Body)
		}
	}

	t.Run("password then code", func(t *testing.T) {
		b := newBrowser(t)
		r := codeStep(t, b, in, signIn(t, b, in, authURL, "alice", servertest.Password), codes.Next(t))
		exchange(codeFrom(t, r, callback+"?"))
	})
	t.Run("a replayed code is refused", func(t *testing.T) {
		b := newBrowser(t)
		r := codeStep(t, b, in, signIn(t, b, in, authURL, "alice", servertest.Password), codes.Last(t))
		if r.Status != http.StatusUnauthorized || !strings.Contains(string(r.Body), "already used") {
			t.Fatalf("replay: %d %s", r.Status, r.Body)
		}
		// The prompt comes back with the same challenge: a right code still works.
		r = codeStep(t, b, in, reply{Status: http.StatusOK, Body: r.Body}, recovery[0])
		exchange(codeFrom(t, r, callback+"?"))
	})
	t.Run("a recovery code works once", func(t *testing.T) {
		b := newBrowser(t)
		r := codeStep(t, b, in, signIn(t, b, in, authURL, "alice", servertest.Password), recovery[0])
		if r.Status != http.StatusUnauthorized {
			t.Fatalf("used recovery code: %d", r.Status)
		}
	})
	t.Run("an unknown challenge starts over", func(t *testing.T) {
		b := newBrowser(t)
		prompt := signIn(t, b, in, authURL, "alice", servertest.Password)
		f := parseForm(t, prompt.Body)
		f.Fields.Set("challenge", "forged")
		f.Fields.Set("code", codes.Next(t))
		f.Fields.Set("decision", "approve")
		r := b.postForm(in.URL+f.Action, f.Fields, "")
		if r.Status != http.StatusUnauthorized || !strings.Contains(string(r.Body), `name="password"`) {
			t.Fatalf("forged challenge: %d %s", r.Status, r.Body)
		}
	})
	t.Run("off again: the password is enough", func(t *testing.T) {
		u, err := in.DB.UserByUsername(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		if err := in.Actions().DisableTOTP(ctx, u, servertest.Password, recovery[1]); err != nil {
			t.Fatal(err)
		}
		exchange(codeFrom(t, signIn(t, newBrowser(t), in, authURL, "alice", servertest.Password), callback+"?"))
	})
}

// TestAdminDisablesTwoFactor: the CLI's operation for a locked-out user.
func TestAdminDisablesTwoFactor(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	ctx := context.Background()
	u, _ := in.DB.UserByUsername(ctx, "alice")
	setup, err := in.Actions().EnableTOTP(ctx, u, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().ConfirmTOTP(ctx, u, (&servertest.Codes{Secret: setup.Secret}).Next(t)); err != nil {
		t.Fatal(err)
	}
	if err := in.Actions().DisableTOTPFor(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	u, _ = in.DB.UserByUsername(ctx, "alice")
	if u.TOTPEnabledAt != nil || u.TOTPSecret != "" {
		t.Fatal("two-factor sign-in still on")
	}
	if n, _ := in.Actions().RecoveryCodesLeft(ctx, u); n != 0 {
		t.Fatalf("%d recovery codes left", n)
	}
	a := registerApp(t, in, callback, "read")
	codeFrom(t, signIn(t, newBrowser(t), in, authorizeURL(in, a, callback, "read", nil), "alice", servertest.Password), callback+"?")
}
