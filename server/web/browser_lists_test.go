package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"roost/server/actions"
	"roost/server/servertest"
)

// followedAuthor makes alice, who posts text, and bob, who follows her.
func followedAuthor(t *testing.T, in *servertest.Instance, text string) {
	t.Helper()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	if _, err := in.Actions().Follow(context.Background(), bob, alice.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	post(t, in, alice, actions.PostStatusArgs{Text: text, Visibility: "public"})
}

// TestBrowserListFlow: make a list, add a followed account from the list
// page, see its posts in the list, and find the list on its profile.
func TestBrowserListFlow(t *testing.T) {
	inBothScriptModes(t, func(t *testing.T, scripts bool) {
		in := servertest.Start(t)
		followedAuthor(t, in, "Alice on the list")
		ctx := newTab(t)
		steps := append(signInSteps(in.URL, "bob", scripts),
			chromedp.Click(chromedp.CSS(`nav.main a[href="/lists"]`)),
			chromedp.WaitVisible(chromedp.CSS("body.page-lists #title")),
			chromedp.SendKeys(chromedp.ID("title"), "Friends"),
			chromedp.Click(chromedp.CSS(`#new-list button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("body.page-list form.add-member")),
			chromedp.Click(chromedp.CSS(`form.add-member button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`.members button.remove`)),
		)
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("make a list and add alice: %v", err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil || !strings.Contains(text, "Alice on the list") || !strings.Contains(text, "@alice") {
			t.Errorf("the list page lacks alice or her post: %q, %v", text, err)
		}
		err = chromedp.Do(ctx, chromedp.Navigate(in.URL+"/@alice"),
			chromedp.Click(chromedp.CSS(`details.profile-lists summary`)),
			chromedp.WaitVisible(chromedp.CSS(`button.list-toggle[aria-pressed="true"]`)),
			chromedp.Click(chromedp.CSS(`button.list-toggle`)),
			// The post comes back to the profile, where the button now adds.
			chromedp.WaitReady(chromedp.CSS(`button.list-toggle[aria-pressed="false"]`)),
		)
		if err != nil {
			t.Fatalf("take alice off the list from her profile: %v", err)
		}
		shootPages(t, ctx, in.URL, scripts, "/lists")
	})
}

// TestBrowserFilterFlow: add a keyword filter in settings, see a matching
// post folded in home behind "show anyway", and unfold it.
func TestBrowserFilterFlow(t *testing.T) {
	inBothScriptModes(t, func(t *testing.T, scripts bool) {
		in := servertest.Start(t)
		followedAuthor(t, in, "A grey heron fishing")
		ctx := newTab(t)
		steps := append(signInSteps(in.URL, "bob", scripts),
			chromedp.Navigate(in.URL+"/settings/filters"),
			chromedp.SendKeys(chromedp.ID("filter-title"), "Birds"),
			chromedp.SendKeys(chromedp.ID("keywords"), "heron"),
			chromedp.Click(chromedp.CSS(`#filter-form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("p.notice")),
			chromedp.Navigate(in.URL+"/home"),
			chromedp.WaitVisible(chromedp.CSS("article.status.filtered details.filtered summary")),
		)
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("add a filter and see home: %v", err)
		}
		folded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.querySelector("details.filtered").open`))
		if err != nil || !folded {
			t.Errorf("the filtered post is not folded (%v)", err)
		}
		summary, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("details.filtered summary")))
		if err != nil || !strings.Contains(summary, "Birds") || !strings.Contains(summary, "Show anyway") {
			t.Errorf("summary = %q, %v", summary, err)
		}
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS("details.filtered summary")),
			chromedp.WaitVisible(chromedp.CSS("details.filtered .content")))
		if err != nil {
			t.Fatalf("show anyway: %v", err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("details.filtered .content")))
		if err != nil || !strings.Contains(text, "A grey heron fishing") {
			t.Errorf("unfolded text = %q, %v", text, err)
		}
		shootPages(t, ctx, in.URL, scripts, "/settings/filters", "/settings/mutes")
	})
}
