package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"roost/server/actions"
	"roost/server/servertest"
)

// TestBrowserPollWithWarning composes a poll behind a content warning in a
// real browser, then opens a warning on someone else's poll and votes on
// it: once with JavaScript and once without.
func TestBrowserPollWithWarning(t *testing.T) {
	inBothScriptModes(t, func(t *testing.T, scripts bool) {
		in := servertest.Start(t)
		in.CreateUser(t, "alice")
		bob, _ := in.CreateUser(t, "bob")
		_, err := in.Actions().PostStatus(context.Background(), bob, actions.PostStatusArgs{Text: "pick a colour",
			SpoilerText: "colours", Poll: &actions.PollArgs{Options: []string{"red", "blue"}, ExpiresIn: actions.MinPollExpiry * 10}})
		if err != nil {
			t.Fatal(err)
		}
		ctx := newTab(t)
		steps := append(signInSteps(in.URL, "alice", scripts),
			chromedp.Navigate(in.URL+"/compose"),
			chromedp.SendKeys(chromedp.ID("spoiler_text"), "weather talk"),
			chromedp.SendKeys(chromedp.ID("status"), "rain or sun?"),
			chromedp.Click(chromedp.CSS(".compose-poll summary")),
			chromedp.SendKeys(chromedp.ID("poll_option_0"), "rain"),
			chromedp.SendKeys(chromedp.ID("poll_option_1"), "sun"),
			chromedp.Click(chromedp.CSS(`#compose button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("p.notice")),
			chromedp.Navigate(in.URL+"/@alice"),
			chromedp.WaitVisible(chromedp.CSS("article.status details.cw summary")),
		)
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("compose a poll: %v", err)
		}
		hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
			`!document.querySelector("article.status .poll").checkVisibility()`))
		if err != nil || !hidden {
			t.Errorf("the poll shows before the warning is opened (%v)", err)
		}
		err = chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS("article.status details.cw summary")),
			chromedp.WaitVisible(chromedp.CSS("article.status .poll-results")),
			chromedp.Navigate(in.URL+"/@bob"),
			chromedp.Click(chromedp.CSS("article.status details.cw summary")),
			chromedp.Click(chromedp.CSS(`article.status input[name=choices][value="1"]`)),
			chromedp.Click(chromedp.CSS(`article.status .poll-vote button[type=submit]`)),
			chromedp.WaitReady(chromedp.CSS("article.status .poll-results li.own")),
		)
		if err != nil {
			t.Fatalf("vote: %v", err)
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			`document.querySelector("article.status .poll-results li.own").textContent`))
		if err != nil || !strings.Contains(text, "blue") {
			t.Errorf("own choice %q (%v)", text, err)
		}
	})
}
