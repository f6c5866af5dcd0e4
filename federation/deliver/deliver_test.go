package deliver

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"roost/federation/httpsig"
	"roost/store"
)

// sender is a local account with a real key pair.
type sender struct {
	id    store.ID
	keyID string
	key   *rsa.PrivateKey
}

func newSender(t testing.TB, db *store.DB) sender {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	s := sender{id: db.NewID(), keyID: "https://roost.example/users/alice#main-key", key: key}
	err = db.Write(context.Background(), func(tx *store.Tx) error {
		return tx.InsertAccount(&store.Account{ID: s.id, Username: "alice", URI: "https://roost.example/users/alice",
			PublicKeyID: s.keyID, PrivateKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))})
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// request is what a sink saw.
type request struct {
	scheme httpsig.Scheme
	body   string
	err    error
}

// sink is a real inbox on loopback that verifies signatures with our own
// Verifier and answers with whatever status respond picks.
type sink struct {
	srv     *httptest.Server
	mu      sync.Mutex
	seen    []request
	respond func(r *http.Request, n int) int
}

func newSink(t testing.TB, s sender, respond func(r *http.Request, n int) int) *sink {
	k := &sink{respond: respond}
	lookup := func(_ context.Context, keyID string) (*rsa.PublicKey, string, error) {
		if keyID != s.keyID {
			return nil, "", errors.New("unknown key")
		}
		return &s.key.PublicKey, "https://roost.example/users/alice", nil
	}
	v := &httpsig.Verifier{PublicScheme: "http"}
	k.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		res, err := v.VerifyRequest(r, body, lookup)
		k.mu.Lock()
		k.seen = append(k.seen, request{res.Scheme, string(body), err})
		n, respond := len(k.seen), k.respond
		k.mu.Unlock()
		if err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		status := http.StatusAccepted
		if respond != nil {
			status = respond(r, n)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(k.srv.Close)
	return k
}

func (k *sink) requests() []request {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]request(nil), k.seen...)
}

func (k *sink) setRespond(respond func(r *http.Request, n int) int) {
	k.mu.Lock()
	k.respond = respond
	k.mu.Unlock()
}

func (k *sink) host() string { return strings.TrimPrefix(k.srv.URL, "http://") }

func testConfig() Config {
	return Config{AllowPrivate: true, Workers: 4, PerHost: 2, Poll: 50 * time.Millisecond,
		Timeout: 5 * time.Second, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func startWorker(t testing.TB, db *store.DB, cfg Config) *Worker {
	w := New(db, cfg)
	w.Start(context.Background())
	t.Cleanup(w.Stop)
	return w
}

func enqueue(t testing.TB, db *store.DB, w *Worker, from sender, payload string, inboxes ...string) {
	t.Helper()
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		if w != nil {
			tx.AfterCommit(w.Wake)
		}
		return tx.EnqueueDeliveries(from.id, inboxes, []byte(payload))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	waitUpTo(t, 10*time.Second, what, cond)
}

func waitUpTo(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func queued(t testing.TB, db *store.DB) int {
	n, err := db.QueuedDeliveries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// makeDue moves every queued row's next attempt to now, standing in for
// the minutes of the backoff schedule.
func makeDue(t testing.TB, db *store.DB, w *Worker) {
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(tx.Context(), "UPDATE deliveries SET next_at = 0")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Wake()
}

func onlyRow(t testing.TB, db *store.DB) *store.Delivery {
	t.Helper()
	var id store.ID
	if err := db.R().QueryRowContext(context.Background(), "SELECT id FROM deliveries").Scan(&id); err != nil {
		t.Fatal(err)
	}
	d, err := db.Delivery(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
