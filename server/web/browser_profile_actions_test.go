package web_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// TestBrowserMuteConversationAndNote: in a real browser, with JavaScript
// (in place) and without (plain form posts), alice mutes and unmutes the
// conversation of a post that mentions her from its More menu, then keeps
// a private note on the author's profile and finds it there again.
func TestBrowserMuteConversationAndNote(t *testing.T) {
	inBothScriptModes(t, func(t *testing.T, scripts bool) {
		in := servertest.Start(t)
		alice, _ := in.CreateUser(t, "alice")
		bob, _ := in.CreateUser(t, "bob")
		mention := post(t, in, bob, actions.PostStatusArgs{Text: "hello @alice", Visibility: "public"})
		ctx := newTab(t)
		if err := chromedp.Do(ctx, signInSteps(in.URL, "alice", scripts)...); err != nil {
			t.Fatalf("sign in: %v", err)
		}

		toggle := func(pressed string) error {
			return chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`article.status details.more summary`)),
				chromedp.Click(chromedp.CSS(`button.mute-thread`)),
				chromedp.WaitReady(chromedp.CSS(`button.mute-thread[aria-pressed=`+pressed+`]`)),
			)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(in.URL+statusPage(bob, mention)), chromedp.WaitVisible(chromedp.CSS("article.status"))); err != nil {
			t.Fatal(err)
		}
		if err := toggle("true"); err != nil {
			t.Fatalf("mute conversation: %v", err)
		}
		if n := conversationMutes(t, in, alice.ID); n != 1 {
			t.Fatalf("%d conversation mutes after muting, want 1", n)
		}
		if err := toggle("false"); err != nil {
			t.Fatalf("unmute conversation: %v", err)
		}
		if n := conversationMutes(t, in, alice.ID); n != 0 {
			t.Fatalf("%d conversation mutes after unmuting", n)
		}

		field := "#note-" + store.FormatID(bob.ID)
		err := chromedp.Do(ctx,
			chromedp.Navigate(in.URL+"/@bob"),
			chromedp.SendKeys(chromedp.CSS(field), "Owl person"),
			chromedp.Click(chromedp.CSS(`button.save-note`)),
		)
		if err != nil {
			t.Fatalf("save note: %v", err)
		}
		waitFor(t, func() bool { return relationshipOf(t, in, alice, bob.ID).Note == "Owl person" })
		if err := chromedp.Do(ctx, chromedp.Navigate(in.URL+"/@bob"), chromedp.WaitVisible(chromedp.CSS(field))); err != nil {
			t.Fatal(err)
		}
		if got, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(field))); err != nil || got != "Owl person" {
			t.Errorf("the profile shows the note %q (%v), want the saved one", got, err)
		}
	})
}

// waitFor polls cond for a few seconds: an in-place form post finishes
// after the click returns.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for the form post to land")
		}
	}
}
