package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"roost/server/actions"
	"roost/server/servertest"
)

// signInTab signs in as username in a real browser tab.
func signInTab(t *testing.T, ctx context.Context, base, username string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/auth/sign_in"),
		chromedp.SendKeys(chromedp.ID("login"), username),
		chromedp.SendKeys(chromedp.ID("password"), servertest.Password),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.main form[action="/auth/sign_out"]`)),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", username, err)
	}
}

// TestBrowserAnnouncementBanner: an announcement shows as a banner on
// every page until the reader dismisses it with its button, with
// JavaScript (in place) and without (a form post that comes back).
func TestBrowserAnnouncementBanner(t *testing.T) {
	inBothScriptModes(t, func(t *testing.T, scripts bool) {
		in := servertest.Start(t)
		in.CreateUser(t, "alice")
		if _, err := in.Actions().CreateAnnouncement(context.Background(), actions.Operator(),
			actions.AnnouncementArgs{Text: "Maintenance on Sunday", Publish: true}); err != nil {
			t.Fatal(err)
		}
		ctx := newTab(t)
		if !scripts {
			if err := chromedp.Do(ctx, chromedp.Func(disableScripts)); err != nil {
				t.Fatal(err)
			}
		}
		signInTab(t, ctx, in.URL, "alice")
		err := chromedp.Do(ctx, chromedp.Navigate(in.URL+"/home"), chromedp.WaitVisible(chromedp.CSS(".announcement")))
		if err != nil {
			t.Fatalf("no banner: %v", err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".announcement .content")))
		if err != nil || !strings.Contains(text, "Maintenance on Sunday") {
			t.Fatalf("banner text %q, %v", text, err)
		}
		err = chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`.announcement form button`)),
			chromedp.WaitNotPresent(chromedp.CSS(".announcement")),
			chromedp.WaitVisible(chromedp.CSS("body.page-timeline")),
		)
		if err != nil {
			t.Fatalf("dismiss: %v", err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(in.URL+"/notifications"), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatal(err)
		}
		if banners, _ := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(".announcement"), chromedp.AtLeast(0))); len(banners) != 0 {
			t.Error("the dismissed banner comes back on another page")
		}
	})
}

// TestBrowserFeaturedTagsAndDirectMessages: a profile's featured hashtags
// lead to its tagged posts, and a direct message shows on the addressee's
// direct messages page with the warning.
func TestBrowserFeaturedTagsAndDirectMessages(t *testing.T) {
	in := servertest.Start(t)
	ctx0 := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	in.CreateUser(t, "bob")
	post(t, in, alice, actions.PostStatusArgs{Text: "Gardening today #garden", Visibility: "public"})
	post(t, in, alice, actions.PostStatusArgs{Text: "Something else", Visibility: "public"})
	post(t, in, alice, actions.PostStatusArgs{Text: "@bob see you at noon", Visibility: "direct"})
	if _, err := in.Actions().FeatureTag(ctx0, alice, "garden"); err != nil {
		t.Fatal(err)
	}
	ctx := newTab(t)
	signInTab(t, ctx, in.URL, "bob")
	err := chromedp.Do(ctx, chromedp.Navigate(in.URL+"/@alice"), chromedp.WaitVisible(chromedp.CSS(".featured-tags")))
	if err != nil {
		t.Fatalf("no featured tags: %v", err)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.featured-tags a[rel=tag]`)), chromedp.WaitVisible(chromedp.CSS(`nav.tabs a[aria-current=page][href="/@alice/tagged/garden"]`)))
	if err != nil {
		t.Fatalf("following the featured tag: %v", err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(text, "Gardening today") || strings.Contains(text, "Something else") {
		t.Errorf("tagged posts page: %q, %v", text, err)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`nav.main a[href="/conversations"]`)), chromedp.WaitVisible(chromedp.CSS("body.page-conversations li.conversation")))
	if err != nil {
		t.Fatalf("direct messages page: %v", err)
	}
	text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(text, "see you at noon") || !strings.Contains(text, "may show them publicly") {
		t.Errorf("direct messages page: %q, %v", text, err)
	}
}
