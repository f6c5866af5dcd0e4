package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/media/mediatest"
	"roost/server/servertest"
	"roost/store"
)

// submitMultipart loads formPage for its CSRF token and posts a multipart
// form with files (field -> data) to action, as a browser's file form does.
func (b *browser) submitMultipart(formPage, action string, fields map[string]string, files map[string][]byte) page {
	b.t.Helper()
	p := b.get(formPage)
	m := csrfField.FindStringSubmatch(p.Body)
	if m == nil {
		b.t.Fatalf("no CSRF token on %s (%d)", formPage, p.Code)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", m[1])
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for field, data := range files {
		part, _ := mw.CreateFormFile(field, field+".bin")
		part.Write(data)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, b.in.URL+action, &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

var imgTag = regexp.MustCompile(`<img src="([^"]+_small[^"]+)" alt="([^"]*)"[^>]*class="(fx-\d+ fy-\d+)"`)

func TestComposeWithMedia(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	b := newBrowser(t, in)
	b.signIn("alice")
	p := b.submitMultipart("/compose", "/statuses", map[string]string{"status": "a picture",
		"media_description_0": "red and blue halves", "media_focus_x_0": "0.5", "media_focus_y_0": "-0.5",
		"media_description_1": "unused slot"},
		map[string][]byte{"media_file_0": mediatest.PNG(64, 48), "media_file_1": nil})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("post: %d %s", p.Code, p.Body)
	}
	list, err := in.Actions().AccountStatuses(context.Background(), alice, alice.ID, store.AccountFilter{}, "", store.Page{Limit: 5})
	if err != nil || len(list.List) != 1 {
		t.Fatalf("statuses %v, %v", list, err)
	}
	media := list.Media[list.List[0].ID]
	if len(media) != 1 || media[0].Description != "red and blue halves" || media[0].FocusX != 0.5 || media[0].FocusY != -0.5 {
		t.Fatalf("media %+v", media)
	}
	page := b.get("/@alice")
	m := imgTag.FindStringSubmatch(page.Body)
	// x 0.5 is 75% across; y -0.5 is 75% down.
	if m == nil || m[2] != "red and blue halves" || m[3] != "fx-15 fy-15" {
		t.Fatalf("profile page media: %v", m)
	}

	bad := b.submitMultipart("/compose", "/statuses", map[string]string{"status": "not a picture"},
		map[string][]byte{"media_file_0": mediatest.PDF()})
	if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "This type of file is not supported") {
		t.Fatalf("pdf upload: %d %s", bad.Code, bad.Body)
	}
	bad = b.submitMultipart("/compose", "/statuses", map[string]string{"status": "bad focus", "media_focus_x_0": "3"},
		map[string][]byte{"media_file_0": mediatest.PNG(8, 8)})
	if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "focal point must be") {
		t.Fatalf("bad focus: %d", bad.Code)
	}
}

func TestSensitiveMediaBlurredWithoutScript(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	ctx := context.Background()
	m, err := in.Actions().UploadMedia(ctx, alice, actions.UploadMediaArgs{Data: mediatest.PNG(8, 8), Description: "private"})
	if err != nil {
		t.Fatal(err)
	}
	post(t, in, alice, actions.PostStatusArgs{Text: "careful", Sensitive: true, Visibility: "public", MediaIDs: []store.ID{m.ID}})
	body := newBrowser(t, in).get("/@alice").Body
	if !strings.Contains(body, `<img class="blurhash" src="data:image/png;base64,`) {
		t.Error("sensitive media is not covered by its blurhash")
	}
	if !strings.Contains(body, `class="media-gallery n1 sensitive"`) || !regexp.MustCompile(`<input type="checkbox" class="reveal" id="reveal-\d+"><label class="reveal-label" for="reveal-\d+">`).MatchString(body) {
		t.Fatal("sensitive media is not behind the reveal checkbox")
	}
}

func TestProfilePictures(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	b := newBrowser(t, in)
	b.signIn("alice")
	p := b.submitMultipart("/settings/profile", "/settings/profile", map[string]string{"display_name": "Alice"},
		map[string][]byte{"avatar": mediatest.JPEG(500, 300), "header": mediatest.PNG(300, 300)})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Code, p.Body)
	}
	page := b.get("/@alice").Body
	if !strings.Contains(page, "/system/media/accounts/avatars/") || !strings.Contains(page, "/system/media/accounts/headers/") {
		t.Fatal("the profile page does not show the new pictures")
	}
	bad := b.submitMultipart("/settings/profile", "/settings/profile", map[string]string{"display_name": "Alice"},
		map[string][]byte{"avatar": mediatest.MP3()})
	if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `id="avatar-error"`) {
		t.Fatalf("audio as avatar: %d", bad.Code)
	}
}

// TestRedraftKeepsMedia: delete & redraft brings the files back into the
// composer, and posting it again attaches them to the new status.
func TestRedraftKeepsMedia(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	ctx := context.Background()
	m, err := in.Actions().UploadMedia(ctx, alice, actions.UploadMediaArgs{Data: mediatest.PNG(8, 8), Description: "kept picture"})
	if err != nil {
		t.Fatal(err)
	}
	s := post(t, in, alice, actions.PostStatusArgs{Text: "first try", Visibility: "public", MediaIDs: []store.ID{m.ID}})
	b := newBrowser(t, in)
	b.signIn("alice")
	p := b.submit(statusPage(alice, s), "/statuses/"+store.FormatID(s.ID)+"/redraft", url.Values{})
	if p.Code != http.StatusSeeOther || !strings.Contains(p.Location, "media_id="+store.FormatID(m.ID)) {
		t.Fatalf("redraft: %d %s", p.Code, p.Location)
	}
	composer := b.get(p.Location)
	if !strings.Contains(composer.Body, `name="media_id" value="`+store.FormatID(m.ID)+`"`) || !strings.Contains(composer.Body, `alt="kept picture"`) {
		t.Fatal("the composer does not carry the redrafted file")
	}
	p = b.submitMultipart(p.Location, "/statuses", map[string]string{"status": "second try", "media_id": store.FormatID(m.ID)}, nil)
	if p.Code != http.StatusSeeOther {
		t.Fatalf("post again: %d %s", p.Code, p.Body)
	}
	list, err := in.Actions().AccountStatuses(ctx, alice, alice.ID, store.AccountFilter{}, "", store.Page{Limit: 5})
	if err != nil || len(list.List) != 1 || len(list.Media[list.List[0].ID]) != 1 || list.Media[list.List[0].ID][0].ID != m.ID {
		t.Fatalf("after redraft: %+v, %v", list, err)
	}
}
