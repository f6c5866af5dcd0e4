package apub_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"roost/federation/httpsig"
	"roost/server/servertest"
	"roost/store"
)

// world is one Roost and one remote server whose fixtures point at each other.
type world struct {
	in     *servertest.Instance
	remote *remote
	alice  *store.Account
	bob    string // a remote actor's id (Mastodon's Gargron fixture)
}

func newWorld(t *testing.T) *world {
	t.Helper()
	in := servertest.Start(t)
	w := &world{in: in, remote: newRemote(t)}
	w.alice, _ = in.CreateUser(t, "alice")
	w.bob = w.remote.addActor("Gargron", nil)
	return w
}

// fixture applies replace to a testdata payload, then points it at this
// world's servers.
func (w *world) fixture(t *testing.T, name string, replace ...string) []byte {
	raw := fixture(t, name, replace...)
	return []byte(strings.NewReplacer("https://mastodon.example", w.remote.URL(), "https://roost.example", w.in.URL).Replace(string(raw)))
}

func (w *world) inbox() string { return w.in.URL + "/inbox" }

// count runs a COUNT query on the instance's database.
func (w *world) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := w.in.DB.R().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestInboxRefusesWhatItCannotTrust(t *testing.T) {
	w := newWorld(t)
	follow := w.fixture(t, "mastodon/follow.json")
	mallory := w.remote.addActor("mallory", nil)
	cases := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"unsigned", func() *http.Request {
			req, _ := http.NewRequest(http.MethodPost, w.inbox(), bytes.NewReader(follow))
			req.Header.Set("Content-Type", "application/activity+json")
			return req
		}, http.StatusUnauthorized},
		{"forged signature", func() *http.Request {
			req := w.remote.signed(w.inbox(), w.bob, follow, httpsig.Cavage)
			sig := req.Header.Get("Signature")
			i := strings.Index(sig, `signature="`) + len(`signature="`)
			req.Header.Set("Signature", sig[:i]+"AAAA"+sig[i+4:])
			return req
		}, http.StatusUnauthorized},
		{"wrong digest", func() *http.Request {
			req := w.remote.signed(w.inbox(), w.bob, follow, httpsig.Cavage)
			tampered := bytes.Replace(follow, []byte("Follow"), []byte("Folloz"), 1)
			req.Body = ioNopCloser(tampered)
			req.ContentLength = int64(len(tampered))
			return req
		}, http.StatusUnauthorized},
		{"signed by another actor", func() *http.Request {
			return w.remote.signed(w.inbox(), mallory, follow, httpsig.Cavage)
		}, http.StatusUnauthorized},
		{"key of an unknown actor", func() *http.Request {
			req := w.remote.signed(w.inbox(), w.bob, follow, httpsig.Cavage)
			req.Header.Set("Signature", strings.Replace(req.Header.Get("Signature"), "/users/Gargron#", "/users/nobody#", 1))
			return req
		}, http.StatusUnauthorized},
		{"oversized body", func() *http.Request {
			big := append(bytes.Repeat([]byte(" "), 1<<20), follow...)
			return w.remote.signed(w.inbox(), w.bob, big, httpsig.Cavage)
		}, http.StatusRequestEntityTooLarge},
		{"inbox of nobody", func() *http.Request {
			return w.remote.signed(w.in.URL+"/users/nobody/inbox", w.bob, follow, httpsig.Cavage)
		}, http.StatusNotFound},
		{"malformed JSON", func() *http.Request {
			return w.remote.signed(w.inbox(), w.bob, []byte(`{"type":`), httpsig.Cavage)
		}, http.StatusBadRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := send(t, c.req()); got != c.want {
				t.Fatalf("status %d, want %d", got, c.want)
			}
			if n := w.count(t, "SELECT COUNT(*) FROM follows"); n != 0 {
				t.Fatalf("%d follows stored from a refused request", n)
			}
		})
	}
}

func TestInboxAcceptsBothSignatureSchemes(t *testing.T) {
	w := newWorld(t)
	for _, scheme := range []httpsig.Scheme{httpsig.Cavage, httpsig.RFC9421} {
		t.Run(string(scheme), func(t *testing.T) {
			follow := w.fixture(t, "mastodon/follow.json", "3d2fa9a0", string(scheme))
			if got := send(t, w.remote.signed(w.in.URL+"/users/alice/inbox", w.bob, follow, scheme)); got != http.StatusAccepted {
				t.Fatalf("status %d", got)
			}
		})
	}
	if n := w.count(t, "SELECT COUNT(*) FROM follows WHERE target_account_id = ?", w.alice.ID); n != 1 {
		t.Fatalf("%d follows, want 1", n)
	}
}

func TestInboxHandlesAnActivityOnce(t *testing.T) {
	w := newWorld(t)
	follow := w.fixture(t, "mastodon/follow.json")
	for i := range 3 {
		if got := w.remote.post(w.inbox(), w.bob, follow); got != http.StatusAccepted {
			t.Fatalf("delivery %d: status %d", i, got)
		}
	}
	if n := w.count(t, "SELECT COUNT(*) FROM notifications WHERE account_id = ? AND type = 'follow'", w.alice.ID); n != 1 {
		t.Fatalf("%d follow notifications, want 1", n)
	}
	if n := w.count(t, "SELECT COUNT(*) FROM inbox_seen"); n != 1 {
		t.Fatalf("%d inbox_seen rows, want 1", n)
	}
}

func TestInboxDropsUnknownTypes(t *testing.T) {
	w := newWorld(t)
	react := fixture(t, "akkoma/emoji-react.json")
	var doc map[string]any
	mustUnmarshal(t, react, &doc)
	doc["actor"], doc["id"] = w.bob, w.bob+"#reacts/1"
	body := mustMarshal(t, doc)
	if got := w.remote.post(w.inbox(), w.bob, body); got != http.StatusAccepted {
		t.Fatalf("status %d, want 202", got)
	}
	if n := w.count(t, "SELECT COUNT(*) FROM inbox_seen"); n != 0 {
		t.Fatalf("an unknown activity was recorded")
	}
}

func TestInboxRefetchesARotatedKey(t *testing.T) {
	w := newWorld(t)
	if got := w.remote.post(w.inbox(), w.bob, w.fixture(t, "mastodon/follow.json")); got != http.StatusAccepted {
		t.Fatalf("first delivery: status %d", got)
	}
	w.remote.rotateKey(w.bob)
	undo := w.fixture(t, "mastodon/undo-follow.json")
	if got := w.remote.post(w.inbox(), w.bob, undo); got != http.StatusAccepted {
		t.Fatalf("after rotation: status %d, want 202 (the key should be refetched)", got)
	}
	if n := w.count(t, "SELECT COUNT(*) FROM follows"); n != 0 {
		t.Fatalf("the Undo signed with the new key was not applied")
	}
}

func TestInboxRefusesSuspendedDomains(t *testing.T) {
	w := newWorld(t)
	err := w.in.DB.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO instance_domain_blocks (domain, severity, created_at)
			VALUES (?, 'suspend', 0)`, w.remote.Host())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.remote.post(w.inbox(), w.bob, w.fixture(t, "mastodon/follow.json")); got != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", got)
	}
	if n := w.count(t, "SELECT COUNT(*) FROM accounts WHERE domain != ''"); n != 0 {
		t.Fatalf("%d remote accounts fetched from a suspended domain", n)
	}
}
