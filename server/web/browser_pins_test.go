package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// TestBrowserPinsBookmarksMutesAndSchedule walks issue 7's remaining web
// flows in a real browser, with JavaScript and without: pin a post from
// its More menu, bookmark one and find it on the bookmarks page, mute an
// author from a post's menu and unmute them from settings, and schedule a
// post from the composer.
func TestBrowserPinsBookmarksMutesAndSchedule(t *testing.T) {
	inBothScriptModes(t, func(t *testing.T, scripts bool) {
		in := servertest.Start(t)
		ctx0 := context.Background()
		alice, _ := in.CreateUser(t, "alice")
		bob, _ := in.CreateUser(t, "bob")
		own := post(t, in, alice, actions.PostStatusArgs{Text: "Pin me to the top", Visibility: "public"})
		theirs := post(t, in, bob, actions.PostStatusArgs{Text: "Worth keeping", Visibility: "public"})
		ctx := newTab(t)
		if !scripts {
			if err := chromedp.Do(ctx, chromedp.Func(disableScripts)); err != nil {
				t.Fatal(err)
			}
		}
		signInTab(t, ctx, in.URL, "alice")

		// Pin from the More menu of one's own post.
		err := chromedp.Do(ctx,
			chromedp.Navigate(in.URL+statusPage(alice, own)),
			chromedp.Click(chromedp.CSS(`details.more summary`)),
			chromedp.Click(chromedp.CSS(`button.pin`)),
			chromedp.WaitVisible(chromedp.CSS(`button.pin[aria-pressed=true]`)),
		)
		if err != nil {
			t.Fatalf("pin: %v", err)
		}
		if pinnedCount(t, in, alice.ID) != 1 {
			t.Fatal("the post is not pinned")
		}

		// Bookmark someone's post and find it on the bookmarks page.
		err = chromedp.Do(ctx,
			chromedp.Navigate(in.URL+statusPage(bob, theirs)),
			chromedp.Click(chromedp.CSS(`button.act.bookmark`)),
			chromedp.WaitVisible(chromedp.CSS(`button.act.bookmark[aria-pressed=true]`)),
			chromedp.Navigate(in.URL+"/bookmarks"),
			chromedp.WaitVisible(chromedp.CSS("main")),
		)
		if err != nil {
			t.Fatalf("bookmark: %v", err)
		}
		if text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(text, "Worth keeping") {
			t.Errorf("bookmarks page lacks the post: %q", text)
		}

		// Mute the author from the post's menu, then unmute from settings.
		err = chromedp.Do(ctx,
			chromedp.Navigate(in.URL+statusPage(bob, theirs)),
			chromedp.Click(chromedp.CSS(`details.more summary`)),
			chromedp.Click(chromedp.CSS(`button.mute-author`)),
			// The form post comes back to the post's page with the menu closed.
			chromedp.WaitNotPresent(chromedp.CSS(`details.more[open]`)),
			chromedp.Navigate(in.URL+"/settings/mutes"),
			chromedp.WaitVisible(chromedp.CSS(`button.unmute`)),
			chromedp.Click(chromedp.CSS(`button.unmute`)),
			chromedp.WaitNotPresent(chromedp.CSS(`button.unmute`)),
		)
		if err != nil {
			t.Fatalf("mute and unmute: %v", err)
		}
		var muted int
		in.DB.R().QueryRowContext(ctx0, "SELECT COUNT(*) FROM mutes WHERE account_id = ?", alice.ID).Scan(&muted)
		if muted != 0 {
			t.Errorf("after unmuting, alice still mutes %d accounts", muted)
		}

		// Schedule a post two hours ahead from the composer.
		at := time.Now().UTC().Add(2 * time.Hour).Format("2006-01-02T15:04")
		err = chromedp.Do(ctx,
			chromedp.Navigate(in.URL+"/compose"),
			chromedp.SendKeys(chromedp.ID("status"), "Later, everyone"),
			chromedp.SetValue(chromedp.ID("scheduled_at"), at),
			chromedp.Click(chromedp.CSS(`#compose button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("body.page-scheduled")),
		)
		if err != nil {
			t.Fatalf("schedule: %v", err)
		}
		if text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(text, "Later, everyone") {
			t.Errorf("scheduled page lacks the post: %q", text)
		}
	})
}

func pinnedCount(t *testing.T, in *servertest.Instance, account store.ID) int {
	t.Helper()
	var n int
	if err := in.DB.R().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM pins WHERE account_id = ?", account).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
