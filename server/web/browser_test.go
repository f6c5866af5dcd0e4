package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// chromium finds Debian's chromium. Without it the browser tests skip on a
// developer's machine and fail in CI, where it must be installed.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (apt-get install -y chromium)")
	}
	t.Skip("chromium is not installed")
	return ""
}

// newTab starts a headless chromium for one test. The flags keep it from
// reaching for the network (updates, sync, field trials), which would stall
// on a machine without one.
func newTab(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("lang", "en-US"), chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first run starts the browser; it must not carry the timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	// Generous: under -race on a loaded 2-core CI machine a flow takes minutes;
	// the limit only stops a hung browser.
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// inBothScriptModes runs a browser flow with JavaScript and without it, since
// every action must also work as a plain form post.
func inBothScriptModes(t *testing.T, flow func(t *testing.T, scripts bool)) {
	for _, scripts := range []bool{true, false} {
		name := "without JavaScript"
		if scripts {
			name = "with JavaScript"
		}
		t.Run(name, func(t *testing.T) { flow(t, scripts) })
	}
}

// signInSteps opens the sign-in page and signs in as username, with or
// without JavaScript.
func signInSteps(base, username string, scripts bool) []chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{}
	if !scripts {
		steps = append(steps, chromedp.Func(disableScripts))
	}
	return append(steps,
		chromedp.Navigate(base+"/auth/sign_in"),
		chromedp.SendKeys(chromedp.ID("login"), username),
		chromedp.SendKeys(chromedp.ID("password"), servertest.Password),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("body.page-landing nav.main")),
	)
}

func disableScripts(ctx context.Context, t *chromedp.Target) error {
	_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return err
}

// TestBrowserProfileFlow signs in, changes the display name in settings,
// sees it, and signs out, in a real browser: once with JavaScript and once
// without, since every action must work as a plain form post.
func TestBrowserProfileFlow(t *testing.T) {
	inBothScriptModes(t, func(t *testing.T, scripts bool) {
		in := servertest.Start(t)
		in.CreateUser(t, "alice")
		ctx := newTab(t)
		steps := append(signInSteps(in.URL, "alice", scripts),
			chromedp.Navigate(in.URL+"/settings/profile"),
			chromedp.SendKeys(chromedp.ID("display_name"), "Alice Liddell"),
			chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("p.notice")),
		)
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("sign in and save: %v", err)
		}
		name, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("display_name")))
		if err != nil || name != "Alice Liddell" {
			t.Errorf("display name after save: %q, %v", name, err)
		}
		counters, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(".counter"), chromedp.AtLeast(0)))
		if err != nil {
			t.Fatal(err)
		}
		if scripts != (len(counters) > 0) {
			t.Errorf("scripts %v, but %d character counters", scripts, len(counters))
		}
		err = chromedp.Do(ctx, chromedp.Navigate(in.URL+"/"), chromedp.WaitVisible(chromedp.CSS("body.page-landing")))
		if err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil || !strings.Contains(text, "Alice Liddell") {
			t.Errorf("landing page does not show the new name: %q, %v", text, err)
		}
		shoot(t, ctx, in.URL, scripts)
		err = chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`nav.main form[action="/auth/sign_out"] button`)),
			chromedp.WaitVisible(chromedp.CSS(`nav.main a[href="/auth/sign_in"]`)),
		)
		if err != nil {
			t.Fatalf("sign out: %v", err)
		}
		text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("p.notice")))
		if err != nil || !strings.Contains(text, "You are signed out.") {
			t.Errorf("after sign-out: %q, %v", text, err)
		}
	})
}

// shoot saves the signed-in page at phone and desktop widths when
// ROOST_SCREENSHOTS names a folder, for a person to look at.
func shoot(t *testing.T, ctx context.Context, base string, scripts bool) {
	dir := os.Getenv("ROOST_SCREENSHOTS")
	if dir == "" || !scripts {
		return
	}
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"360", 360, 740}, {"desktop", 1280, 800}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.width, size.height)); err != nil {
			t.Fatal(err)
		}
		for _, pg := range []struct{ name, path string }{{"home", "/"}, {"settings", "/settings/profile"}} {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+pg.path)); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, pg.name+"-"+size.name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestBrowserKeyboard: the first Tab lands on the skip link, and following
// it puts the focus on the page's main content.
func TestBrowserKeyboard(t *testing.T) {
	in := servertest.Start(t)
	ctx := newTab(t)
	err := chromedp.Do(ctx, chromedp.Navigate(in.URL+"/"), chromedp.WaitVisible(chromedp.CSS("main")),
		chromedp.KeyEvent(kb.Tab))
	if err != nil {
		t.Fatal(err)
	}
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.activeElement.className"))
	if err != nil || focused != "skip" {
		t.Fatalf("first Tab focuses %q, want the skip link (%v)", focused, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	focused, err = chromedp.Run(ctx, chromedp.Evaluate[string]("document.activeElement.id"))
	if err != nil || focused != "main" {
		t.Errorf("after the skip link the focus is on %q, want main (%v)", focused, err)
	}
}

// TestBrowserStatusFlow: sign in, post with a content warning, favourite,
// boost and bookmark someone's post, reply to it, and delete & redraft, in
// a real browser, once with JavaScript (buttons act without a reload) and
// once without (every button is a form post that comes back).
func TestBrowserStatusFlow(t *testing.T) {
	inBothScriptModes(t, func(t *testing.T, scripts bool) {
		in := servertest.Start(t)
		in.CreateUser(t, "alice")
		bob, _ := in.CreateUser(t, "bob")
		view, err := in.Actions().PostStatus(context.Background(), bob, actions.PostStatusArgs{Text: "Bob says hi", Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		bobPost := in.URL + "/@bob/" + store.FormatID(view.Status.ID)
		ctx := newTab(t)
		steps := append(signInSteps(in.URL, "alice", scripts),
			chromedp.Navigate(in.URL+"/home"),
			chromedp.SendKeys(chromedp.ID("spoiler_text"), "birds"),
			chromedp.SendKeys(chromedp.ID("status"), "A heron at the pond"),
			chromedp.Click(chromedp.CSS(`#compose button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("p.notice")),
			chromedp.WaitVisible(chromedp.CSS("article.status details.cw summary")),
		)
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("sign in and post: %v", err)
		}
		hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.querySelector("article.status details.cw").open`))
		if err != nil || !hidden {
			t.Errorf("the content warning is not collapsed (%v)", err)
		}
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS("article.status details.cw summary")),
			chromedp.WaitVisible(chromedp.CSS("article.status details.cw .content")))
		if err != nil {
			t.Errorf("open the content warning: %v", err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(bobPost), chromedp.WaitVisible(chromedp.CSS("article.status.focus"))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.roostStay = 1`)); err != nil && scripts {
			t.Fatal(err)
		}
		for _, button := range []string{"favourite", "boost", "bookmark"} {
			err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`article.status.focus button.`+button)),
				chromedp.WaitVisible(chromedp.CSS(`article.status.focus button.`+button+`[aria-pressed="true"]`)))
			if err != nil {
				t.Fatalf("%s: %v", button, err)
			}
		}
		if scripts {
			stayed, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.roostStay === 1`))
			if err != nil || !stayed {
				t.Errorf("with JavaScript the buttons reloaded the page (%v)", err)
			}
		}
		err = chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.CSS("#reply #status"), "Lovely, Bob"),
			chromedp.Click(chromedp.CSS(`#reply button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`article.status:not(.focus) .content`)),
		)
		if err != nil {
			t.Fatalf("reply: %v", err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.thread`)))
		if err != nil || !strings.Contains(text, "Lovely, Bob") {
			t.Errorf("the reply is not in the thread: %q, %v", text, err)
		}
		err = chromedp.Do(ctx, chromedp.Navigate(in.URL+"/@bob"),
			chromedp.Click(chromedp.CSS(`#relationship button.follow`)),
			chromedp.WaitVisible(chromedp.CSS(`#relationship button.follow[aria-pressed="true"]`)))
		if err != nil {
			t.Fatalf("follow: %v", err)
		}
		err = chromedp.Do(ctx, chromedp.Navigate(in.URL+"/@alice"),
			chromedp.WaitVisible(chromedp.CSS("article.status details.more summary")))
		if err != nil {
			t.Fatal(err)
		}
		shootPages(t, ctx, in.URL, scripts, "/home", "/@alice", strings.TrimPrefix(bobPost, in.URL))
		err = chromedp.Do(ctx, chromedp.Navigate(in.URL+"/@alice/with_replies"),
			chromedp.WaitVisible(chromedp.CSS("article.status details.more summary")),
			chromedp.Click(chromedp.CSS(`article.status:last-child details.more summary`)),
			chromedp.Click(chromedp.CSS(`article.status:last-child button.redraft`)),
			chromedp.WaitVisible(chromedp.CSS("body.page-compose #status")),
		)
		if err != nil {
			t.Fatalf("delete & redraft: %v", err)
		}
		draft, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("status")))
		if err != nil || draft != "A heron at the pond" {
			t.Errorf("composer after redraft: %q, %v", draft, err)
		}
		cw, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("spoiler_text")))
		if err != nil || cw != "birds" {
			t.Errorf("content warning after redraft: %q, %v", cw, err)
		}
		counters, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(".counter"), chromedp.AtLeast(0)))
		if err != nil || scripts != (len(counters) == 1) {
			t.Errorf("scripts %v, but %d character counters (%v)", scripts, len(counters), err)
		}
	})
}

// shootPages saves pages at phone and desktop widths when ROOST_SCREENSHOTS
// names a folder, and checks that nothing overflows a 360 px phone.
func shootPages(t *testing.T, ctx context.Context, base string, scripts bool, paths ...string) {
	t.Helper()
	if !scripts {
		return
	}
	dir := os.Getenv("ROOST_SCREENSHOTS")
	defer func() {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
			t.Fatal(err)
		}
	}()
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"360", 360, 740}, {"desktop", 1280, 800}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.width, size.height)); err != nil {
			t.Fatal(err)
		}
		for _, path := range paths {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
				t.Fatal(err)
			}
			width, err := chromedp.Run(ctx, chromedp.Evaluate[int64]("document.documentElement.scrollWidth"))
			if err != nil || width > size.width {
				t.Errorf("%s at %s: the page is %d px wide (%v)", path, size.name, width, err)
			}
			if dir == "" {
				continue
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			name := strings.NewReplacer("/", "-", "@", "profile-").Replace(strings.TrimPrefix(path, "/"))
			if err := os.WriteFile(filepath.Join(dir, name+"-"+size.name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
