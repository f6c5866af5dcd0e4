package mastoapi_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"roost/server"
	"roost/server/media/mediatest"
	"roost/server/servertest"
	"roost/store"
)

// TestHostileRemoteProfileMedia: a remote account whose avatar is a
// decompression bomb, whose header is too big to download and whose emoji
// is not an image gets no copies, keeps showing its origin's URLs, and is
// not asked for again on the next views; the server stays up.
func TestHostileRemoteProfileMedia(t *testing.T) {
	t.Parallel()
	var bombHits atomic.Int32
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bomb.png":
			bombHits.Add(1)
			w.Write(mediatest.BombPNG(100_000, 100_000))
		case "/huge.png":
			w.Write(append(mediatest.PNG(2, 2), bytes.Repeat([]byte{0}, 100<<10)...))
		case "/emoji.png":
			w.Write(mediatest.PDF())
		default:
			http.NotFound(w, r)
		}
	}))
	defer origin.Close()
	in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Media.MaxImageSize = "64KiB" }))
	_, alice := in.CreateUser(t, "alice")
	token := in.Token(t, alice, "read")
	ctx := context.Background()
	far := &store.Account{ID: in.DB.NewID(), Username: "far", Domain: "far.example", URI: "https://far.example/users/far",
		AvatarRemoteURL: origin.URL + "/bomb.png", HeaderRemoteURL: origin.URL + "/huge.png",
		Emojis: []store.Emoji{{Shortcode: "evil", URL: origin.URL + "/emoji.png"}}}
	if err := in.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertAccount(far) }); err != nil {
		t.Fatal(err)
	}

	err := in.Actions().CacheRemoteProfile(ctx, far.ID)
	if err == nil || strings.Count(err.Error(), "\n") != 2 {
		t.Fatalf("hostile pictures were not all refused: %v", err)
	}
	got, err := in.DB.Account(ctx, far.ID)
	if err != nil || got.AvatarMediaID != nil || got.HeaderMediaID != nil || got.Emojis[0].Path != "" {
		t.Fatalf("after refusing: %+v, %v", got, err)
	}

	view := func() map[string]any {
		req, _ := http.NewRequest(http.MethodGet, in.URL+"/api/v1/accounts/"+store.FormatID(far.ID), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return response{code: resp.StatusCode, body: body}.expect(t, 200).object(t)
	}
	before := bombHits.Load()
	acct := view()
	if acct["avatar"] != far.AvatarRemoteURL || acct["header"] != far.HeaderRemoteURL {
		t.Errorf("shown: %v %v", acct["avatar"], acct["header"])
	}
	for deadline := time.Now().Add(30 * time.Second); bombHits.Load() == before; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the first view queued no copy")
		}
	}
	time.Sleep(200 * time.Millisecond)
	for range 3 {
		view()
	}
	time.Sleep(200 * time.Millisecond)
	if n := bombHits.Load(); n != before+1 {
		t.Errorf("a refused picture was fetched %d times by four views", n-before)
	}
}

// TestRejectedDomainMediaStaysRemote: with a domain block that rejects
// media, neither an account's pictures nor its posts' attachments are
// downloaded from that domain.
func TestRejectedDomainMediaStaysRemote(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write(mediatest.PNG(40, 40))
	}))
	defer origin.Close()
	in := servertest.Start(t)
	ctx := context.Background()
	far := &store.Account{ID: in.DB.NewID(), Username: "far", Domain: "media.far.example", URI: "https://media.far.example/users/far",
		AvatarRemoteURL: origin.URL + "/a.png"}
	st := &store.Status{ID: in.DB.NewID(), AccountID: far.ID, Visibility: "public", Content: "<p>x</p>",
		URI: "https://media.far.example/statuses/1", CreatedAt: time.Now()}
	photo := &store.MediaAttachment{ID: in.DB.NewID(), AccountID: far.ID, StatusID: &st.ID, Kind: "image",
		RemoteURL: origin.URL + "/p.png", CreatedAt: time.Now()}
	block := &store.InstanceDomainBlock{Domain: "far.example", Severity: store.SeverityNoop, RejectMedia: true, CreatedAt: time.Now()}
	err := in.DB.Write(ctx, func(tx *store.Tx) error {
		for _, f := range []func() error{func() error { return tx.InsertAccount(far) }, func() error { return tx.InsertStatus(st) },
			func() error { return tx.InsertMedia(photo) }, func() error { return tx.UpsertInstanceDomainBlock(block) }} {
			if err := f(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Actions().CacheRemoteProfile(ctx, far.ID); err == nil || !strings.Contains(err.Error(), "rejected") {
		t.Errorf("profile: %v", err)
	}
	if err := in.Actions().CacheRemoteMedia(ctx, photo.ID); err != nil {
		t.Errorf("attachment: %v", err)
	}
	if m, err := in.DB.Media(ctx, photo.ID); err != nil || m.FilePath != "" {
		t.Errorf("attachment copied: %+v %v", m, err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the origin was asked %d times", n)
	}
}
