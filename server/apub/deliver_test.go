package apub_test

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"roost/federation/httpsig"
	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// inboxSink plays every remote server: it verifies each POST's signature
// against the sender's key in the store and records which inbox got which
// activity.
type inboxSink struct {
	t   *testing.T
	in  *servertest.Instance
	srv *httptest.Server

	mu  sync.Mutex
	got []delivered
}

type delivered struct {
	Inbox  string // path, e.g. /one/shared
	Kind   string // "Create", or "Undo Like" for an Undo
	Doc    map[string]any
	Signer string // the key owner
}

func newInboxSink(t *testing.T, in *servertest.Instance) *inboxSink {
	s := &inboxSink{t: t, in: in}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *inboxSink) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	verifier := httpsig.Verifier{PublicScheme: "http"}
	res, err := verifier.VerifyRequest(r, body, func(ctx context.Context, keyID string) (*rsa.PublicKey, string, error) {
		_, key, err := s.in.Actions().SigningAccount(ctx, keyID, false)
		if err != nil {
			return nil, "", err
		}
		acct, _ := s.in.DB.AccountByKeyID(ctx, keyID)
		return key, acct.URI, nil
	})
	if err != nil {
		s.t.Errorf("sink: %s: bad signature: %v", r.URL.Path, err)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		s.t.Errorf("sink: %s: %v", r.URL.Path, err)
	}
	kind, _ := doc["type"].(string)
	if inner, ok := doc["object"].(map[string]any); ok && kind == "Undo" {
		kind += " " + inner["type"].(string)
	}
	s.mu.Lock()
	s.got = append(s.got, delivered{Inbox: r.URL.Path, Kind: kind, Doc: doc, Signer: res.Owner})
	s.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

// settle waits until the outbox is empty: every queued delivery has been
// answered by the sink. It returns and forgets what arrived.
func (s *inboxSink) settle(t *testing.T) []delivered {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		n, err := s.in.DB.QueuedDeliveries(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still queued", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	got := s.got
	s.got = nil
	return got
}

// summary is "inbox kind" per delivery, sorted.
func summary(got []delivered) []string {
	out := make([]string, 0, len(got))
	for _, d := range got {
		out = append(out, d.Inbox+" "+d.Kind)
	}
	sort.Strings(out)
	return out
}

// TestDeliveryAudience posts and acts as alice, whose remote followers
// bob and cat share one server's inbox and dan has his own, and checks who
// receives what: followers-only and direct posts never reach an inbox they
// are not addressed to, and local-only changes send nothing.
func TestDeliveryAudience(t *testing.T) {
	in := servertest.Start(t)
	sink := newInboxSink(t, in)
	ctx := context.Background()
	acts := in.Actions()
	alice, _ := in.CreateUser(t, "alice")
	loner, _ := in.CreateUser(t, "loner")
	inbox := func(p string) string { return sink.srv.URL + p }
	bob := seedRemote(t, in, "bob", "one.example", inbox("/one/bob"), inbox("/one/shared"))
	cat := seedRemote(t, in, "cat", "one.example", inbox("/one/cat"), inbox("/one/shared"))
	dan := seedRemote(t, in, "dan", "two.example", inbox("/two/dan"), "")
	eve := seedRemote(t, in, "eve", "three.example", inbox("/three/eve"), "")
	seedRemote(t, in, "mel", "four.example", inbox("/four/mel"), "")
	for _, f := range []*store.Account{bob.Account, cat.Account, dan.Account} {
		follow(t, in, f, alice)
	}
	follow(t, in, loner, alice) // a local follower is not delivered to over HTTP
	eveStatus := &store.Status{ID: in.DB.NewID(), URI: "https://three.example/users/eve/statuses/1", AccountID: eve.ID,
		Visibility: store.VisibilityPublic, Content: "<p>hi</p>", CreatedAt: time.Now()}
	if err := in.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertStatus(eveStatus) }); err != nil {
		t.Fatal(err)
	}
	followers := func(kind string) []string { return []string{"/one/shared " + kind, "/two/dan " + kind} }

	var public, direct *store.Status
	var featured *store.FeaturedTag
	var err error
	steps := []struct {
		name string
		act  func() error
		want []string
	}{
		{"public post goes to followers, once per shared inbox", func() error {
			public = post(t, in, alice, "hello #fediverse", store.VisibilityPublic)
			return nil
		}, followers("Create")},
		{"mention adds the mentioned account", func() error {
			post(t, in, alice, "hi @mel@four.example", store.VisibilityPublic)
			return nil
		}, append(followers("Create"), "/four/mel Create")},
		{"followers-only post goes to followers only", func() error {
			post(t, in, alice, "just friends", store.VisibilityPrivate)
			return nil
		}, followers("Create")},
		{"direct post goes to the mentioned only", func() error {
			direct = post(t, in, alice, "@mel@four.example secret", store.VisibilityDirect)
			return nil
		}, []string{"/four/mel Create"}},
		{"deleting a direct post tells the mentioned only", func() error {
			_, err := acts.DeleteStatus(ctx, alice, direct.ID)
			return err
		}, []string{"/four/mel Delete"}},
		{"edit sends Update to the audience", func() error {
			_, err := acts.EditStatus(ctx, alice, public.ID, actions.EditStatusArgs{Text: "hello again"})
			return err
		}, followers("Update")},
		{"public reply reaches the replied-to author", func() error {
			_, err := acts.PostStatus(ctx, alice, actions.PostStatusArgs{Text: "nice", Visibility: store.VisibilityPublic, InReplyToID: eveStatus.ID})
			return err
		}, append(followers("Create"), "/three/eve Create")},
		{"followers-only reply does not", func() error {
			_, err := acts.PostStatus(ctx, alice, actions.PostStatusArgs{Text: "psst", Visibility: store.VisibilityPrivate, InReplyToID: eveStatus.ID})
			return err
		}, followers("Create")},
		{"favourite goes to the author only", func() error {
			_, err := acts.Favourite(ctx, alice, eveStatus.ID)
			return err
		}, []string{"/three/eve Like"}},
		{"unfavourite", func() error { _, err := acts.Unfavourite(ctx, alice, eveStatus.ID); return err }, []string{"/three/eve Undo Like"}},
		{"reblog goes to followers and the author", func() error {
			_, err := acts.Reblog(ctx, alice, eveStatus.ID, "")
			return err
		}, append(followers("Announce"), "/three/eve Announce")},
		{"unreblog", func() error { _, err := acts.Unreblog(ctx, alice, eveStatus.ID); return err },
			append(followers("Undo Announce"), "/three/eve Undo Announce")},
		{"deleting a reblog undoes its Announce", func() error {
			view, err := acts.Reblog(ctx, alice, eveStatus.ID, "")
			if err != nil {
				return err
			}
			sink.settle(t)
			_, err = acts.DeleteStatus(ctx, alice, view.Status.ID)
			return err
		}, append(followers("Undo Announce"), "/three/eve Undo Announce")},
		{"follow goes to the target", func() error {
			_, err := acts.Follow(ctx, alice, eve.ID, actions.FollowArgs{Reblogs: true})
			return err
		}, []string{"/three/eve Follow"}},
		{"unfollow", func() error { _, err := acts.Unfollow(ctx, alice, eve.ID); return err }, []string{"/three/eve Undo Follow"}},
		{"block goes to the target", func() error { _, err := acts.Block(ctx, alice, eve.ID); return err }, []string{"/three/eve Block"}},
		{"unblock", func() error { _, err := acts.Unblock(ctx, alice, eve.ID); return err }, []string{"/three/eve Undo Block"}},
		{"profile update goes to followers", func() error {
			name := "Alice"
			_, err := acts.UpdateCredentials(ctx, alice, actions.UpdateCredentialsArgs{DisplayName: &name})
			return err
		}, followers("Update")},
		{"pin", func() error { _, err := acts.Pin(ctx, alice, public.ID, true); return err }, followers("Add")},
		{"unpin", func() error { _, err := acts.Pin(ctx, alice, public.ID, false); return err }, followers("Remove")},
		{"feature a hashtag", func() error { featured, err = acts.FeatureTag(ctx, alice, "Roost"); return err }, followers("Add")},
		{"unfeature it", func() error { return acts.UnfeatureTag(ctx, alice, featured.ID) }, followers("Remove")},
		{"local-only changes send nothing", func() error {
			post(t, in, loner, "nobody remote follows me", store.VisibilityPublic)
			_, err := acts.Follow(ctx, loner, alice.ID, actions.FollowArgs{})
			return err
		}, nil},
	}
	for _, step := range steps {
		if err := step.act(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		got := sink.settle(t)
		slices.Sort(step.want)
		if !slices.Equal(summary(got), step.want) {
			t.Errorf("%s:\n got %q\nwant %q", step.name, summary(got), step.want)
		}
		if strings.HasPrefix(step.name, "direct") {
			// Addressed to the mentioned account alone: no Public, no followers collection.
			for _, d := range got {
				object := d.Doc["object"].(map[string]any)
				if to, cc := object["to"].([]any), object["cc"]; len(to) != 1 || to[0] != "https://four.example/users/mel" || len(cc.([]any)) != 0 {
					t.Errorf("direct addressed to %v cc %v", to, cc)
				}
			}
		}
		if strings.Contains(step.name, "feature") {
			for _, d := range got {
				object, _ := d.Doc["object"].(map[string]any)
				if object["type"] != "Hashtag" || object["name"] != "#Roost" || d.Doc["target"] != alice.URI+"/collections/tags" {
					t.Errorf("%s: %v", step.name, d.Doc)
				}
			}
		}
		for _, d := range got {
			if d.Kind == "Announce" && !strings.HasSuffix(d.Doc["id"].(string), "/activity") || strings.HasSuffix(d.Doc["id"].(string), "/activity/activity") {
				t.Errorf("%s: Announce id %v", step.name, d.Doc["id"])
			}
			if d.Signer != alice.URI && d.Signer != loner.URI {
				t.Errorf("%s: signed by %s", step.name, d.Signer)
			}
		}
	}
}

// TestAcceptNamesTheRemoteFollow: accepting a remote follow request sends
// an Accept embedding the follower's own Follow id.
func TestAcceptNamesTheRemoteFollow(t *testing.T) {
	in := servertest.Start(t)
	sink := newInboxSink(t, in)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	eve := seedRemote(t, in, "eve", "three.example", sink.srv.URL+"/three/eve", "")
	for _, accept := range []bool{true, false} {
		followURI := "https://three.example/follows/" + store.FormatID(in.DB.NewID())
		err := in.DB.Write(ctx, func(tx *store.Tx) error {
			return tx.InsertFollowRequest(&store.Follow{ID: in.DB.NewID(), AccountID: eve.ID, TargetAccountID: alice.ID, URI: followURI, CreatedAt: time.Now()})
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := in.Actions().AnswerFollowRequest(ctx, alice, eve.ID, accept); err != nil {
			t.Fatal(err)
		}
		got := sink.settle(t)
		want := "Reject"
		if accept {
			want = "Accept"
		}
		if len(got) != 1 || got[0].Kind != want {
			t.Fatalf("got %q", summary(got))
		}
		object := got[0].Doc["object"].(map[string]any)
		if object["id"] != followURI || object["actor"] != eve.URI || object["object"] != alice.URI {
			t.Errorf("%s object %v", want, object)
		}
		if accept {
			if err := in.DB.Write(ctx, func(tx *store.Tx) error { _, err := tx.DeleteFollow(eve.ID, alice.ID); return err }); err != nil {
				t.Fatal(err)
			}
			sink.settle(t)
		}
	}
}
