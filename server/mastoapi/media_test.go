package mastoapi_test

import (
	"bytes"
	"context"
	"image"
	_ "image/jpeg" // decoding served files
	"io"
	"math/rand"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"roost/server"
	"roost/server/media/mediatest"
	"roost/server/servertest"
	"roost/store"
)

// upload sends a multipart form with files (field -> name, data) as who.
func (w *world) upload(t *testing.T, who, method, path string, fields map[string]string, files map[string]file) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for field, f := range files {
		part, err := mw.CreateFormFile(field, f.name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(f.data)
	}
	mw.Close()
	return w.callToken(t, w.tokens[who], method, path, rawBody{&body}, http.Header{"Content-Type": {mw.FormDataContentType()}})
}

type file struct {
	name string
	data []byte
}

// rawBody is a request body sent as it is (callToken's default is JSON).
type rawBody struct{ io.Reader }

// fetch downloads a served media URL.
func fetch(t *testing.T, rawURL string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// uploadOK uploads data through v1 and returns the MediaAttachment.
func (w *world) uploadOK(t *testing.T, who string, data []byte, fields map[string]string) map[string]any {
	t.Helper()
	return w.upload(t, who, "POST", "/api/v1/media", fields, map[string]file{"file": {"upload.bin", data}}).expect(t, 200).object(t)
}

func TestUploadEachType(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	cases := []struct {
		name, fileName string
		data           []byte
		wantType       string
		wantServed     string
	}{
		{"jpeg", "a.jpg", mediatest.JPEG(800, 600), "image", "image/jpeg"},
		{"png", "a.png", mediatest.PNG(300, 200), "image", "image/png"},
		{"animated gif", "a.gif", mediatest.GIF(40, 30, 3), "image", "image/gif"},
		{"webp", "a.webp", mediatest.WebP, "image", "image/jpeg"},
		{"mp4 named .txt", "a.txt", mediatest.MP4(), "video", "video/mp4"},
		{"webm", "a.webm", mediatest.WebM(), "video", "video/webm"},
		{"mp3", "a.mp3", mediatest.MP3(), "audio", "audio/mpeg"},
		{"ogg", "a.ogg", mediatest.OGG(), "audio", "audio/ogg"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := w.upload(t, "alice", "POST", "/api/v1/media", map[string]string{"description": "alt for " + c.name},
				map[string]file{"file": {c.fileName, c.data}}).expect(t, 200).object(t)
			if m["type"] != c.wantType || m["description"] != "alt for "+c.name || m["text_url"] != nil {
				t.Fatalf("entity %v", m)
			}
			url, _ := m["url"].(string)
			resp, body := fetch(t, url)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != c.wantServed {
				t.Fatalf("GET %s: %d %s", url, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(resp.Header.Get("Cache-Control"), "max-age=31536000") {
				t.Errorf("headers %v", resp.Header)
			}
			if c.wantType != "image" {
				if !bytes.Equal(body, c.data) {
					t.Error("video and audio must be stored as uploaded")
				}
				return
			}
			meta := m["meta"].(map[string]any)
			orig, _ := meta["original"].(map[string]any)
			small, _ := meta["small"].(map[string]any)
			if orig["width"] == nil || small["aspect"] == nil || meta["focus"] == nil {
				t.Errorf("meta %v", meta)
			}
			if s, _ := m["blurhash"].(string); len(s) != 28 {
				t.Errorf("blurhash %v", m["blurhash"])
			}
			if p, _ := m["preview_url"].(string); !strings.Contains(p, "_small") {
				t.Errorf("preview_url %v", m["preview_url"])
			}
		})
	}
}

func TestUploadRefused(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Media.MaxImageSize = "64KiB" }))
	w := &world{in: in, tokens: map[string]string{}, ids: map[string]string{}}
	w.addUser(t, "alice")
	inst := w.call(t, "", "GET", "/api/v2/instance", nil).expect(t, 200).object(t)
	limits := inst["configuration"].(map[string]any)["media_attachments"].(map[string]any)
	if limits["image_size_limit"] != float64(64<<10) || limits["image_matrix_limit"] != float64(33177600) {
		t.Errorf("instance media limits %v", limits)
	}
	noise := make([]byte, 100<<10)
	rand.New(rand.NewSource(1)).Read(noise)
	bigJPEG := append(mediatest.JPEG(8, 8), noise...) // 100 KiB, over the 64 KiB limit
	cases := []struct {
		name   string
		fields map[string]string
		file   file
		field  string // a word the error names
	}{
		{"pdf named .jpg", nil, file{"photo.jpg", mediatest.PDF()}, "type"},
		{"html named .png", nil, file{"photo.png", []byte("<!DOCTYPE html><script>alert(1)</script>")}, "type"},
		{"file too big", nil, file{"big.jpg", bigJPEG}, "too big"},
		{"too many pixels", nil, file{"bomb.png", mediatest.BombPNG(50000, 50000)}, "pixels"},
		{"truncated image", nil, file{"cut.png", mediatest.PNG(64, 64)[:40]}, "read"},
		{"focus out of range", map[string]string{"focus": "1.5,0"}, file{"a.png", mediatest.PNG(8, 8)}, "focus"},
		{"focus not numbers", map[string]string{"focus": "left,top"}, file{"a.png", mediatest.PNG(8, 8)}, "focus"},
		{"no file", nil, file{}, "file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]file{"file": c.file}
			if c.file.data == nil {
				files = nil
			}
			for _, path := range []string{"/api/v1/media", "/api/v2/media"} {
				r := w.upload(t, "alice", "POST", path, c.fields, files).expect(t, 422)
				if msg, _ := r.object(t)["error"].(string); !strings.Contains(msg, c.field) {
					t.Errorf("%s: error %q does not mention %q", path, msg, c.field)
				}
			}
		})
	}
}

func TestMediaV2GetAndUpdate(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	r := w.upload(t, "alice", "POST", "/api/v2/media", map[string]string{"focus": "0.5,-0.25"},
		map[string]file{"file": {"a.jpg", mediatest.JPEG(640, 480)}})
	if r.code != 200 && r.code != 202 {
		t.Fatalf("v2 status %d: %s", r.code, r.body)
	}
	id := r.object(t)["id"].(string)
	deadline := time.Now().Add(30 * time.Second)
	for {
		g := w.call(t, "alice", "GET", "/api/v1/media/"+id, nil)
		if g.code == 200 {
			if g.object(t)["url"] == nil {
				t.Fatal("ready media without url")
			}
			break
		}
		if g.code != 206 || time.Now().After(deadline) {
			t.Fatalf("GET media: %d %s", g.code, g.body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	w.call(t, "bob", "GET", "/api/v1/media/"+id, nil).expect(t, 404)
	w.call(t, "bob", "PUT", "/api/v1/media/"+id, map[string]any{"description": "mine"}).expect(t, 404)

	m := w.call(t, "alice", "PUT", "/api/v1/media/"+id, map[string]any{"description": "a red and blue square", "focus": "-0.5,0.75"}).
		expect(t, 200).object(t)
	focus := m["meta"].(map[string]any)["focus"].(map[string]any)
	if m["description"] != "a red and blue square" || focus["x"] != -0.5 || focus["y"] != 0.75 {
		t.Fatalf("after PUT: %v", m)
	}
	w.call(t, "alice", "PUT", "/api/v1/media/"+id, map[string]any{"focus": "0,-1.01"}).expect(t, 422)
	m = w.call(t, "alice", "PUT", "/api/v1/media/"+id, url.Values{"description": {"form edit"}}).expect(t, 200).object(t)
	if m["description"] != "form edit" || m["meta"].(map[string]any)["focus"].(map[string]any)["x"] != -0.5 {
		t.Fatalf("a PUT of the description alone must keep the focus: %v", m)
	}
}

func TestAttachMedia(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	var mine []string
	for i := 0; i < 5; i++ {
		mine = append(mine, w.uploadOK(t, "alice", mediatest.PNG(10+i, 10), map[string]string{"focus": "0.5,0.5"})["id"].(string))
	}
	bobs := w.uploadOK(t, "bob", mediatest.PNG(10, 10), nil)["id"].(string)

	w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "too many", "media_ids": mine}).expect(t, 422)
	w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "not mine", "media_ids": []string{bobs}}).expect(t, 422)
	w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "unknown", "media_ids": []string{"12345"}}).expect(t, 422)

	st := w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "two pictures", "media_ids": []string{mine[1], mine[0]}}).
		expect(t, 200).object(t)
	if got := ids(listOf(st["media_attachments"])); strings.Join(got, ",") != mine[1]+","+mine[0] {
		t.Fatalf("attachments %v, want %s,%s in order", got, mine[1], mine[0])
	}
	statusID := st["id"].(string)
	// Attached media is no longer the uploader's to fetch or reuse.
	w.call(t, "alice", "GET", "/api/v1/media/"+mine[0], nil).expect(t, 404)
	w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "again", "media_ids": []string{mine[0]}}).expect(t, 422)
	// Others see the attachments, also on timelines (batch-loaded).
	got := w.call(t, "bob", "GET", "/api/v1/statuses/"+statusID, nil).expect(t, 200).object(t)
	if len(listOf(got["media_attachments"])) != 2 {
		t.Fatalf("bob sees %v", got["media_attachments"])
	}
	tl := w.call(t, "bob", "GET", "/api/v1/timelines/public", nil).expect(t, 200).list(t)
	if len(tl) == 0 || len(listOf(tl[0]["media_attachments"])) != 2 {
		t.Fatalf("timeline %v", tl)
	}

	// An edit keeps one, adds one, drops one; history shows each version's media.
	w.call(t, "alice", "PUT", "/api/v1/statuses/"+statusID, map[string]any{"status": "edited", "media_ids": []string{bobs}}).expect(t, 422)
	edited := w.call(t, "alice", "PUT", "/api/v1/statuses/"+statusID, map[string]any{"status": "edited", "media_ids": []string{mine[0], mine[2]}}).
		expect(t, 200).object(t)
	if got := ids(listOf(edited["media_attachments"])); strings.Join(got, ",") != mine[0]+","+mine[2] {
		t.Fatalf("after edit %v", got)
	}
	history := w.call(t, "alice", "GET", "/api/v1/statuses/"+statusID+"/history", nil).expect(t, 200).list(t)
	if len(history) != 2 || len(listOf(history[0]["media_attachments"])) != 2 || ids(listOf(history[1]["media_attachments"]))[1] != mine[2] {
		t.Fatalf("history %v", history)
	}
	// The dropped upload is free again.
	w.call(t, "alice", "GET", "/api/v1/media/"+mine[1], nil).expect(t, 200)
}

func listOf(v any) []map[string]any {
	var out []map[string]any
	for _, x := range v.([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

func TestUploadDropsEXIFAndTurnsUpright(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	upload := mediatest.JPEGWithEXIF(200, 100, 6)
	if !bytes.Contains(upload, []byte(mediatest.GPSMarker)) {
		t.Fatal("the test file lacks its GPS block")
	}
	m := w.uploadOK(t, "alice", upload, nil)
	for _, key := range []string{"url", "preview_url"} {
		_, served := fetch(t, m[key].(string))
		if bytes.Contains(served, []byte("Exif")) || bytes.Contains(served, []byte(mediatest.GPSMarker)) {
			t.Fatalf("%s still carries EXIF", key)
		}
		img, _, err := image.Decode(bytes.NewReader(served))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 100 || b.Dy() != 200 {
			t.Errorf("%s is %dx%d, want 100x200 (orientation 6 applied)", key, b.Dx(), b.Dy())
		}
		if r, _, bl, _ := img.At(50, 10).RGBA(); r < bl {
			t.Errorf("%s: top should be the red (left) half", key)
		}
	}
	orig := m["meta"].(map[string]any)["original"].(map[string]any)
	if orig["width"] != 100.0 || orig["height"] != 200.0 || orig["size"] != "100x200" {
		t.Errorf("meta.original %v", orig)
	}
}

func TestAvatarAndHeader(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	acct := w.upload(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", map[string]string{"display_name": "Alice"},
		map[string]file{"avatar": {"me.png", mediatest.PNG(900, 300)}, "header": {"h.jpg", mediatest.JPEG(600, 600)}}).
		expect(t, 200).object(t)
	for key, want := range map[string][2]int{"avatar": {400, 400}, "header": {1500, 500}} {
		u := acct[key].(string)
		if !strings.Contains(u, "/system/media/accounts/") || acct[key+"_static"] != u {
			t.Fatalf("%s = %v", key, acct[key])
		}
		_, body := fetch(t, u)
		cfg, _, err := image.DecodeConfig(bytes.NewReader(body))
		if err != nil || cfg.Width != want[0] || cfg.Height != want[1] {
			t.Errorf("%s %dx%d %v, want %v", key, cfg.Width, cfg.Height, err, want)
		}
	}
	pub := w.call(t, "", "GET", "/api/v1/accounts/"+w.ids["alice"], nil).expect(t, 200).object(t)
	if pub["avatar"] != acct["avatar"] {
		t.Errorf("public account avatar %v", pub["avatar"])
	}
	w.upload(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", nil,
		map[string]file{"avatar": {"a.mp4", mediatest.MP4()}}).expect(t, 422)
}

func TestPruneUploads(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	stale := w.uploadOK(t, "alice", mediatest.PNG(8, 8), nil)
	kept := w.uploadOK(t, "alice", mediatest.PNG(9, 9), nil)
	fresh := w.uploadOK(t, "alice", mediatest.PNG(10, 10), nil)
	w.post(t, "alice", map[string]any{"status": "kept", "media_ids": []string{kept["id"].(string)}})
	w.upload(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", nil,
		map[string]file{"avatar": {"me.png", mediatest.PNG(50, 50)}}).expect(t, 200)
	ctx := context.Background()
	old := store.Millis(time.Now().Add(-25 * time.Hour))
	if err := w.in.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE media_attachments SET created_at = ?", old)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	w.call(t, "alice", "PUT", "/api/v1/media/"+fresh["id"].(string), map[string]any{"description": "x"}).expect(t, 200)
	if err := w.in.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE media_attachments SET created_at = ? WHERE id = ?", store.Millis(time.Now()), fresh["id"])
		return err
	}); err != nil {
		t.Fatal(err)
	}
	n, err := w.in.Actions().PruneUploads(ctx)
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want only the stale upload", n, err)
	}
	if resp, _ := fetch(t, stale["url"].(string)); resp.StatusCode != 404 {
		t.Errorf("pruned file still served: %d", resp.StatusCode)
	}
	for _, m := range []map[string]any{kept, fresh} {
		if resp, _ := fetch(t, m["url"].(string)); resp.StatusCode != 200 {
			t.Errorf("%s was pruned", m["id"])
		}
	}
	acct := w.call(t, "alice", "GET", "/api/v1/accounts/verify_credentials", nil).expect(t, 200).object(t)
	if resp, _ := fetch(t, acct["avatar"].(string)); resp.StatusCode != 200 {
		t.Error("the avatar was pruned")
	}
}

func TestMediaFilesRefuseTraversal(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, p := range []string{"/system/media/../roost.db", "/system/media/%2e%2e/roost.db", "/system/media/x.html", "/system/media/"} {
		resp, _ := fetch(t, w.in.URL+p)
		if resp.StatusCode != 404 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
}

// TestNoteAttachments checks the Note other servers fetch: each Document
// carries the served URL, its type, alt text, blurhash, size and focal point.
func TestNoteAttachments(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	m := w.uploadOK(t, "alice", mediatest.JPEG(300, 200), map[string]string{"description": "two colours", "focus": "0.25,-0.5"})
	st := w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "with a picture", "media_ids": []string{m["id"].(string)}}).
		expect(t, 200).object(t)
	var note struct {
		Attachment []struct {
			Type       string    `json:"type"`
			MediaType  string    `json:"mediaType"`
			URL        string    `json:"url"`
			Name       string    `json:"name"`
			Blurhash   string    `json:"blurhash"`
			FocalPoint []float64 `json:"focalPoint"`
			Width      int       `json:"width"`
			Height     int       `json:"height"`
		} `json:"attachment"`
	}
	fetchActivity(t, st["uri"].(string), &note)
	if len(note.Attachment) != 1 {
		t.Fatalf("note %+v", note)
	}
	d := note.Attachment[0]
	if d.Type != "Document" || d.MediaType != "image/jpeg" || d.URL != m["url"] || d.Name != "two colours" || d.Blurhash != m["blurhash"] ||
		len(d.FocalPoint) != 2 || d.FocalPoint[0] != 0.25 || d.FocalPoint[1] != -0.5 || d.Width != 300 || d.Height != 200 {
		t.Fatalf("document %+v, media %v", d, m)
	}
}

// TestActorIcon: an uploaded avatar and header federate as the actor's
// icon and image.
func TestActorIcon(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	acct := w.upload(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", nil,
		map[string]file{"avatar": {"me.png", mediatest.PNG(100, 100)}, "header": {"h.png", mediatest.PNG(300, 100)}}).
		expect(t, 200).object(t)
	var actor struct {
		Icon, Image struct {
			URL       string `json:"url"`
			MediaType string `json:"mediaType"`
		}
	}
	fetchActivity(t, acct["url"].(string), &actor)
	if actor.Icon.URL != acct["avatar"] || actor.Image.URL != acct["header"] || actor.Icon.MediaType != "image/jpeg" {
		t.Fatalf("actor icon %+v image %+v; account %v %v", actor.Icon, actor.Image, acct["avatar"], acct["header"])
	}
}

// TestMediaV2Processing: with the media worker busy, v2 answers 202 with
// no URL yet, GET answers 206 until the image is processed, then 200.
func TestMediaV2Processing(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	release := make(chan struct{})
	if err := w.in.Actions().MediaWorker.Submit(func(context.Context) { <-release }); err != nil {
		t.Fatal(err)
	}
	r := w.upload(t, "alice", "POST", "/api/v2/media", nil, map[string]file{"file": {"a.jpg", mediatest.JPEG(64, 64)}}).expect(t, 202)
	m := r.object(t)
	if m["url"] != nil || m["type"] != "image" {
		t.Fatalf("202 body %v", m)
	}
	id := m["id"].(string)
	w.call(t, "alice", "GET", "/api/v1/media/"+id, nil).expect(t, 206)
	// Unfinished media cannot be posted yet.
	w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "soon", "media_ids": []string{id}}).expect(t, 422)
	close(release)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		g := w.call(t, "alice", "GET", "/api/v1/media/"+id, nil)
		if g.code == 200 {
			if g.object(t)["url"] == nil {
				t.Fatal("ready without a url")
			}
			break
		}
		if g.code != 206 || time.Now().After(deadline) {
			t.Fatalf("GET: %d %s", g.code, g.body)
		}
	}
	w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "now", "media_ids": []string{id}}).expect(t, 200)
}

// TestVideoWithThumbnail: a video keeps its bytes and takes its preview
// and blurhash from the thumbnail sent with it.
func TestVideoWithThumbnail(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	m := w.upload(t, "alice", "POST", "/api/v2/media", nil, map[string]file{"file": {"v.mp4", mediatest.MP4()},
		"thumbnail": {"t.jpg", mediatest.JPEGWithEXIF(320, 180, 1)}}).expect(t, 200).object(t)
	preview, _ := m["preview_url"].(string)
	if m["type"] != "video" || !strings.Contains(preview, "_small") || len(m["blurhash"].(string)) != 28 {
		t.Fatalf("video %v", m)
	}
	if _, body := fetch(t, preview); bytes.Contains(body, []byte(mediatest.GPSMarker)) {
		t.Error("the thumbnail kept its EXIF")
	}
	w.upload(t, "alice", "POST", "/api/v2/media", nil, map[string]file{"file": {"v.mp4", mediatest.MP4()},
		"thumbnail": {"t.pdf", mediatest.PDF()}}).expect(t, 422)
}
