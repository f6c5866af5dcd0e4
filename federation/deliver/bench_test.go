package deliver

import (
	"context"
	"crypto/rsa"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"roost/federation/httpsig"
	"roost/store"
	"roost/store/storetest"
)

// fleet is one HTTP server listening on n loopback ports: n distinct hosts
// as far as the worker's per-host bookkeeping goes. Every request's
// signature is verified, as a real inbox would.
type fleet struct {
	inboxes   []string
	delivered atomic.Int64
	rejected  atomic.Int64
}

func newFleet(t testing.TB, n int, s sender) *fleet {
	f := &fleet{}
	v := &httpsig.Verifier{PublicScheme: "http"}
	lookup := func(context.Context, string) (*rsa.PublicKey, string, error) {
		return &s.key.PublicKey, "https://roost.example/users/alice", nil
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if _, err := v.VerifyRequest(r, body, lookup); err != nil {
			f.rejected.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		f.delivered.Add(1)
		w.WriteHeader(http.StatusAccepted)
	})}
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go srv.Serve(l)
		f.inboxes = append(f.inboxes, "http://"+l.Addr().String()+"/inbox")
	}
	t.Cleanup(func() { srv.Close() })
	return f
}

// peakHeap samples the live heap until stop is closed.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		var peak uint64
		var m runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-stop:
				out <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return out
}

// TestDeliverThousandInboxes is the fan-out budget: one post to 1,000
// inboxes on 1,000 hosts within 10 s, with the heap reported.
func TestDeliverThousandInboxes(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement; skipped with -short")
	}
	const n = 1000
	db := storetest.Open(t)
	s := newSender(t, db)
	f := newFleet(t, n, s)
	payload := []byte(fmt.Sprintf(`{"@context":"https://www.w3.org/ns/activitystreams","type":"Create","actor":"https://roost.example/users/alice","object":{"type":"Note","content":"%0500d"}}`, 0))
	cfg := testConfig()
	cfg.Workers = 4
	w := New(db, cfg)

	runtime.GC()
	stop := make(chan struct{})
	peak := peakHeap(stop)
	start := time.Now()
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		tx.AfterCommit(w.Wake)
		return tx.EnqueueDeliveries(s.id, f.inboxes, payload)
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Start(context.Background())
	defer w.Stop()
	// A generous limit: this is a measurement, and a loaded CI machine
	// running other packages' tests beside it is not a verdict on Roost.
	waitUpTo(t, 2*time.Minute, "1,000 deliveries", func() bool { return queued(t, db) == 0 })
	elapsed := time.Since(start)
	close(stop)
	heap := <-peak
	if got := f.delivered.Load(); got != n || f.rejected.Load() != 0 {
		t.Fatalf("delivered %d, rejected %d, want %d delivered", got, f.rejected.Load(), n)
	}
	t.Logf("1,000 inboxes on 1,000 hosts: %s (%d workers, %d CPUs), peak heap %.1f MiB (sinks included)",
		elapsed.Round(time.Millisecond), cfg.Workers, runtime.NumCPU(), float64(heap)/(1<<20))
	if elapsed > 10*time.Second && !raceEnabled {
		t.Logf("OVER BUDGET: took %s, budget 10 s", elapsed)
	}
}
