package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/media/mediatest"
	"roost/server/servertest"
	"roost/store"
)

// archiveEntries unzips an archive into its files by name.
func archiveEntries(t *testing.T, body string) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	return files
}

type archivedOutbox struct {
	Type         string `json:"type"`
	TotalItems   int    `json:"totalItems"`
	OrderedItems []struct {
		Type   string `json:"type"`
		Object struct {
			ID         string `json:"id"`
			Content    string `json:"content"`
			Attachment []struct {
				URL string `json:"url"`
			} `json:"attachment"`
		} `json:"object"`
	} `json:"orderedItems"`
}

// TestPostsArchive downloads the owner's archive and reads it back: every
// post (direct and followers-only too) with its content, media bytes as
// stored, likes and bookmarks; nobody else gets anyone's archive.
func TestPostsArchive(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	if _, err := in.Actions().UpdateCredentials(ctx, alice, actions.UpdateCredentialsArgs{Avatar: mediatest.JPEG(50, 50)}); err != nil {
		t.Fatal(err)
	}
	m, err := in.Actions().UploadMedia(ctx, alice, actions.UploadMediaArgs{Data: mediatest.PNG(8, 8), Description: "a dot"})
	if err != nil {
		t.Fatal(err)
	}
	post(t, in, alice, actions.PostStatusArgs{Text: "hello world", Visibility: "public", MediaIDs: []store.ID{m.ID}})
	post(t, in, alice, actions.PostStatusArgs{Text: "for my followers", Visibility: "private"})
	post(t, in, alice, actions.PostStatusArgs{Text: "psst @bob", Visibility: "direct"})
	bobs := post(t, in, bob, actions.PostStatusArgs{Text: "bob's secret", Visibility: "private"})
	liked := post(t, in, bob, actions.PostStatusArgs{Text: "likeable", Visibility: "public"})
	if _, err := in.Actions().Favourite(ctx, alice, liked.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Actions().Bookmark(ctx, alice, liked.ID, true); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, in)
	b.signIn("alice")
	p := b.submit("/settings/export", "/settings/export/archive", url.Values{})
	if p.Code != http.StatusOK || p.Header.Get("Content-Type") != "application/zip" ||
		!strings.Contains(p.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("archive: %d %s", p.Code, p.Header)
	}
	files := archiveEntries(t, p.Body)

	var outbox archivedOutbox
	if err := json.Unmarshal(files["outbox.json"], &outbox); err != nil {
		t.Fatalf("outbox.json: %v", err)
	}
	contents := []string{}
	var mediaPath string
	for _, item := range outbox.OrderedItems {
		if item.Type != "Create" {
			t.Errorf("item of type %s", item.Type)
		}
		contents = append(contents, item.Object.Content)
		for _, a := range item.Object.Attachment {
			mediaPath = a.URL
		}
	}
	all := strings.Join(contents, "\n")
	for _, want := range []string{"hello world", "for my followers", "psst"} {
		if !strings.Contains(all, want) {
			t.Errorf("outbox lacks %q: %s", want, all)
		}
	}
	if outbox.Type != "OrderedCollection" || outbox.TotalItems != 3 || strings.Contains(all, "secret") {
		t.Errorf("outbox: %s %d items: %s", outbox.Type, outbox.TotalItems, all)
	}

	if !strings.HasPrefix(mediaPath, "media_attachments/") || files[mediaPath] == nil {
		t.Fatalf("attachment %q not in the archive", mediaPath)
	}
	served := b.get("/system/media/" + strings.TrimPrefix(mediaPath, "media_attachments/"))
	if served.Code != http.StatusOK || !bytes.Equal(files[mediaPath], []byte(served.Body)) {
		t.Errorf("archived media differs from the stored file (%d)", served.Code)
	}

	var actor struct {
		ID                string `json:"id"`
		Type              string `json:"type"`
		PreferredUsername string `json:"preferredUsername"`
		Icon              struct {
			URL string `json:"url"`
		} `json:"icon"`
	}
	if err := json.Unmarshal(files["actor.json"], &actor); err != nil || actor.Type != "Person" || actor.PreferredUsername != "alice" {
		t.Errorf("actor.json: %v %+v", err, actor)
	}
	if actor.Icon.URL != "avatar.jpg" || len(files["avatar.jpg"]) == 0 {
		t.Errorf("avatar: %q, %d bytes", actor.Icon.URL, len(files["avatar.jpg"]))
	}
	for _, name := range []string{"likes.json", "bookmarks.json"} {
		var list struct {
			OrderedItems []string `json:"orderedItems"`
		}
		if err := json.Unmarshal(files[name], &list); err != nil || len(list.OrderedItems) != 1 || list.OrderedItems[0] != liked.URI {
			t.Errorf("%s: %v %v", name, err, list.OrderedItems)
		}
	}

	t.Run("more posts than a page", func(t *testing.T) {
		carol, _ := in.CreateUser(t, "carol")
		for i := range 45 {
			post(t, in, carol, actions.PostStatusArgs{Text: fmt.Sprintf("post number %d", i), Visibility: "unlisted"})
		}
		cb := newBrowser(t, in)
		cb.signIn("carol")
		var outbox archivedOutbox
		if err := json.Unmarshal(archiveEntries(t, cb.submit("/settings/export", "/settings/export/archive", url.Values{}).Body)["outbox.json"], &outbox); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, item := range outbox.OrderedItems {
			seen[item.Object.ID] = true
		}
		if outbox.TotalItems != 45 || len(seen) != 45 {
			t.Errorf("%d items, %d distinct", outbox.TotalItems, len(seen))
		}
	})
	t.Run("once per interval", func(t *testing.T) {
		if again := b.submit("/settings/export", "/settings/export/archive", url.Values{}); again.Code != http.StatusTooManyRequests {
			t.Errorf("second archive at once: %d", again.Code)
		}
	})
	t.Run("anonymous", func(t *testing.T) {
		anon := newBrowser(t, in)
		if p := anon.post("/settings/export/archive", url.Values{}); p.Code == http.StatusOK || strings.HasPrefix(p.Body, "PK") {
			t.Errorf("anonymous got an archive: %d", p.Code)
		}
	})
	t.Run("another user gets only their own", func(t *testing.T) {
		other := newBrowser(t, in)
		other.signIn("bob")
		p := other.submit("/settings/export", "/settings/export/archive", url.Values{})
		if p.Code != http.StatusOK {
			t.Fatalf("bob's archive: %d", p.Code)
		}
		files := archiveEntries(t, p.Body)
		var outbox archivedOutbox
		if err := json.Unmarshal(files["outbox.json"], &outbox); err != nil {
			t.Fatal(err)
		}
		for _, item := range outbox.OrderedItems {
			if strings.Contains(item.Object.Content, "followers") || strings.Contains(item.Object.Content, "hello world") || strings.Contains(item.Object.Content, "psst") {
				t.Errorf("alice's post in bob's archive: %s", item.Object.Content)
			}
		}
		if outbox.TotalItems != 2 || !strings.Contains(string(files["outbox.json"]), bobs.URI) {
			t.Errorf("bob's outbox: %d items", outbox.TotalItems)
		}
	})
}
