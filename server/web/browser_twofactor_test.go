package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"roost/server/servertest"
)

// TestBrowserTwoFactorSetUp sets up two-factor sign-in in a real browser
// by scanning nothing: it reads the key written out on the page, computes
// a code as an authenticator app would, enables it, signs out, and signs
// in again with the password and a fresh code.
func TestBrowserTwoFactorSetUp(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	ctx := newTab(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(in.URL+"/auth/sign_in"),
		chromedp.SendKeys(chromedp.ID("login"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), servertest.Password),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("body.page-landing nav.main")),
		chromedp.Navigate(in.URL+"/settings/two_factor"),
		chromedp.WaitVisible(chromedp.ID("totp-secret")),
	)
	if err != nil {
		t.Fatalf("sign in and open the set-up: %v", err)
	}
	secret, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("totp-secret")))
	if err != nil || len(strings.TrimSpace(secret)) < 16 {
		t.Fatalf("key on the page: %q, %v", secret, err)
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector("img.qr"); return i.complete && i.naturalWidth > 0 })()`))
	if err != nil || !loaded {
		t.Errorf("the QR code image did not load under the page's CSP: %v, %v", loaded, err)
	}
	codes := &servertest.Codes{Secret: strings.TrimSpace(secret)}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("code"), codes.Next(t)),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("recovery-codes")),
	)
	if err != nil {
		t.Fatalf("confirm: %v", err)
	}
	recovery, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("#recovery-codes li")))
	if err != nil || len(recovery) != 10 {
		t.Fatalf("%d recovery codes shown, %v", len(recovery), err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav.main form[action="/auth/sign_out"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.main a[href="/auth/sign_in"]`)),
		chromedp.Navigate(in.URL+"/auth/sign_in"),
		chromedp.SendKeys(chromedp.ID("login"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), servertest.Password),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("body.page-sign_in_code #code")),
		chromedp.SendKeys(chromedp.ID("code"), codes.Next(t)),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("body.page-landing nav.main")),
	)
	if err != nil {
		t.Fatalf("sign in again with a code: %v", err)
	}
	me, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("header.site .me")))
	if err != nil || me != "@alice" {
		t.Errorf("signed in as %q, %v", me, err)
	}
}
