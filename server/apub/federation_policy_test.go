package apub_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"roost/server"
	"roost/server/actions"
	"roost/server/media/mediatest"
	"roost/server/servertest"
	"roost/store"
)

// counter is a fake remote server that answers 404 to everything and
// counts what it was asked: a refused domain must never be asked anything.
func counter(t *testing.T) (host string, asked *atomic.Int32) {
	asked = new(atomic.Int32)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://"), asked
}

func followsBetween(t *testing.T, in *servertest.Instance, x, y store.ID) int {
	return count(t, in, "SELECT COUNT(*) FROM follows WHERE account_id = ?1 AND target_account_id = ?2 OR account_id = ?2 AND target_account_id = ?1", x, y)
}

func TestAllowlistMode(t *testing.T) {
	ctx := context.Background()
	a := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Federation.Mode = "allowlist" }))
	b := servertest.Start(t, servertest.ListenIP("127.0.0.2"))
	alice, _ := a.CreateUser(t, "alice")
	bob, _ := b.CreateUser(t, "bob")
	admin := adminToken(t, a, "root", "admin:read", "admin:write", "read", "write")
	other, asked := counter(t)

	t.Run("no WebFinger or fetch to a domain not allowed; search resolves nothing", func(t *testing.T) {
		if _, err := a.Actions().ResolveAccount(ctx, "eve@"+other); err == nil {
			t.Fatal("resolved an account of a domain not allowed")
		}
		var found []map[string]any
		q := url.Values{"q": {"@bob@" + b.Host}, "resolve": {"true"}}
		if code := apiCall(t, http.MethodGet, a.URL+"/api/v2/search?"+q.Encode(), admin, nil, &found); code != http.StatusOK {
			t.Fatalf("search: %d", code)
		}
		var accounts []map[string]any
		apiCall(t, http.MethodGet, a.URL+"/api/v1/accounts/search?"+q.Encode(), admin, nil, &accounts)
		if len(accounts) != 0 {
			t.Fatalf("search resolved %v", accounts)
		}
		if _, err := a.Actions().RemoteAccountByURI(ctx, "http://"+other+"/users/eve"); err == nil {
			t.Fatal("fetched an actor of a domain not allowed")
		}
		if n := asked.Load(); n != 0 {
			t.Fatalf("the domain was asked %d times", n)
		}
	})

	t.Run("an inbox POST from a domain not allowed is refused before its key is fetched", func(t *testing.T) {
		// B cannot read alice's profile (allowlist implies signed fetches,
		// and B's signature counts for nothing), so B is given an account
		// whose inbox is hers.
		if _, err := b.Actions().ResolveAccount(ctx, "alice@"+a.Host); err == nil {
			t.Fatal("a server not allowed read alice's profile")
		}
		aliceOnB := seedRemote(t, b, "alice-inbox", a.Host, a.URL+"/users/alice/inbox", "").Account
		if _, err := b.Actions().Follow(ctx, bob, aliceOnB.ID, actions.FollowArgs{Reblogs: true}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return count(t, b, "SELECT COUNT(*) FROM deliveries WHERE attempts > 0") > 0 })
		if n := count(t, a, "SELECT COUNT(*) FROM accounts WHERE domain = ?", b.Host); n != 0 {
			t.Fatalf("A fetched %d accounts of B", n)
		}
		if n := count(t, a, "SELECT COUNT(*) FROM follows"); n != 0 {
			t.Fatal("A took in a follow from a domain not allowed")
		}
	})

	t.Run("nothing is delivered to a domain not allowed", func(t *testing.T) {
		eve := seedRemote(t, a, "eve", other, "http://"+other+"/users/eve/inbox", "")
		follow(t, a, eve.Account, alice)
		post(t, a, alice, "not for eve", "public")
		waitFor(t, func() bool { return count(t, a, "SELECT COUNT(*) FROM deliveries") == 0 })
		if n := asked.Load(); n != 0 {
			t.Fatalf("the domain was asked %d times", n)
		}
	})

	var allow map[string]any
	t.Run("an admin allows B through the API", func(t *testing.T) {
		_, user := a.CreateUser(t, "plain")
		plain := a.Token(t, user, "admin:read", "admin:write")
		if code := apiCall(t, http.MethodPost, a.URL+"/api/v1/admin/domain_allows", plain, url.Values{"domain": {b.Host}}, nil); code != http.StatusForbidden {
			t.Fatalf("a user allowed a domain: %d", code)
		}
		if code := apiCall(t, http.MethodPost, a.URL+"/api/v1/admin/domain_allows", admin, url.Values{"domain": {"no dots"}}, nil); code != http.StatusUnprocessableEntity {
			t.Fatalf("bad domain: %d", code)
		}
		if code := apiCall(t, http.MethodPost, a.URL+"/api/v1/admin/domain_allows", admin, url.Values{"domain": {b.Host}}, &allow); code != http.StatusOK {
			t.Fatalf("allow: %d %v", code, allow)
		}
		if allow["domain"] != b.Host || allow["id"] == "" || allow["created_at"] == nil {
			t.Fatalf("DomainAllow: %v", allow)
		}
		var list []map[string]any
		if code := apiCall(t, http.MethodGet, a.URL+"/api/v1/admin/domain_allows", admin, nil, &list); code != http.StatusOK || len(list) != 1 {
			t.Fatalf("list: %d %v", code, list)
		}
		var one map[string]any
		if code := apiCall(t, http.MethodGet, a.URL+"/api/v1/admin/domain_allows/"+allow["id"].(string), admin, nil, &one); code != http.StatusOK || one["domain"] != b.Host {
			t.Fatalf("get: %d %v", code, one)
		}
	})

	t.Run("public posts are not served unsigned", func(t *testing.T) {
		s := post(t, a, alice, "for the allowed servers", "public")
		if resp, _ := fetch(t, s.URI, activityJSON, nil); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("an unsigned fetch got %d", resp.StatusCode)
		}
	})

	t.Run("an allowed domain federates", func(t *testing.T) {
		if _, err := b.Actions().ResolveAccount(ctx, "alice@"+a.Host); err != nil {
			t.Fatalf("an allowed server cannot read alice's profile: %v", err)
		}
		bobOnA := remoteOn(t, a, b, bob)
		if _, err := a.Actions().Follow(ctx, alice, bobOnA.ID, actions.FollowArgs{Reblogs: true}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return followsBetween(t, a, alice.ID, bobOnA.ID) == 1 })
	})

	t.Run("an admin removes the allow", func(t *testing.T) {
		u := a.URL + "/api/v1/admin/domain_allows/" + allow["id"].(string)
		if code := apiCall(t, http.MethodDelete, u, admin, nil, nil); code != http.StatusOK {
			t.Fatalf("delete: %d", code)
		}
		if code := apiCall(t, http.MethodGet, u, admin, nil, nil); code != http.StatusNotFound {
			t.Fatalf("after delete: %d", code)
		}
		if refused, _ := a.DB.DomainRefused(ctx, b.Host, true); !refused {
			t.Fatal("B is still allowed")
		}
	})
}

func TestSuspendingADomain(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	admin := adminToken(t, p.a, "root", "admin:read", "admin:write")
	bobOnA := remoteOn(t, p.a, p.b, p.bob)
	aliceOnB := remoteOn(t, p.b, p.a, p.alice)
	if _, err := p.a.Actions().Follow(ctx, p.alice, bobOnA.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.b.Actions().Follow(ctx, p.bob, aliceOnB.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return followsBetween(t, p.a, p.alice.ID, bobOnA.ID) == 2 })

	// A delivery already queued for a host that then gets suspended: its
	// inbox is a closed port, so it waits for its retry.
	const stuck = "127.0.0.1:9"
	if err := p.a.DB.Write(ctx, func(tx *store.Tx) error {
		return tx.EnqueueDelivery(p.alice.ID, "http://"+stuck+"/inbox", []byte(`{}`))
	}); err != nil {
		t.Fatal(err)
	}
	p.a.Actions().Wake()
	waitFor(t, func() bool {
		return count(t, p.a, "SELECT COUNT(*) FROM deliveries WHERE host = ? AND attempts > 0", stuck) == 1
	})

	for _, domain := range []string{p.b.Host, stuck} {
		form := url.Values{"domain": {domain}, "severity": {"suspend"}}
		if code := apiCall(t, http.MethodPost, p.a.URL+"/api/v1/admin/domain_blocks", admin, form, nil); code != http.StatusOK {
			t.Fatalf("suspend %s: %d", domain, code)
		}
	}

	t.Run("follows both ways are cut", func(t *testing.T) {
		if n := followsBetween(t, p.a, p.alice.ID, bobOnA.ID); n != 0 {
			t.Fatalf("%d follows remain", n)
		}
		alice, _ := p.a.DB.Account(ctx, p.alice.ID)
		if alice.FollowersCount != 0 || alice.FollowingCount != 0 {
			t.Fatalf("counters: %d followers, %d following", alice.FollowersCount, alice.FollowingCount)
		}
	})
	t.Run("queued deliveries are discarded", func(t *testing.T) {
		if n := count(t, p.a, "SELECT COUNT(*) FROM deliveries WHERE host = ?", stuck); n != 0 {
			t.Fatalf("%d deliveries remain", n)
		}
	})
	t.Run("nothing is delivered to it", func(t *testing.T) {
		// bob is mentioned, so the post is addressed to B whatever the
		// follows; direct, so that B's backfill of alice's outbox cannot
		// find it by reading (reading public posts needs no federation).
		s := post(t, p.a, p.alice, "@bob@"+p.b.Host+" are you there?", "direct")
		waitFor(t, func() bool { return count(t, p.a, "SELECT COUNT(*) FROM deliveries") == 0 })
		time.Sleep(100 * time.Millisecond)
		if got := copyOf(p.b, s); got != nil {
			t.Fatalf("the post reached the suspended domain: %+v", got)
		}
	})
	t.Run("nothing is fetched from it nor taken in", func(t *testing.T) {
		if _, err := p.a.Actions().ResolveAccount(ctx, "dave@"+p.b.Host); err == nil {
			t.Fatal("resolved an account on a suspended domain")
		}
		s := post(t, p.b, p.bob, "@alice@"+p.a.Host+" hello?", "public")
		waitFor(t, func() bool { return count(t, p.b, "SELECT COUNT(*) FROM deliveries WHERE attempts > 0") > 0 })
		if copyOf(p.a, s) != nil {
			t.Fatal("a post from the suspended domain was taken in")
		}
	})
}

func TestRejectMedia(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	admin := adminToken(t, p.a, "root", "admin:read", "admin:write")
	bobOnA := remoteOn(t, p.a, p.b, p.bob)
	if _, err := p.a.Actions().Follow(ctx, p.alice, bobOnA.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return followsBetween(t, p.a, p.alice.ID, bobOnA.ID) == 1 })
	postPicture := func(text string) *store.Status {
		m, err := p.b.Actions().UploadMedia(ctx, p.bob, actions.UploadMediaArgs{Data: mediatest.PNG(16, 16), Description: "a square"})
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { got, _ := p.b.DB.Media(ctx, m.ID); return got != nil && !got.Processing })
		v, err := p.b.Actions().PostStatus(ctx, p.bob, actions.PostStatusArgs{Text: text, Visibility: "public", MediaIDs: []store.ID{m.ID}})
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return copyOf(p.a, v.Status) != nil })
		return copyOf(p.a, v.Status)
	}
	mediaOf := func(s *store.Status) *store.MediaAttachment {
		var id store.ID
		if err := p.a.DB.R().QueryRowContext(ctx, "SELECT id FROM media_attachments WHERE status_id = ?", s.ID).Scan(&id); err != nil {
			t.Fatal(err)
		}
		m, err := p.a.DB.Media(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}

	before := postPicture("before the block")
	if err := p.a.Actions().CacheRemoteMedia(ctx, mediaOf(before).ID); err != nil {
		t.Fatal(err)
	}
	if m := mediaOf(before); m.FilePath == "" {
		t.Fatal("the picture was not cached before the block: the test proves nothing")
	}
	if err := p.a.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET avatar_remote_url = 'http://x/a.png', header_remote_url = 'http://x/h.png',
			emojis = '[{"shortcode":"blob","url":"http://x/blob.png"}]' WHERE id = ?`, bobOnA.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO custom_emojis (shortcode, domain, image_remote_url, media_path, cached_at, created_at, updated_at)
			VALUES ('blob', ?, 'http://x/blob.png', 'emojis/blob-copy.png', 0, 0, 0)`, bobOnA.Domain)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	emojiCopy := "emojis/blob-copy.png"
	if err := p.a.Actions().Files.Put(emojiCopy, mediatest.PNG(8, 8)); err != nil {
		t.Fatal(err)
	}

	form := url.Values{"domain": {p.b.Host}, "severity": {"noop"}, "reject_media": {"true"}}
	if code := apiCall(t, http.MethodPost, p.a.URL+"/api/v1/admin/domain_blocks", admin, form, nil); code != http.StatusOK {
		t.Fatalf("block: %d", code)
	}

	t.Run("cached copies, avatars and headers are dropped", func(t *testing.T) {
		m := mediaOf(before)
		if m.FilePath != "" || m.Kind != "unknown" || m.RemoteURL == "" {
			t.Fatalf("after the block: %+v", m)
		}
		bob, _ := p.a.DB.Account(ctx, bobOnA.ID)
		if bob.AvatarRemoteURL != "" || bob.HeaderRemoteURL != "" || len(bob.Emojis) != 0 {
			t.Fatalf("kept: avatar %q header %q emojis %v", bob.AvatarRemoteURL, bob.HeaderRemoteURL, bob.Emojis)
		}
		if n := count(t, p.a, "SELECT COUNT(*) FROM custom_emojis WHERE domain = ?", bobOnA.Domain); n != 0 {
			t.Fatalf("%d emojis of the domain kept", n)
		}
		if f, err := p.a.Actions().Files.Open(emojiCopy); err == nil {
			f.Close()
			t.Error("the copy of the domain's emoji is left on disk")
		}
		if bob.AvatarMediaID != nil || bob.HeaderMediaID != nil {
			t.Errorf("the account still names copies of its pictures: %v %v", bob.AvatarMediaID, bob.HeaderMediaID)
		}
	})

	t.Run("new attachments are links of type unknown, never downloaded", func(t *testing.T) {
		after := postPicture("after the block")
		m := mediaOf(after)
		if m.Kind != "unknown" || m.RemoteURL == "" {
			t.Fatalf("stored as %+v", m)
		}
		if err := p.a.Actions().CacheRemoteMedia(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		if m := mediaOf(after); m.FilePath != "" {
			t.Fatal("downloaded a rejected domain's picture")
		}
		var status struct {
			MediaAttachments []map[string]any `json:"media_attachments"`
		}
		if code := apiCall(t, http.MethodGet, p.a.URL+"/api/v1/statuses/"+store.FormatID(after.ID), p.aliceToken, nil, &status); code != http.StatusOK {
			t.Fatalf("status: %d", code)
		}
		if len(status.MediaAttachments) != 1 {
			t.Fatalf("attachments: %v", status.MediaAttachments)
		}
		got := status.MediaAttachments[0]
		if got["type"] != "unknown" || got["preview_url"] != nil || got["remote_url"] == nil || strings.Contains(got["url"].(string), p.a.Host) {
			t.Fatalf("attachment: %v", got)
		}
	})
}

// TestSilencedDomain: a limited (silenced) domain's posts stay off the
// public timelines of those who do not follow its accounts.
func TestSilencedDomain(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	admin := adminToken(t, p.a, "root", "admin:read", "admin:write")
	carol, _ := p.a.CreateUser(t, "carol")
	bobOnA := remoteOn(t, p.a, p.b, p.bob)
	if _, err := p.a.Actions().Follow(ctx, p.alice, bobOnA.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return followsBetween(t, p.a, p.alice.ID, bobOnA.ID) == 1 })
	if code := apiCall(t, http.MethodPost, p.a.URL+"/api/v1/admin/domain_blocks", admin,
		url.Values{"domain": {p.b.Host}, "severity": {"silence"}}, nil); code != http.StatusOK {
		t.Fatalf("silence: %d", code)
	}
	s := post(t, p.b, p.bob, "from a limited server", "public")
	waitFor(t, func() bool { return copyOf(p.a, s) != nil })
	uri := copyOf(p.a, s).URI
	for _, c := range []struct {
		name   string
		viewer *store.Account
		want   bool
	}{{"a follower sees it", p.alice, true}, {"a non-follower does not", carol, false}, {"nor a visitor", nil, false}} {
		t.Run(c.name, func(t *testing.T) {
			list, err := p.a.Actions().PublicTimeline(ctx, c.viewer, store.PublicFilter{}, store.Page{Limit: 40})
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, st := range list.List {
				got = got || st.URI == uri
			}
			if got != c.want {
				t.Fatalf("on the public timeline: %v, want %v", got, c.want)
			}
		})
	}
	if followsBetween(t, p.a, p.alice.ID, bobOnA.ID) != 1 {
		t.Fatal("a silence cut a follow: only a suspension does")
	}
}

// TestRefusedSignerReadsNothing: with authorized fetch, a signature by an
// account of a suspended server (or, in allowlist mode, of a server not
// allowed) counts for nothing.
func TestRefusedSignerReadsNothing(t *testing.T) {
	for _, mode := range []string{"blocklist", "allowlist"} {
		t.Run(mode, func(t *testing.T) {
			in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) {
				c.Federation.AuthorizedFetch, c.Federation.Mode = true, mode
			}))
			ctx := context.Background()
			alice, _ := in.CreateUser(t, "alice")
			eve := seedRemote(t, in, "eve", "x.example", "", "")
			root := adminToken(t, in, "root", "admin:write")
			if mode == "allowlist" {
				if code := apiCall(t, http.MethodPost, in.URL+"/api/v1/admin/domain_allows", root, url.Values{"domain": {"x.example"}}, nil); code != http.StatusOK {
					t.Fatalf("allow: %d", code)
				}
			}
			actor := in.URL + "/users/" + alice.Username
			if resp, _ := fetch(t, actor, activityJSON, &eve); resp.StatusCode != http.StatusOK {
				t.Fatalf("before: %d", resp.StatusCode)
			}
			if mode == "allowlist" {
				list, _ := in.DB.InstanceDomainAllows(ctx)
				if code := apiCall(t, http.MethodDelete, in.URL+"/api/v1/admin/domain_allows/"+store.FormatID(list[0].ID), root, nil, nil); code != http.StatusOK {
					t.Fatalf("disallow: %d", code)
				}
			} else if code := apiCall(t, http.MethodPost, in.URL+"/api/v1/admin/domain_blocks", root, url.Values{"domain": {"x.example"}}, nil); code != http.StatusOK {
				t.Fatalf("suspend: %d", code)
			}
			if resp, _ := fetch(t, actor, activityJSON, &eve); resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("after: %d", resp.StatusCode)
			}
		})
	}
}
