package deliver

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"roost/federation/fetch"
	"roost/federation/httpsig"
	"roost/store"
	"roost/store/storetest"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name   string
		status int
		err    error
		want   outcome
	}{
		{"accepted", 202, nil, done},
		{"ok", 200, nil, done},
		{"gone", 410, nil, drop},
		{"not found", 404, nil, drop},
		{"unprocessable", 422, nil, drop},
		{"redirect", 302, nil, drop},
		{"unauthorized", 401, nil, retry},
		{"forbidden", 403, nil, retry},
		{"request timeout", 408, nil, retry},
		{"too many requests", 429, nil, retry},
		{"server error", 500, nil, retryHost},
		{"bad gateway", 502, nil, retryHost},
		{"connection refused", 0, errors.New("dial tcp: connection refused"), retryHost},
		{"timeout", 0, context.DeadlineExceeded, retryHost},
		{"private address", 0, fmt.Errorf("x: %w", fetch.ErrPrivateAddress), drop},
		{"stopping", 0, fmt.Errorf("x: %w", context.Canceled), abort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classify(tt.status, tt.err); got != tt.want {
				t.Errorf("classify(%d, %v) = %v, want %v", tt.status, tt.err, got, tt.want)
			}
		})
	}
}

func TestDeliverSigned(t *testing.T) {
	db := storetest.Open(t)
	s := newSender(t, db)
	k := newSink(t, s, nil)
	w := startWorker(t, db, testConfig())
	enqueue(t, db, w, s, `{"type":"Create"}`, k.srv.URL+"/inbox")
	waitFor(t, "delivery", func() bool { return queued(t, db) == 0 })
	got := k.requests()
	if len(got) != 1 || got[0].err != nil || got[0].scheme != httpsig.RFC9421 || got[0].body != `{"type":"Create"}` {
		t.Fatalf("sink saw %+v", got)
	}
	h, _ := db.HostByName(context.Background(), k.host())
	if h.SignatureScheme != string(httpsig.RFC9421) {
		t.Errorf("scheme remembered = %q", h.SignatureScheme)
	}
}

func TestRetryThenSuccess(t *testing.T) {
	db := storetest.Open(t)
	s := newSender(t, db)
	k := newSink(t, s, func(r *http.Request, n int) int {
		if n == 1 {
			return http.StatusInternalServerError
		}
		return http.StatusOK
	})
	w := startWorker(t, db, testConfig())
	before := time.Now()
	enqueue(t, db, w, s, `{}`, k.srv.URL+"/inbox")
	waitFor(t, "first attempt", func() bool { return onlyRow(t, db).Attempts == 1 })
	d := onlyRow(t, db)
	if d.LastError != "HTTP 500" || d.NextAt.Before(before.Add(time.Minute)) || d.NextAt.After(time.Now().Add(time.Minute)) {
		t.Errorf("after a 500: %+v", d)
	}
	if h, _ := db.HostByName(context.Background(), k.host()); h.Failures != 1 {
		t.Errorf("host failures = %d, want 1", h.Failures)
	}
	makeDue(t, db, w)
	waitFor(t, "retry", func() bool { return queued(t, db) == 0 })
	if n := len(k.requests()); n != 2 {
		t.Errorf("sink saw %d requests, want 2", n)
	}
	if h, _ := db.HostByName(context.Background(), k.host()); h.Failures != 0 {
		t.Errorf("host failures after success = %d, want 0", h.Failures)
	}
}

func TestPermanentFailureDropped(t *testing.T) {
	db := storetest.Open(t)
	s := newSender(t, db)
	k := newSink(t, s, func(*http.Request, int) int { return http.StatusGone })
	w := startWorker(t, db, testConfig())
	enqueue(t, db, w, s, `{}`, k.srv.URL+"/inbox")
	waitFor(t, "drop", func() bool { return queued(t, db) == 0 })
	if n := len(k.requests()); n != 1 {
		t.Errorf("sink saw %d requests, want 1", n)
	}
}

func TestHostMarkedUnavailable(t *testing.T) {
	db := storetest.Open(t)
	s := newSender(t, db)
	k := newSink(t, s, func(*http.Request, int) int { return http.StatusServiceUnavailable })
	cfg := testConfig()
	cfg.HostFailure = store.HostFailurePolicy{Failures: 3}
	w := startWorker(t, db, cfg)
	for i := range 3 {
		enqueue(t, db, w, s, fmt.Sprintf(`{"n":%d}`, i), k.srv.URL+"/inbox")
	}
	ctx := context.Background()
	waitFor(t, "host unavailable", func() bool {
		h, _ := db.HostByName(ctx, k.host())
		return !h.Available()
	})
	waitFor(t, "three attempts recorded", func() bool {
		var n int
		db.R().QueryRowContext(ctx, "SELECT COUNT(*) FROM deliveries WHERE attempts = 1").Scan(&n)
		return n == 3
	})
	enqueue(t, db, w, s, `{"n":3}`, k.srv.URL+"/inbox")
	makeDue(t, db, w)
	waitFor(t, "cheap deferral", func() bool {
		var n int
		db.R().QueryRowContext(ctx, "SELECT COUNT(*) FROM deliveries WHERE last_error = 'host marked unavailable'").Scan(&n)
		return n == 4
	})
	if n := len(k.requests()); n != 3 {
		t.Errorf("sink saw %d requests, want 3: an unavailable host is not contacted", n)
	}
	// An activity from the host makes it reachable again.
	if err := db.Write(ctx, func(tx *store.Tx) error { return tx.MarkHostReachable(k.host()) }); err != nil {
		t.Fatal(err)
	}
	k.setRespond(nil)
	makeDue(t, db, w)
	waitFor(t, "delivery after recovery", func() bool { return queued(t, db) == 0 })
}

func TestDoubleKnock(t *testing.T) {
	db := storetest.Open(t)
	s := newSender(t, db)
	// An older server: it answers 401 to an RFC 9421 signature it cannot read.
	k := newSink(t, s, func(r *http.Request, _ int) int {
		if r.Header.Get("Signature-Input") != "" {
			return http.StatusUnauthorized
		}
		return http.StatusAccepted
	})
	w := startWorker(t, db, testConfig())
	enqueue(t, db, w, s, `{"n":1}`, k.srv.URL+"/inbox")
	waitFor(t, "first delivery", func() bool { return queued(t, db) == 0 })
	got := k.requests()
	if len(got) != 2 || got[0].scheme != httpsig.RFC9421 || got[1].scheme != httpsig.Cavage || got[1].err != nil {
		t.Fatalf("sink saw %+v, want an RFC 9421 knock then cavage", got)
	}
	h, _ := db.HostByName(context.Background(), k.host())
	if h.SignatureScheme != string(httpsig.Cavage) {
		t.Fatalf("scheme remembered = %q, want cavage", h.SignatureScheme)
	}
	enqueue(t, db, w, s, `{"n":2}`, k.srv.URL+"/inbox")
	waitFor(t, "second delivery", func() bool { return queued(t, db) == 0 })
	got = k.requests()
	if len(got) != 3 || got[2].scheme != httpsig.Cavage {
		t.Errorf("second delivery: sink saw %+v, want cavage straight away", got)
	}
}

func TestSurvivesRestart(t *testing.T) {
	db := storetest.Open(t)
	s := newSender(t, db)
	k := newSink(t, s, nil)

	first := New(db, testConfig())
	enqueue(t, db, first, s, `{"n":1}`, k.srv.URL+"/a")
	first.Stop() // never started: the process died before the worker ran

	// A worker that died while delivering: its row is claimed but unfinished.
	enqueue(t, db, nil, s, `{"n":2}`, k.srv.URL+"/b")
	claimed, err := db.ClaimDeliveries(context.Background(), time.Now(), 300*time.Millisecond, 1, 1, nil)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}

	startWorker(t, db, testConfig())
	waitFor(t, "both rows delivered by the new worker", func() bool { return queued(t, db) == 0 })
	if n := len(k.requests()); n != 2 {
		t.Errorf("sink saw %d requests, want 2", n)
	}
}

func TestStopDuringDelivery(t *testing.T) {
	db := storetest.Open(t)
	s := newSender(t, db)
	arrived := make(chan struct{}, 1)
	k := newSink(t, s, func(r *http.Request, _ int) int {
		arrived <- struct{}{}
		<-r.Context().Done() // hang until the client gives up
		return http.StatusOK
	})
	w := New(db, testConfig())
	w.Start(context.Background())
	enqueue(t, db, w, s, `{}`, k.srv.URL+"/inbox")
	<-arrived
	stopped := make(chan struct{})
	go func() { w.Stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("Stop did not return while a delivery was in flight")
	}
	d := onlyRow(t, db)
	if d.Attempts != 0 || d.NextAt.After(time.Now()) {
		t.Errorf("interrupted row %+v: want untouched and due now", d)
	}
}

func TestPerHostCap(t *testing.T) {
	db := storetest.Open(t)
	s := newSender(t, db)
	mu := make(chan struct{}, 1) // guards current and peak
	current, peak := 0, 0
	k := newSink(t, s, func(*http.Request, int) int {
		mu <- struct{}{}
		current++
		peak = max(peak, current)
		<-mu
		time.Sleep(20 * time.Millisecond)
		mu <- struct{}{}
		current--
		<-mu
		return http.StatusAccepted
	})
	cfg := testConfig()
	cfg.Workers = 8
	w := startWorker(t, db, cfg)
	for i := range 10 {
		enqueue(t, db, w, s, `{}`, fmt.Sprintf("%s/users/%d/inbox", k.srv.URL, i))
	}
	waitFor(t, "ten deliveries", func() bool { return queued(t, db) == 0 })
	if peak > cfg.PerHost {
		t.Errorf("peak concurrency to one host = %d, cap %d", peak, cfg.PerHost)
	}
}
