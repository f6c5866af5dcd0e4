package web_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"mime/multipart"
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
	name := ":blob: <i>Alice</i>"
	if _, err := in.Actions().UpdateCredentials(context.Background(), alice, actions.UpdateCredentialsArgs{DisplayName: &name}); err != nil {
		t.Fatal(err)
	}
	body := newBrowser(t, in).get(statusPage(alice, s)).Body
	if !strings.Contains(body, `<bdi class="display-name"><img class="emoji"`) || !strings.Contains(body, "&lt;i&gt;Alice") {
		t.Errorf("display name emoji not drawn or name not escaped: %s", body)
	}
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

// TestAdminEmojisPage: an admin uploads an emoji (multipart), sees it
// listed, is refused a duplicate and a non-image, then deletes it; a
// plain user cannot reach the page.
func TestAdminEmojisPage(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "root", "admin", true)
	in.CreateUser(t, "plain")
	admin := newBrowser(t, in)
	admin.signIn("root")
	var img bytes.Buffer
	png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 8, 8)))
	upload := func(shortcode string, data []byte) page {
		t.Helper()
		m := csrfField.FindStringSubmatch(admin.get("/admin/emojis").Body)
		if m == nil {
			t.Fatal("no CSRF token on /admin/emojis")
		}
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		w.WriteField("csrf_token", m[1])
		w.WriteField("shortcode", shortcode)
		w.WriteField("category", "<script>alert(1)</script>")
		fw, _ := w.CreateFormFile("image", "e.png")
		fw.Write(data)
		w.Close()
		req, _ := http.NewRequest(http.MethodPost, in.URL+"/admin/emojis", &body)
		req.Header.Set("Content-Type", w.FormDataContentType())
		return admin.do(req)
	}
	if p := upload("party", img.Bytes()); p.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", p.Code, p.Body)
	}
	list := admin.get("/admin/emojis").Body
	if !strings.Contains(list, `alt=":party:"`) || !strings.Contains(list, "&lt;script&gt;") {
		t.Fatalf("the list: %s", list)
	}
	if p := upload("party", img.Bytes()); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "That is already taken.") {
		t.Errorf("duplicate: %d", p.Code)
	}
	if p := upload("doc", []byte("%PDF-1.4 not an image")); p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Choose a PNG or GIF image.") {
		t.Errorf("unsupported type: %d", p.Code)
	}
	id := regexp.MustCompile(`action="/admin/emojis/(\d+)/delete"`).FindStringSubmatch(list)
	if id == nil {
		t.Fatal("no delete form")
	}
	if p := admin.submit("/admin/emojis", "/admin/emojis/"+id[1]+"/delete", url.Values{}); p.Code != http.StatusSeeOther {
		t.Errorf("delete: %d", p.Code)
	}
	if strings.Contains(admin.get("/admin/emojis").Body, `alt=":party:"`) {
		t.Error("the emoji is still listed")
	}
	user := newBrowser(t, in)
	user.signIn("plain")
	if p := user.get("/admin/emojis"); p.Code == http.StatusOK {
		t.Error("a plain user reached the emoji admin page")
	}
}
