// Package deliver drains the transactional outbox: it claims due rows from
// store's deliveries table, signs each POST with the sender's key, and
// retries on a schedule. Delivery is at least once: a row is deleted only
// after the receiving server answered, so a crash means a redelivery,
// which inboxes absorb by activity id.
package deliver

import (
	"context"
	"log/slog"
	"net/http"
	"roost/federation/loop"
	"time"

	"roost/federation/fetch"
	"roost/store"
)

// Config tunes the worker.
type Config struct {
	// Workers is how many deliveries run at once.
	Workers int
	// PerHost caps concurrent deliveries to one host, to be a polite peer.
	PerHost int
	// AllowPrivate lets deliveries reach loopback and private addresses (tests only).
	AllowPrivate bool
	// AllowlistOnly delivers only to the domains the admins allowed
	// (federation mode "allowlist"); suspended domains are never delivered to.
	AllowlistOnly bool
	// Timeout bounds one POST.
	Timeout time.Duration
	// Poll is the longest the worker sleeps without being woken.
	Poll time.Duration
	// Lease is how long a claimed row is hidden from other claims; a row
	// left claimed by a crash is retried when it ends.
	Lease time.Duration
	// Batch is how many rows the worker holds in memory at once.
	Batch int
	// HostFailure decides when a failing host is marked unavailable.
	HostFailure store.HostFailurePolicy
	// UserAgent is sent with every POST; see fetch.UserAgent.
	UserAgent string
	// Logger receives one line per dropped delivery; nil means slog.Default().
	Logger *slog.Logger
}

// Default returns the settings for a small board.
func Default() Config {
	return Config{
		Workers: 4, PerHost: 2, Timeout: 30 * time.Second, Poll: 30 * time.Second, Lease: 15 * time.Minute,
		Batch: 256, HostFailure: store.HostFailurePolicy{Failures: 10, Span: 24 * time.Hour}, UserAgent: "Roost",
	}
}

func (c *Config) fill() {
	d := Default()
	if c.Workers <= 0 {
		c.Workers = d.Workers
	}
	if c.PerHost <= 0 {
		c.PerHost = d.PerHost
	}
	if c.Timeout <= 0 {
		c.Timeout = d.Timeout
	}
	if c.Poll <= 0 {
		c.Poll = d.Poll
	}
	if c.Lease <= 0 {
		c.Lease = d.Lease
	}
	if c.Batch <= 0 {
		c.Batch = d.Batch
	}
	if c.HostFailure.Failures <= 0 {
		c.HostFailure = d.HostFailure
	}
	if c.UserAgent == "" {
		c.UserAgent = d.UserAgent
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Worker delivers queued activities. The server owns it: Start once, Stop
// on shutdown; Wake after a transaction that enqueued deliveries commits.
type Worker struct {
	db     *store.DB
	cfg    Config
	client *http.Client
	keys   *keyCache
	loop   *loop.Loop
	done   chan result
}

// New returns a worker that is not running yet.
func New(db *store.DB, cfg Config) *Worker {
	cfg.fill()
	return &Worker{
		db:  db,
		cfg: cfg,
		client: &http.Client{
			Transport: fetch.NewTransport(cfg.AllowPrivate),
			Timeout:   cfg.Timeout,
			// An inbox that redirects is misconfigured; a POST is not replayed elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		keys: newKeyCache(db),
		loop: loop.New(),
		done: make(chan result),
	}
}

// Wake tells the worker new rows are due. It never blocks; call it from
// tx.AfterCommit.
func (w *Worker) Wake() { w.loop.Wake() }

// Start runs the worker until ctx ends or Stop is called.
func (w *Worker) Start(ctx context.Context) { w.loop.Start(ctx, w.run) }

// Stop stops the worker and waits for every delivery goroutine to end.
// Rows it held but had not finished are made due again at once.
func (w *Worker) Stop() {
	if !w.loop.Stop() {
		return
	}
	w.client.CloseIdleConnections()
}
