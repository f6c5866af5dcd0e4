// Package webpush drains the Web Push rows of the delivery queue: each is a
// notification for one push subscription, encrypted for it (RFC 8291,
// aes128gcm) and signed with the instance's VAPID key (RFC 8292). It keeps
// the queue's semantics: rows are written in the notification's
// transaction, leased while sent, retried on store's backoff schedule, and
// a push service that says the subscription is gone (404, 410) deletes it.
package webpush

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"roost/federation/loop"
	"sync"
	"time"

	"github.com/SherClockHolmes/webpush-go"

	"roost/federation/fetch"
	"roost/store"
)

// Config tunes the worker.
type Config struct {
	// AllowPrivate lets pushes reach loopback and private addresses (tests only):
	// an endpoint is a URL an app chose, so it gets federation's SSRF rules.
	AllowPrivate bool
	// Subscriber is the VAPID contact: the instance's URL or a mailto: address.
	Subscriber string
	// Workers is how many messages are sent at once.
	Workers int
	// Timeout bounds one POST.
	Timeout time.Duration
	// Poll is the longest the worker sleeps without being woken.
	Poll time.Duration
	// Lease hides a claimed row from other claims; a row left by a crash is retried when it ends.
	Lease time.Duration
	// Batch is how many rows are claimed at once.
	Batch int
	// Logger receives one line per message given up; nil means slog.Default().
	Logger *slog.Logger
}

func (c *Config) fill() {
	if c.Workers <= 0 {
		c.Workers = 2
	}
	if c.Timeout <= 0 {
		c.Timeout = 15 * time.Second
	}
	if c.Poll <= 0 {
		c.Poll = 30 * time.Second
	}
	if c.Lease <= 0 {
		c.Lease = 5 * time.Minute
	}
	if c.Batch <= 0 {
		c.Batch = 32
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// ttl is how long a push service keeps a message for an offline device:
// two days, as Mastodon asks.
const ttl = 48 * 60 * 60

// Worker sends queued push messages. The server owns it: Start once, Stop
// on shutdown, Wake after a transaction that queued messages commits.
type Worker struct {
	db     *store.DB
	cfg    Config
	client *http.Client
	loop   *loop.Loop
}

// New returns a worker that is not running yet.
func New(db *store.DB, cfg Config) *Worker {
	cfg.fill()
	return &Worker{db: db, cfg: cfg, loop: loop.New(), client: &http.Client{
		Transport:     fetch.NewTransport(cfg.AllowPrivate),
		Timeout:       cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Wake tells the worker new rows are due; it never blocks.
func (w *Worker) Wake() { w.loop.Wake() }

// Start runs the worker until ctx ends or Stop is called.
func (w *Worker) Start(ctx context.Context) { w.loop.Start(ctx, w.run) }

// Stop stops the worker and waits for it; rows it held are due again at once.
func (w *Worker) Stop() {
	if !w.loop.Stop() {
		return
	}
	w.client.CloseIdleConnections()
}

// run claims due rows, sends a batch (at most Workers at once) and waits
// for it, then sleeps until the next row is due or it is woken.
func (w *Worker) run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.loop.Woken():
		case <-timer.C:
		}
		full := w.sendBatch(ctx)
		wait := w.cfg.Poll
		if full {
			wait = 0
		} else if next, ok, err := w.db.NextPushAt(ctx); err == nil && ok {
			wait = min(max(time.Until(next), 0), w.cfg.Poll)
		}
		timer.Stop()
		select {
		case <-timer.C:
		default:
		}
		timer.Reset(wait)
	}
}

// sendBatch sends one claim's worth of rows; it reports whether the claim was full.
func (w *Worker) sendBatch(ctx context.Context) bool {
	rows, err := w.db.ClaimPushDeliveries(context.WithoutCancel(ctx), time.Now(), w.cfg.Lease, w.cfg.Batch)
	if err != nil {
		w.cfg.Logger.Error("webpush: claim", "err", err)
		return false
	}
	if len(rows) == 0 {
		return false
	}
	keys, err := w.vapidKeys(ctx)
	if err != nil {
		w.cfg.Logger.Error("webpush: VAPID keys", "err", err)
		return false
	}
	slots := make(chan struct{}, w.cfg.Workers)
	var wg sync.WaitGroup
	for _, row := range rows {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			w.deliver(ctx, row, keys)
		}()
	}
	wg.Wait()
	return len(rows) == w.cfg.Batch
}

type vapidKeys struct{ public, private string }

func (w *Worker) vapidKeys(ctx context.Context) (vapidKeys, error) {
	public, err := w.db.Setting(ctx, store.SettingVAPIDPublicKey)
	if err != nil {
		return vapidKeys{}, err
	}
	private, err := w.db.Setting(ctx, store.SettingVAPIDPrivateKey)
	return vapidKeys{public: public, private: private}, err
}

// deliver sends one message and records what its answer means.
func (w *Worker) deliver(ctx context.Context, row store.PushDelivery, keys vapidKeys) {
	sub := row.Subscription
	resp, err := webpush.SendNotificationWithContext(ctx, row.Payload, &webpush.Subscription{
		Endpoint: sub.Endpoint, Keys: webpush.Keys{P256dh: sub.P256DH, Auth: sub.Auth},
	}, &webpush.Options{HTTPClient: w.client, Subscriber: w.cfg.Subscriber, TTL: ttl, Urgency: webpush.UrgencyNormal,
		VAPIDPublicKey: keys.public, VAPIDPrivateKey: keys.private})
	status := 0
	if resp != nil {
		status = resp.StatusCode
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
	}
	write := func(f func(tx *store.Tx) error) {
		if err := w.db.Write(context.WithoutCancel(ctx), f); err != nil {
			w.cfg.Logger.Error("webpush: record outcome", "err", err)
		}
	}
	switch {
	case errors.Is(err, context.Canceled):
		write(func(tx *store.Tx) error { return tx.ReleaseDeliveries([]store.ID{row.ID}) })
	case errors.Is(err, fetch.ErrPrivateAddress):
		w.cfg.Logger.Warn("webpush: endpoint refused", "endpoint_host", row.Host, "err", err)
		write(func(tx *store.Tx) error { return tx.DeleteDelivery(row.ID) })
	case err == nil && status >= 200 && status <= 299:
		write(func(tx *store.Tx) error { return tx.DeleteDelivery(row.ID) })
	case status == http.StatusNotFound || status == http.StatusGone:
		// The push service forgot the subscription (the app was removed).
		write(func(tx *store.Tx) error { return tx.DeletePushSubscription(sub.ID) })
	case err != nil || status >= 500 || status == http.StatusTooManyRequests || status == http.StatusRequestTimeout:
		message := fmt.Sprintf("HTTP %d", status)
		if err != nil {
			message = err.Error()
		}
		write(func(tx *store.Tx) error {
			gaveUp, err := tx.RetryDelivery(&row.Delivery, message, time.Now())
			if gaveUp {
				w.cfg.Logger.Warn("webpush: given up", "endpoint_host", row.Host, "err", message)
			}
			return err
		})
	default:
		w.cfg.Logger.Warn("webpush: refused", "endpoint_host", row.Host, "status", status)
		write(func(tx *store.Tx) error { return tx.DeleteDelivery(row.ID) })
	}
}
