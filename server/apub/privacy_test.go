package apub_test

import (
	"net/http"
	"testing"

	"roost/server"
	"roost/server/servertest"
	"roost/store"
)

// TestSignedFetchPrivacy runs the viewer x visibility matrix over status
// objects and their Create: a non-public status reaches only a signed
// fetcher that actions.CanSee lets see it; everyone else gets 404, exactly
// as for a status that does not exist.
func TestSignedFetchPrivacy(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	follower := seedRemote(t, in, "bob", "one.example", "", "")
	stranger := seedRemote(t, in, "eve", "three.example", "", "")
	mentioned := seedRemote(t, in, "mel", "four.example", "", "")
	follow(t, in, follower.Account, alice)
	// The follower's server fetching with its instance actor is not the
	// follower: the rule is per account, as in Mastodon.
	followerServer := seedRemote(t, in, "one.example", "one.example", "", "")

	statuses := map[string]*store.Status{
		"public":   post(t, in, alice, "hello world", store.VisibilityPublic),
		"unlisted": post(t, in, alice, "quietly", store.VisibilityUnlisted),
		"private":  post(t, in, alice, "followers only", store.VisibilityPrivate),
		"direct":   post(t, in, alice, "@mel@four.example psst", store.VisibilityDirect),
	}
	fetchers := map[string]*remoteActor{"unsigned": nil, "follower": &follower, "follower's server": &followerServer,
		"stranger": &stranger, "mentioned": &mentioned}
	allowed := map[string]map[string]bool{
		"public":   {"unsigned": true, "follower": true, "follower's server": true, "stranger": true, "mentioned": true},
		"unlisted": {"unsigned": true, "follower": true, "follower's server": true, "stranger": true, "mentioned": true},
		"private":  {"follower": true},
		"direct":   {"mentioned": true},
	}
	for visibility, s := range statuses {
		for who, signer := range fetchers {
			for _, suffix := range []string{"", "/activity", "/replies"} {
				t.Run(visibility+"/"+who+suffix, func(t *testing.T) {
					resp, body := fetch(t, s.URI+suffix, activityJSON, signer)
					want := http.StatusNotFound
					if allowed[visibility][who] {
						want = http.StatusOK
					}
					if resp.StatusCode != want {
						t.Fatalf("got %d, want %d: %s", resp.StatusCode, want, body)
					}
				})
			}
		}
	}
	t.Run("unknown status is the same 404", func(t *testing.T) {
		resp, _ := fetch(t, in.URL+"/users/alice/statuses/12345", activityJSON, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("got %d", resp.StatusCode)
		}
	})
	t.Run("status under another account's path", func(t *testing.T) {
		in.CreateUser(t, "mallory")
		resp, _ := fetch(t, in.URL+"/users/mallory/statuses/"+store.FormatID(statuses["public"].ID), activityJSON, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("got %d", resp.StatusCode)
		}
	})
}

// TestOutboxShowsOnlyPublicAndUnlisted: the outbox is read as an anonymous
// viewer, so private and direct posts never appear in it, signed or not.
func TestOutboxShowsOnlyPublicAndUnlisted(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	follower := seedRemote(t, in, "bob", "one.example", "", "")
	follow(t, in, follower.Account, alice)
	want := map[string]bool{}
	for _, v := range []string{store.VisibilityPublic, store.VisibilityUnlisted, store.VisibilityPrivate, store.VisibilityDirect} {
		s := post(t, in, alice, "a "+v+" post", v)
		want[s.URI+"/activity"] = v == store.VisibilityPublic || v == store.VisibilityUnlisted
	}
	for _, signer := range []*remoteActor{nil, &follower} {
		resp, body := fetch(t, in.URL+"/users/alice/outbox?page=true", activityJSON, signer)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("outbox page: %d %s", resp.StatusCode, body)
		}
		page := decode(t, body)
		got := map[string]bool{}
		for _, item := range page["orderedItems"].([]any) {
			got[item.(map[string]any)["id"].(string)] = true
		}
		for id, shown := range want {
			if got[id] != shown {
				t.Errorf("signed=%v: %s shown=%v, want %v", signer != nil, id, got[id], shown)
			}
		}
	}
}

// TestAuthorizedFetch: with authorized_fetch on, every ActivityStreams GET
// needs a valid signature from a known actor, except the instance actor and
// discovery, which peers need to bootstrap.
func TestAuthorizedFetch(t *testing.T) {
	for _, on := range []bool{false, true} {
		in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Federation.AuthorizedFetch = on }))
		alice, _ := in.CreateUser(t, "alice")
		s := post(t, in, alice, "hello", store.VisibilityPublic)
		known := seedRemote(t, in, "bob", "one.example", "", "")
		forged := known
		forged.key = seedRemote(t, in, "eve", "two.example", "", "").key // signs with the wrong key
		cases := []struct {
			name     string
			url      string
			signer   *remoteActor
			wantOff  int
			wantOnAF int
		}{
			{"unsigned actor", in.URL + "/users/alice", nil, 200, 401},
			{"unsigned note", s.URI, nil, 200, 401},
			{"unsigned outbox", in.URL + "/users/alice/outbox", nil, 200, 401},
			{"unsigned followers", in.URL + "/users/alice/followers", nil, 200, 401},
			{"unsigned unknown account", in.URL + "/users/nobody", nil, 404, 401},
			{"signed note", s.URI, &known, 200, 200},
			{"signed actor", in.URL + "/users/alice", &known, 200, 200},
			{"forged signature", s.URI, &forged, 200, 401},
			{"instance actor", in.URL + "/actor", nil, 200, 200},
			{"webfinger", in.URL + "/.well-known/webfinger?resource=acct:alice@" + in.Host, nil, 200, 200},
			{"nodeinfo", in.URL + "/nodeinfo/2.1", nil, 200, 200},
		}
		for _, tc := range cases {
			name := "off/" + tc.name
			want := tc.wantOff
			if on {
				name, want = "on/"+tc.name, tc.wantOnAF
			}
			t.Run(name, func(t *testing.T) {
				resp, body := fetch(t, tc.url, activityJSON, tc.signer)
				if resp.StatusCode != want {
					t.Fatalf("got %d, want %d: %s", resp.StatusCode, want, body)
				}
			})
		}
	}
}

// TestHiddenCollections: an account hiding its network shows the sizes of
// its followers and following, never their members, signed or not.
func TestHiddenCollections(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	bob := seedRemote(t, in, "bob", "one.example", "", "")
	follow(t, in, bob.Account, alice)
	follow(t, in, alice, bob.Account)
	for _, hidden := range []bool{false, true} {
		setHideCollections(t, in, alice, hidden)
		for _, name := range []string{"followers", "following"} {
			for _, signer := range []*remoteActor{nil, &bob} {
				resp, body := fetch(t, in.URL+"/users/alice/"+name, activityJSON, signer)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d", name, resp.StatusCode)
				}
				coll := decode(t, body)
				if coll["totalItems"].(float64) != 1 {
					t.Errorf("hidden=%v %s: totalItems %v", hidden, name, coll["totalItems"])
				}
				if _, hasFirst := coll["first"]; hasFirst == hidden {
					t.Errorf("hidden=%v %s: first present=%v", hidden, name, hasFirst)
				}
				resp, body = fetch(t, in.URL+"/users/alice/"+name+"?page=true", activityJSON, signer)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s page: %d", name, resp.StatusCode)
				}
				items := decode(t, body)["orderedItems"].([]any)
				if hidden && len(items) != 0 || !hidden && (len(items) != 1 || items[0] != bob.URI) {
					t.Errorf("hidden=%v %s signed=%v: items %v", hidden, name, signer != nil, items)
				}
			}
		}
	}
}
