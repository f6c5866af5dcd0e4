package mastoapi_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"roost/server/media/mediatest"
	"roost/store"
)

// pageServer serves the pages link previews are made from, on loopback.
func pageServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html><head><title>Fallback</title>
			<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt; Big news">
			<meta property="og:description" content="What happened">
			<meta property="og:site_name" content="The Paper">
			<meta property="og:image" content="/cover.png"><meta property="og:image:alt" content="A cover">
			</head><body>`+strings.Repeat("<p>text</p>", 1000)+`</body></html>`)
	})
	mux.HandleFunc("/cover.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(mediatest.PNG(1200, 630))
	})
	mux.HandleFunc("/file.zip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/zip")
		w.Write(make([]byte, 1<<10))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(30 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestLinkPreviewCard(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	pages, hits := pageServer(t)
	link := pages.URL + "/article"
	id := w.post(t, "alice", map[string]any{"status": "@bob #news read " + link + " and " + pages.URL + "/other"})

	var card map[string]any
	waitFor(t, "the card", func() bool {
		card, _ = w.call(t, "bob", "GET", "/api/v1/statuses/"+id, nil).expect(t, 200).object(t)["card"].(map[string]any)
		return card != nil
	})
	want := map[string]any{"url": link, "title": "<script>alert(1)</script> Big news", "description": "What happened",
		"type": "link", "provider_name": "The Paper", "image_description": "A cover", "html": "", "embed_url": ""}
	for k, v := range want {
		if card[k] != v {
			t.Errorf("%s = %v, want %v", k, card[k], v)
		}
	}
	image, _ := card["image"].(string)
	if !strings.HasPrefix(image, w.in.URL+"/system/media/cards/") || card["width"].(float64) > 640 || card["blurhash"] == nil {
		t.Errorf("image %v %v×%v blurhash %v", image, card["width"], card["height"], card["blurhash"])
	}
	if resp, err := http.Get(image); err != nil || resp.StatusCode != 200 {
		t.Errorf("image not served: %v %v", resp, err)
	}

	t.Run("old clients' endpoint", func(t *testing.T) {
		got := w.call(t, "", "GET", "/api/v1/statuses/"+id+"/card", nil).expect(t, 200).object(t)
		if got["title"] != want["title"] {
			t.Errorf("%v", got)
		}
		none := w.post(t, "alice", map[string]any{"status": "no link"})
		if got := w.call(t, "", "GET", "/api/v1/statuses/"+none+"/card", nil).expect(t, 200).object(t); len(got) != 0 {
			t.Errorf("%v", got)
		}
		secret := w.post(t, "alice", map[string]any{"status": "hush " + link, "visibility": "private"})
		w.call(t, "bob", "GET", "/api/v1/statuses/"+secret+"/card", nil).expect(t, 404)
	})
	t.Run("web page shows it escaped", func(t *testing.T) {
		resp, err := http.Get(w.in.URL + "/@alice/" + id)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(body)
		if !strings.Contains(page, `class="preview-card"`) || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt; Big news") {
			t.Errorf("no escaped preview card in the page")
		}
		if strings.Contains(page, "<script>alert(1)") {
			t.Errorf("raw markup in the page")
		}
	})
	t.Run("a second post of the link uses the cache", func(t *testing.T) {
		before := hits.Load()
		again := w.post(t, "bob", map[string]any{"status": "also " + link})
		waitFor(t, "the cached card", func() bool {
			return w.call(t, "bob", "GET", "/api/v1/statuses/"+again, nil).expect(t, 200).object(t)["card"] != nil
		})
		if hits.Load() != before {
			t.Errorf("the page was fetched again")
		}
	})
	t.Run("editing the link away drops the card", func(t *testing.T) {
		w.call(t, "alice", "PUT", "/api/v1/statuses/"+id, map[string]any{"status": "no link now"}).expect(t, 200)
		if c := w.call(t, "bob", "GET", "/api/v1/statuses/"+id, nil).expect(t, 200).object(t)["card"]; c != nil {
			t.Errorf("card %v", c)
		}
	})
}

func TestLinkPreviewHostilePages(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	pages, _ := pageServer(t)
	ctx := context.Background()
	for _, path := range []string{"/file.zip", "/missing"} {
		t.Run(path, func(t *testing.T) {
			id := w.post(t, "alice", map[string]any{"status": "see " + pages.URL + path})
			waitFor(t, "the failure to be cached", func() bool {
				_, _, err := w.in.DB.LinkCard(ctx, pages.URL+path)
				return err == nil
			})
			card, _, _ := w.in.DB.LinkCard(ctx, pages.URL+path)
			if card != "" {
				t.Errorf("cached %q", card)
			}
			if c := w.call(t, "alice", "GET", "/api/v1/statuses/"+id, nil).expect(t, 200).object(t)["card"]; c != nil {
				t.Errorf("card %v", c)
			}
		})
	}
}

// TestRemoteStatusCardIsLazy: a remote status's link is previewed when a
// page first shows it, not when it arrives.
func TestRemoteStatusCardIsLazy(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	pages, hits := pageServer(t)
	ctx := context.Background()
	remote, sid := w.in.DB.NewID(), w.in.DB.NewID()
	err := w.in.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertAccount(&store.Account{ID: remote, Username: "rita", Domain: "remote.example",
			URI: "https://remote.example/users/rita"}); err != nil {
			return err
		}
		return tx.InsertStatus(&store.Status{ID: sid, URI: "https://remote.example/s/1", AccountID: remote, Visibility: "public",
			Content: `<p><a href="` + pages.URL + `/article" rel="nofollow">article</a></p>`, CreatedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if hits.Load() != 0 {
		t.Fatal("fetched before anyone looked")
	}
	id := store.FormatID(sid)
	waitFor(t, "the lazy card", func() bool {
		return w.call(t, "alice", "GET", "/api/v1/statuses/"+id, nil).expect(t, 200).object(t)["card"] != nil
	})
	if n := hits.Load(); n != 1 {
		t.Errorf("page fetched %d times", n)
	}
}
