package mastoapi_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"roost/server/media/mediatest"
	"roost/store"
)

// TestRemoteMediaCache: a remote attachment (a row with remote_url, as
// incoming federation stores it) first shows its origin's URL, is then
// copied here in the background (without its EXIF), shows the local copy,
// and goes back to the origin's URL when the copy is pruned. A file that
// is not an image stays remote.
func TestRemoteMediaCache(t *testing.T) {
	t.Parallel()
	photo := mediatest.JPEGWithEXIF(120, 60, 1)
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/photo.jpg":
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write(photo)
		case "/fake.png":
			w.Write(mediatest.PDF())
		default:
			http.NotFound(w, r)
		}
	}))
	defer origin.Close()
	w := newWorld(t, "alice")
	ctx := context.Background()
	db := w.in.DB
	far := &store.Account{ID: db.NewID(), Username: "far", Domain: "far.example", URI: "https://far.example/users/far"}
	st := &store.Status{ID: db.NewID(), AccountID: far.ID, Visibility: "public", Content: "<p>remote</p>",
		URI: "https://far.example/statuses/1", CreatedAt: time.Now()}
	photoRow := &store.MediaAttachment{ID: db.NewID(), AccountID: far.ID, StatusID: &st.ID, Kind: "image",
		RemoteURL: origin.URL + "/photo.jpg", Description: "remote photo", CreatedAt: time.Now()}
	fakeRow := &store.MediaAttachment{ID: db.NewID(), AccountID: far.ID, StatusID: &st.ID, Position: 1, Kind: "image",
		RemoteURL: origin.URL + "/fake.png", CreatedAt: time.Now()}
	err := db.Write(ctx, func(tx *store.Tx) error {
		for _, f := range []func() error{func() error { return tx.InsertAccount(far) }, func() error { return tx.InsertStatus(st) },
			func() error { return tx.InsertMedia(photoRow) }, func() error { return tx.InsertMedia(fakeRow) }} {
			if err := f(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/statuses/" + store.FormatID(st.ID)
	first := listOf(w.call(t, "alice", "GET", path, nil).expect(t, 200).object(t)["media_attachments"])
	if first[0]["url"] != photoRow.RemoteURL || first[0]["remote_url"] != photoRow.RemoteURL {
		t.Fatalf("before caching: %v", first[0])
	}
	var cached []map[string]any
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		cached = listOf(w.call(t, "alice", "GET", path, nil).expect(t, 200).object(t)["media_attachments"])
		if strings.HasPrefix(cached[0]["url"].(string), w.in.URL+"/system/media/cache/") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never cached: %v", cached[0])
		}
	}
	if cached[0]["remote_url"] != photoRow.RemoteURL || cached[1]["url"] != fakeRow.RemoteURL {
		t.Fatalf("after caching: %v", cached)
	}
	resp, body := fetch(t, cached[0]["url"].(string))
	if resp.StatusCode != 200 || bytes.Contains(body, []byte(mediatest.GPSMarker)) {
		t.Fatalf("cached copy: %d, EXIF kept %v", resp.StatusCode, bytes.Contains(body, []byte(mediatest.GPSMarker)))
	}

	var calls []int
	files, size, err := w.in.Actions().PruneRemoteMedia(ctx, time.Now().Add(time.Minute), func(done, total int) {
		calls = append(calls, done, total)
	})
	if err != nil || files != 1 || size == 0 || len(calls) != 2 || calls[0] != 1 || calls[1] != 1 {
		t.Fatalf("prune: %d files, %d bytes, progress %v, %v", files, size, calls, err)
	}
	if resp, _ := fetch(t, cached[0]["url"].(string)); resp.StatusCode != 404 {
		t.Errorf("pruned copy still served: %d", resp.StatusCode)
	}
	after := listOf(w.call(t, "alice", "GET", path, nil).expect(t, 200).object(t)["media_attachments"])
	if after[0]["url"] != photoRow.RemoteURL {
		t.Errorf("after pruning: %v", after[0])
	}
}
