package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"roost/server/media/mediatest"
	"roost/server/servertest"
)

// TestBrowserUploadWithAltAndFocus uploads a picture from the composer with
// alt text and a focal point, then finds it on the profile cropped around
// that point. With JavaScript the point is picked by clicking the preview;
// without, it is typed into the two number fields.
func TestBrowserUploadWithAltAndFocus(t *testing.T) {
	picture := filepath.Join(t.TempDir(), "heron.png")
	if err := os.WriteFile(picture, mediatest.PNG(400, 200), 0o644); err != nil {
		t.Fatal(err)
	}
	inBothScriptModes(t, func(t *testing.T, scripts bool) {
		in := servertest.Start(t)
		in.CreateUser(t, "alice")
		ctx := newTab(t)
		steps := append(signInSteps(in.URL, "alice", scripts),
			chromedp.Navigate(in.URL+"/compose"),
			chromedp.SendKeys(chromedp.ID("status"), "A heron, off centre"),
			chromedp.SetUploadFiles(chromedp.ID("media_file_0"), []string{picture}),
		)
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("sign in and fill the composer: %v", err)
		}
		if scripts {
			// A picture without a description is prompted for one.
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".alt-missing"))); err != nil {
				t.Fatalf("no alt text prompt: %v", err)
			}
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("media_description_0"), "A grey heron standing in reeds")); err != nil {
			t.Fatal(err)
		}
		if scripts {
			if err := chromedp.Do(ctx, chromedp.WaitNotVisible(chromedp.CSS(".alt-missing"))); err != nil {
				t.Fatalf("the alt text prompt stays after a description: %v", err)
			}
		}
		if scripts {
			// Click three quarters across and a quarter down the preview: focus (0.5, 0.5).
			err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".focus-preview img")))
			if err != nil {
				t.Fatalf("no preview to pick the focal point on: %v", err)
			}
			box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(function () {
					var img = document.querySelector(".focus-preview img");
					img.scrollIntoView({block: "center"});
					var r = img.getBoundingClientRect();
					return [r.left + r.width * 0.75, r.top + r.height * 0.25];
				})()`))
			if err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.MouseClickXY(box[0], box[1])); err != nil {
				t.Fatal(err)
			}
			x, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("media_focus_x_0")))
			y, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("media_focus_y_0")))
			if x != "0.50" || y != "0.50" {
				t.Errorf("picked focus %s,%s, want 0.50,0.50", x, y)
			}
		} else {
			err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("media_focus_x_0"), "0.5"),
				chromedp.SendKeys(chromedp.ID("media_focus_y_0"), "0.5"))
			if err != nil {
				t.Fatal(err)
			}
		}
		err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#compose button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS("p.notice")),
			chromedp.Navigate(in.URL+"/@alice"),
			chromedp.WaitVisible(chromedp.CSS("article.status .media-gallery img")))
		if err != nil {
			t.Fatalf("post and view: %v", err)
		}
		alt, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("article.status .media-gallery img"), "alt"))
		if err != nil || alt.Value != "A grey heron standing in reeds" {
			t.Errorf("alt text %q, %v", alt.Value, err)
		}
		class, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("article.status .media-gallery img"), "class"))
		if err != nil || class.Value != "fx-15 fy-5" {
			t.Errorf("crop classes %q, want fx-15 fy-5 (%v)", class.Value, err)
		}
		position, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			`getComputedStyle(document.querySelector("article.status .media-gallery img")).objectPosition`))
		if err != nil || !strings.HasPrefix(position, "75% 25%") {
			t.Errorf("object-position %q, want 75%% 25%% (%v)", position, err)
		}
		loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
			`document.querySelector("article.status .media-gallery img").naturalWidth > 0`))
		if err != nil || !loaded {
			t.Errorf("the preview did not load (%v)", err)
		}
		// Nothing overflows a phone, the composer's file slots included.
		shootPages(t, ctx, in.URL, scripts, "/compose", "/@alice")
	})
}
