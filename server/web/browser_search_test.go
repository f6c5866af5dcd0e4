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

// TestBrowserSearchEditAndSettings: search for a person and follow them
// from the results, edit a post from its more menu, and fill profile
// fields in settings, once with JavaScript and once without.
func TestBrowserSearchEditAndSettings(t *testing.T) {
	inBothScriptModes(t, func(t *testing.T, scripts bool) {
		in := servertest.Start(t)
		alice, err := in.DB.Account(context.Background(), createUser(t, in, "alice", "admin", true).AccountID)
		if err != nil {
			t.Fatal(err)
		}
		bob, _ := in.CreateUser(t, "bob")
		mine, err := in.Actions().PostStatus(context.Background(), alice, actions.PostStatusArgs{Text: "A typo hree", Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		ctx := newTab(t)
		if !scripts {
			if err := chromedp.Do(ctx, chromedp.Func(disableScripts)); err != nil {
				t.Fatal(err)
			}
		}
		signInTab(t, ctx, in.URL, "alice")
		err = chromedp.Do(ctx,
			chromedp.Navigate(in.URL+"/search"),
			chromedp.SendKeys(chromedp.ID("search-q"), "bob"),
			chromedp.Click(chromedp.CSS(`form.search-form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`ul.people.found button.follow[aria-pressed="false"]`)),
			chromedp.Click(chromedp.CSS(`ul.people.found button.follow`)),
			chromedp.WaitVisible(chromedp.CSS(`ul.people.found button.follow[aria-pressed="true"]`)),
		)
		if err != nil {
			t.Fatalf("search and follow: %v", err)
		}
		err = chromedp.Do(ctx,
			chromedp.Navigate(in.URL+"/@alice/"+store.FormatID(mine.Status.ID)),
			chromedp.Click(chromedp.CSS(`article.status.focus details.more summary`)),
			chromedp.Click(chromedp.CSS(`article.status.focus details.more a[href$="/edit"]`)),
			chromedp.WaitVisible(chromedp.ID("status")),
			chromedp.Clear(chromedp.ID("status")),
			chromedp.SendKeys(chromedp.ID("status"), "No typo here"),
			chromedp.Click(chromedp.CSS(`#compose button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("article.status.focus")),
		)
		if err != nil {
			t.Fatalf("edit: %v", err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("article.status.focus .content")))
		if err != nil || !strings.Contains(text, "No typo here") {
			t.Errorf("after the edit: %q, %v", text, err)
		}
		err = chromedp.Do(ctx,
			chromedp.Navigate(in.URL+"/settings/profile"),
			chromedp.SendKeys(chromedp.ID("field-name-0"), "Pronouns"),
			chromedp.SendKeys(chromedp.ID("field-value-0"), "she/her"),
			chromedp.Click(chromedp.CSS(`input[name=hide_collections]`)),
			chromedp.Click(chromedp.CSS(`main form[action="/settings/profile"] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("p.notice")),
			chromedp.Navigate(in.URL+"/@alice"),
			chromedp.WaitVisible(chromedp.CSS("main")),
		)
		if err != nil {
			t.Fatalf("settings: %v", err)
		}
		profile, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil || !strings.Contains(profile, "she/her") {
			t.Errorf("the profile lacks the new field: %v", err)
		}
		shootPages(t, ctx, in.URL, scripts, "/search?q=bob", "/settings/profile", "/settings/applications",
			"/favourites", "/follow_requests", "/admin/federation", "/admin/relays", "/admin/moderation",
			"/settings/import", "/settings/export", "/settings/migration", "/accounts/"+store.FormatID(bob.ID)+"/report")
	})
}

// TestBrowserLiveTimeline: with JavaScript, a followed account's new post
// appears on the open home page and the notifications link counts a
// mention, with no reload.
func TestBrowserLiveTimeline(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	if _, err := in.Actions().Follow(context.Background(), alice, bob.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	ctx := newTab(t)
	signInTab(t, ctx, in.URL, "alice")
	if err := chromedp.Do(ctx, chromedp.Navigate(in.URL+"/home"), chromedp.WaitVisible(chromedp.ID("compose"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.roostStay = 1`)); err != nil {
		t.Fatal(err)
	}
	// Wait for the page's EventSource to subscribe before posting.
	for start := time.Now(); in.Actions().Events.Subscribers() == 0; time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatal("the page never opened its stream")
		}
	}
	view, err := in.Actions().PostStatus(context.Background(), bob, actions.PostStatusArgs{Text: "Live from the pond, @alice", Visibility: "public"})
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("s-"+store.FormatID(view.Status.ID))),
		chromedp.WaitVisible(chromedp.CSS(`a[data-notifications] .unread`)),
	)
	if err != nil {
		t.Fatalf("live update: %v", err)
	}
	stayed, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.roostStay === 1`))
	if err != nil || !stayed {
		t.Errorf("the page reloaded (%v)", err)
	}
}
