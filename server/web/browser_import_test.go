package web_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"roost/server/servertest"
)

// TestBrowserImportProgress uploads a follows file through the settings
// form in a real browser. One row waits on a slow server, so the import is
// shown in progress; once it ends, script updates the list by itself and,
// without script, the Refresh link shows it finished.
func TestBrowserImportProgress(t *testing.T) {
	inBothScriptModes(t, func(t *testing.T, scripts bool) {
		release := make(chan struct{})
		var once sync.Once
		slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
				http.NotFound(w, r)
			case <-r.Context().Done():
			}
		}))
		defer slow.Close()
		defer once.Do(func() { close(release) })
		in := servertest.Start(t)
		alice, _ := in.CreateUser(t, "alice")
		in.CreateUser(t, "bob")
		file := filepath.Join(t.TempDir(), "following_accounts.csv")
		data := "Account address,Show boosts,Notify on new posts,Languages\nbob@" + in.Host + ",true,false,\n" +
			"nobody@" + strings.TrimPrefix(slow.URL, "http://") + ",true,false,\n"
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx := newTab(t)
		steps := append(signInSteps(in.URL, "alice", scripts),
			chromedp.Navigate(in.URL+"/settings/import"),
			chromedp.SetUploadFiles(chromedp.ID("import-data"), []string{file}),
			chromedp.Click(chromedp.CSS(`main form[action="/settings/import"] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("p.notice")),
		)
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("upload: %v", err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("imports")))
		if err != nil || !strings.Contains(text, "In progress") || !strings.Contains(text, "following_accounts.csv") {
			t.Fatalf("after the upload: %q, %v", text, err)
		}
		once.Do(func() { close(release) })
		if !scripts {
			waitForImports(t, in, alice.ID)
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#imports a[href="/settings/import"]`)),
				chromedp.WaitVisible(chromedp.CSS("#imports .import-failed"))); err != nil {
				t.Fatalf("refresh: %v", err)
			}
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			text, err = chromedp.Run(ctx, chromedp.Text(chromedp.ID("imports")))
			if err == nil && strings.Contains(text, "Finished") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the page never showed the import finished: %q, %v", text, err)
			}
			time.Sleep(200 * time.Millisecond)
		}
		if !strings.Contains(text, "2 of 2 rows done") || !strings.Contains(text, "1 row failed") {
			t.Errorf("finished import: %q", text)
		}
	})
}
