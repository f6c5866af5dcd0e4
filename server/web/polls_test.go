package web_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

var pollFormAction = regexp.MustCompile(`action="(/polls/\d+/votes)"`)

// TestPollsInTheWebUI: a poll composed behind a content warning, voted on
// by a reader with a plain form (no JavaScript), results with bars; a bad
// poll is answered next to the fields; voting twice is refused.
func TestPollsInTheWebUI(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	in.CreateUser(t, "bob")
	a := newBrowser(t, in)
	a.signIn("alice")

	bad := a.submit("/home", "/statuses", url.Values{"status": {"one?"}, "poll_option": {"only", "", "", ""},
		"poll_expires_in": {"3600"}})
	if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "A poll needs at least two choices.") {
		t.Fatalf("a one-option poll (%d): %s", bad.Code, bad.Body)
	}
	p := a.submit("/home", "/statuses", url.Values{"status": {"tea or coffee?"}, "spoiler_text": {"drinks"},
		"poll_option": {"tea", "coffee", "", ""}, "poll_expires_in": {"3600"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("posting a poll: %d %s", p.Code, p.Body)
	}
	home := a.get("/@alice")
	if !strings.Contains(home.Body, `<details class="cw"><summary>`) || !strings.Contains(home.Body, "tea or coffee?") ||
		!strings.Contains(home.Body, `class="poll-results"`) {
		t.Fatalf("the author's profile does not show the poll behind its warning: %s", home.Body)
	}

	b := newBrowser(t, in)
	b.signIn("bob")
	page := b.get("/@alice")
	m := pollFormAction.FindStringSubmatch(page.Body)
	if m == nil || !strings.Contains(page.Body, `type="radio" name="choices" value="1"`) {
		t.Fatalf("bob sees no voting form: %s", page.Body)
	}
	voted := b.submit("/@alice", m[1], url.Values{"choices": {"1"}, "back": {"/@alice"}})
	if voted.Code != http.StatusSeeOther {
		t.Fatalf("vote: %d %s", voted.Code, voted.Body)
	}
	after := b.get("/@alice").Body
	if !strings.Contains(after, `<progress max="100" value="100">`) || !strings.Contains(after, "(your choice)") ||
		pollFormAction.MatchString(after) {
		t.Errorf("results after voting: %s", after)
	}
	if again := b.submit("/home", m[1], url.Values{"choices": {"0"}}); again.Code != http.StatusUnprocessableEntity {
		t.Errorf("voting twice: %d", again.Code)
	}

	// The preference opens content warnings.
	if r := a.submit("/settings/preferences", "/settings/preferences", url.Values{"locale": {"en"},
		"expand_spoilers": {"1"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("saving preferences: %d %s", r.Code, r.Body)
	}
	if body := a.get("/@alice").Body; !strings.Contains(body, `<details class="cw" open>`) {
		t.Error("content warnings stay closed for a reader who asked to open them")
	}
	if body := b.get("/@alice").Body; strings.Contains(body, `<details class="cw" open>`) {
		t.Error("another reader's warnings opened")
	}
	_ = alice
}

// TestCustomEmojisInTheWebUI: a known shortcode is drawn as its image, an
// unknown one stays text, and shortcodes inside markup are left alone.
func TestCustomEmojisInTheWebUI(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	var buf bytes.Buffer
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8)))
	if _, err := in.Actions().AddCustomEmoji(context.Background(), actions.AddEmojiArgs{Shortcode: "blob", Data: buf.Bytes()}); err != nil {
		t.Fatal(err)
	}
	s := post(t, in, alice, actions.PostStatusArgs{Text: "hi :blob: :nope: https://example.com/:blob:/x",
		SpoilerText: "<b>:blob:</b>", Visibility: store.VisibilityPublic})
	body := newBrowser(t, in).get(statusPage(alice, s)).Body
	if strings.Count(body, `alt=":blob:"`) < 2 || !strings.Contains(body, ":nope:") {
		t.Errorf("emojis not drawn: %s", body)
	}
	if !strings.Contains(body, "&lt;b&gt;") {
		t.Error("the warning's markup is not escaped")
	}
	if strings.Contains(body, `href="https://example.com/<img`) {
		t.Error("an emoji was drawn inside an attribute")
	}
}
