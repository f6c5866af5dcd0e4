package actions

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/url"
	"sync"
	"time"

	"roost/federation/ap"
	"roost/store"
)

// Backfill politeness: an outbox is read at most once per
// backfillRefresh, a thread's replies at most once per backfillRefresh,
// at most backfillPerDomain documents are fetched from one domain a
// minute, at most backfillPages pages of an outbox are read, and each job
// waits a random moment first so that many servers meeting the same
// account do not all knock at once.
const (
	backfillRefresh   = 24 * time.Hour
	backfillPerDomain = 30
	backfillPages     = 3
	backfillJitter    = 300 * time.Millisecond
	maxBackfillPosts  = 100
)

// domainBudget counts fetches per domain over a sliding window.
type domainBudget struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	seen   map[string][]time.Time
}

func newDomainBudget(limit int, window time.Duration) *domainBudget {
	return &domainBudget{limit: limit, window: window, seen: map[string][]time.Time{}}
}

// take spends one fetch from uri's domain, false when its budget is spent.
func (d *domainBudget) take(uri string) bool {
	u, err := url.Parse(uri)
	if err != nil {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	recent := d.seen[u.Host][:0]
	for _, t := range d.seen[u.Host] {
		if now.Sub(t) < d.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= d.limit {
		d.seen[u.Host] = recent
		return false
	}
	d.seen[u.Host] = append(recent, now)
	return true
}

// QueueBackfill asks the background worker to fetch a remote account's
// newest public posts, unless it did so within the refresh period. It
// never waits: the posts show on the next load of the profile.
func (a *Actions) QueueBackfill(acct *store.Account) {
	if a.BackfillWorker == nil || a.Config.BackfillPosts <= 0 || acct == nil || acct.Local() || acct.OutboxURL == "" ||
		acct.BackfilledAt != nil && time.Since(*acct.BackfilledAt) < backfillRefresh {
		return
	}
	id := acct.ID
	if err := a.BackfillWorker.Submit(func(ctx context.Context) { a.backfillAccount(ctx, id) }); err != nil && a.Log != nil {
		a.Log.Debug("backfill queue full", "account", acct.URI)
	}
}

// pause waits a random moment up to backfillJitter, or until ctx ends.
func pause(ctx context.Context) bool {
	t := time.NewTimer(rand.N(backfillJitter))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// backfillAccount reads an account's outbox, newest first, and stores up
// to BackfillPosts of its posts the way a received Create is stored.
func (a *Actions) backfillAccount(ctx context.Context, id store.ID) {
	acct, err := a.DB.Account(ctx, id)
	if err != nil || acct.Local() || !ap.SameOrigin(acct.OutboxURL, acct.URI) {
		return
	}
	var fresh bool
	now := time.Now()
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		var err error
		fresh, err = tx.MarkBackfilled(id, now, now.Add(-backfillRefresh))
		return err
	})
	if err != nil || !fresh || !pause(ctx) {
		return
	}
	want := min(a.Config.BackfillPosts, maxBackfillPosts)
	b := &budget{fetches: want + backfillPages + 1, depth: 0}
	stored, next := 0, acct.OutboxURL
	for page := 0; page <= backfillPages && next != "" && stored < want; page++ {
		c, err := a.fetchCollection(ctx, next, acct.URI)
		if err != nil {
			a.logBackfill("outbox not read", next, err)
			return
		}
		if c.First != "" && len(c.Items) == 0 {
			next = c.First
			continue
		}
		for _, item := range c.Items {
			if stored == want {
				break
			}
			if item.Announce || ctx.Err() != nil {
				continue
			}
			if err := a.backfillItem(ctx, acct, item, b); err != nil {
				a.logBackfill("post not stored", item.IRI, err)
				continue
			}
			stored++
		}
		next = c.Next
	}
}

// fetchCollection fetches one collection page served by origin's server.
func (a *Actions) fetchCollection(ctx context.Context, uri, origin string) (*ap.Collection, error) {
	if !ap.SameOrigin(uri, origin) || !a.backfill.take(uri) {
		return nil, ErrRateLimited
	}
	resp, err := a.fetchObject(ctx, uri)
	if err != nil {
		return nil, err
	}
	if !ap.SameOrigin(resp.FinalURL, origin) {
		return nil, ErrRemote
	}
	return ap.ParseCollection(resp.Body)
}

// backfillItem stores one post of acct's outbox. A post embedded in the
// outbox is trusted as its author's, for the outbox came from the
// author's own server; a post named only by id is fetched from its origin.
func (a *Actions) backfillItem(ctx context.Context, acct *store.Account, item ap.CollectionItem, b *budget) error {
	if _, err := a.DB.StatusByURI(ctx, item.IRI); err == nil {
		return nil
	}
	if n := item.Note; n != nil {
		if n.AttributedTo != acct.URI || !ap.SameOrigin(n.ID, acct.URI) || n.IsPollVote() {
			return ErrRemote
		}
		_, err := a.storeRemoteStatus(ctx, acct, n)
		return err
	}
	if !ap.SameOrigin(item.IRI, acct.URI) || !a.backfill.take(item.IRI) {
		return ErrRemote
	}
	_, err := a.resolveStatus(ctx, item.IRI, b)
	return err
}

func (a *Actions) logBackfill(msg, uri string, err error) {
	if a.Log != nil && !errors.Is(err, context.Canceled) {
		a.Log.Debug("backfill: "+msg, "uri", uri, "err", err)
	}
}
