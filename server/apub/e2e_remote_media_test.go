package apub_test

import (
	"context"
	"encoding/json"
	"image"
	_ "image/jpeg" // decoding the copies
	_ "image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"roost/server/actions"
	"roost/server/media/mediatest"
	"roost/store"
)

// profileMedia is what alice's app shows of bob's pictures and emoji.
type profileMedia struct {
	Avatar, Header, Emoji string
}

func (p *pair) profileOf(t *testing.T, id store.ID) profileMedia {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, p.a.URL+"/api/v1/accounts/"+store.FormatID(id), nil)
	req.Header.Set("Authorization", "Bearer "+p.aliceToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var acct struct {
		Avatar, Header string
		Emojis         []struct{ Shortcode, URL string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&acct); err != nil || len(acct.Emojis) != 1 || acct.Emojis[0].Shortcode != "blobcat" {
		t.Fatalf("account: %d %+v %v", resp.StatusCode, acct, err)
	}
	return profileMedia{acct.Avatar, acct.Header, acct.Emojis[0].URL}
}

// local tells whether every picture is served from A's own media path.
func (m profileMedia) local(base string) bool {
	return strings.HasPrefix(m.Avatar, base+"/system/media/accounts/avatars/") &&
		strings.HasPrefix(m.Header, base+"/system/media/accounts/headers/") && strings.HasPrefix(m.Emoji, base+"/system/media/cache/")
}

// TestRemoteProfileMediaCache: bob on B has an avatar, a header and a
// custom emoji in his name. Alice on A looks him up: A first shows B's
// files, then copies them and serves them from its own media path, as
// images of the sizes it gives its own users. Pruning drops the copies
// (A shows B's files again) and the next view copies them anew; a new
// avatar on B replaces the copy.
func TestRemoteProfileMediaCache(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	if _, err := p.b.Actions().AddCustomEmoji(ctx, actions.AddEmojiArgs{Shortcode: "blobcat", Data: mediatest.PNG(48, 48)}); err != nil {
		t.Fatal(err)
	}
	name := "Bob :blobcat:"
	if _, err := p.b.Actions().UpdateCredentials(ctx, p.bob, actions.UpdateCredentialsArgs{DisplayName: &name,
		Avatar: mediatest.JPEG(600, 600), Header: mediatest.PNG(1600, 600)}); err != nil {
		t.Fatal(err)
	}
	bobOnA := remoteOn(t, p.a, p.b, p.bob)

	first := p.profileOf(t, bobOnA.ID)
	if !strings.HasPrefix(first.Avatar, p.b.URL+"/system/media/") || !strings.HasPrefix(first.Emoji, p.b.URL+"/system/media/") {
		t.Fatalf("before copying, A shows %+v", first)
	}
	var cached profileMedia
	waitFor(t, func() bool { cached = p.profileOf(t, bobOnA.ID); return cached.local(p.a.URL) })
	for _, c := range []struct {
		name, url string
		w, h      int
	}{{"avatar", cached.Avatar, 400, 400}, {"header", cached.Header, 1500, 500}, {"emoji", cached.Emoji, 48, 48}} {
		resp, err := http.Get(c.url)
		if err != nil {
			t.Fatal(err)
		}
		cfg, _, err := image.DecodeConfig(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil || cfg.Width != c.w || cfg.Height != c.h {
			t.Errorf("%s at %s: %d, %dx%d, %v", c.name, c.url, resp.StatusCode, cfg.Width, cfg.Height, err)
		}
	}

	files, _, err := p.a.Actions().PruneRemoteMedia(ctx, time.Now().Add(time.Minute), nil)
	if err != nil || files != 3 {
		t.Fatalf("prune: %d files, %v", files, err)
	}
	for _, u := range []string{cached.Avatar, cached.Header, cached.Emoji} {
		if resp, err := http.Get(u); err != nil || resp.StatusCode != http.StatusNotFound {
			t.Errorf("pruned %s still served", u)
		} else {
			resp.Body.Close()
		}
	}
	if after := p.profileOf(t, bobOnA.ID); after.Avatar != first.Avatar || after.Header != first.Header || after.Emoji != first.Emoji {
		t.Errorf("after pruning, A shows %+v, want B's files %+v", after, first)
	}
	waitFor(t, func() bool { return p.profileOf(t, bobOnA.ID).local(p.a.URL) })

	// A new avatar reaches A with bob's Update; the old copy is not shown.
	if _, err := p.a.Actions().Follow(ctx, p.alice, bobOnA.ID, actions.FollowArgs{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		return count(t, p.b, "SELECT COUNT(*) FROM follows WHERE target_account_id = ?", p.bob.ID) == 1
	})
	old := p.profileOf(t, bobOnA.ID).Avatar
	if _, err := p.b.Actions().UpdateCredentials(ctx, p.bob, actions.UpdateCredentialsArgs{Avatar: mediatest.JPEG(300, 200)}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		now := p.profileOf(t, bobOnA.ID)
		return now.Avatar != old && now.local(p.a.URL)
	})

	// A post's emojis: blobcat is the profile's row, already copied;
	// blobfox is copied when the post is first shown.
	if _, err := p.b.Actions().AddCustomEmoji(ctx, actions.AddEmojiArgs{Shortcode: "blobfox", Data: mediatest.GIF(24, 24, 2)}); err != nil {
		t.Fatal(err)
	}
	s := post(t, p.b, p.bob, "hello :blobcat: :blobfox:", "public")
	waitFor(t, func() bool { return copyOf(p.a, s) != nil })
	emojis := func() map[string]string {
		req, _ := http.NewRequest(http.MethodGet, p.a.URL+"/api/v1/statuses/"+store.FormatID(copyOf(p.a, s).ID), nil)
		req.Header.Set("Authorization", "Bearer "+p.aliceToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var status struct {
			Emojis []struct{ Shortcode, URL string }
		}
		if err := json.NewDecoder(resp.Body).Decode(&status); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, e := range status.Emojis {
			out[e.Shortcode] = e.URL
		}
		return out
	}
	local := p.a.URL + "/system/media/cache/"
	if first := emojis(); !strings.HasPrefix(first["blobcat"], local) || !strings.HasPrefix(first["blobfox"], p.b.URL+"/system/media/") {
		t.Errorf("the post's emojis at first: %v", first)
	}
	waitFor(t, func() bool { return strings.HasPrefix(emojis()["blobfox"], local) })
}

// TestVideoLengthFederates: a video's size and length, read from its
// container on B, reach A through the Note (width, height, an ISO 8601
// duration, as Mastodon sends them) and show in A's meta.original.
func TestVideoLengthFederates(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	bobOnA := remoteOn(t, p.a, p.b, p.bob)
	if _, err := p.a.Actions().Follow(ctx, p.alice, bobOnA.ID, actions.FollowArgs{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		return count(t, p.b, "SELECT COUNT(*) FROM follows WHERE target_account_id = ?", p.bob.ID) == 1
	})
	m, err := p.b.Actions().UploadMedia(ctx, p.bob, actions.UploadMediaArgs{Data: mediatest.TimedMP4(320, 240)})
	if err != nil {
		t.Fatal(err)
	}
	v, err := p.b.Actions().PostStatus(ctx, p.bob, actions.PostStatusArgs{Text: "a clip", Visibility: "public", MediaIDs: []store.ID{m.ID}})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return copyOf(p.a, v.Status) != nil })
	var meta string
	if err := p.a.DB.R().QueryRowContext(ctx, "SELECT meta FROM media_attachments WHERE status_id = ?", copyOf(p.a, v.Status).ID).Scan(&meta); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Original struct {
			Width, Height int
			Duration      float64
		}
	}
	if err := json.Unmarshal([]byte(meta), &got); err != nil || got.Original.Width != 320 || got.Original.Height != 240 || got.Original.Duration != 2.5 {
		t.Errorf("A's meta: %s %v", meta, err)
	}
}
