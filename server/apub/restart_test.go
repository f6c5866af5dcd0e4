package apub_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"roost/server"
	"roost/server/servertest"
	"roost/store"
)

// TestQueueSurvivesRestart: an activity whose delivery failed stays in the
// outbox across a shutdown, and the next server's worker delivers it.
func TestQueueSurvivesRestart(t *testing.T) {
	data := t.TempDir()
	sameData := servertest.WithConfig(func(c *server.Config) { c.Data = data })
	var accept atomic.Bool
	var attempts, delivered atomic.Int32
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		if !accept.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		delivered.Add(1)
		w.WriteHeader(http.StatusAccepted)
	}))
	defer sink.Close()

	t.Run("first run", func(t *testing.T) {
		in := servertest.Start(t, sameData)
		alice, _ := in.CreateUser(t, "alice")
		bob := seedRemote(t, in, "bob", "one.example", sink.URL+"/inbox", "")
		follow(t, in, bob.Account, alice)
		post(t, in, alice, "hello", store.VisibilityPublic)
		waitFor(t, func() bool { return attempts.Load() > 0 })
	})
	accept.Store(true)
	t.Run("after restart", func(t *testing.T) {
		in := servertest.Start(t, sameData)
		n, err := in.DB.QueuedDeliveries(context.Background())
		if err != nil || n != 1 {
			t.Fatalf("queued after restart: %d, %v", n, err)
		}
		// The failed attempt set a retry a minute out; bring it forward
		// rather than wait, then wake the worker as a commit would.
		err = in.DB.Write(context.Background(), func(tx *store.Tx) error {
			_, err := tx.ExecContext(context.Background(), "UPDATE deliveries SET next_at = 0")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		in.Actions().Wake()
		waitFor(t, func() bool { return delivered.Load() == 1 })
		waitFor(t, func() bool { n, _ := in.DB.QueuedDeliveries(context.Background()); return n == 0 })
	})
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
