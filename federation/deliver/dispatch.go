package deliver

import (
	"context"
	"time"

	"roost/store"
)

// result is what a delivery goroutine tells the dispatcher when it ends.
type result struct {
	id      store.ID
	host    string
	aborted bool // the worker is stopping; the row was left as it was
}

// queueDepth is how many rows of one host the dispatcher holds per PerHost
// slot; past that the host is left out of claims so others are not starved.
const queueDepth = 4

// minSleep keeps a due row the dispatcher cannot take yet (its host's queue
// is full) from turning the loop into a busy wait.
const minSleep = 250 * time.Millisecond

// dispatcher is the state of run: the rows claimed from the store and held
// in memory, per host, and what is running.
type dispatcher struct {
	w        *Worker
	pending  map[string][]store.Delivery
	held     map[store.ID]bool
	inflight map[string]int
	running  int
	moreDue  bool
}

// run owns every goroutine of the worker: it claims rows, starts at most
// Workers deliveries (at most PerHost per host), and waits for them all
// before returning.
func (w *Worker) run(ctx context.Context) {
	d := &dispatcher{w: w, pending: map[string][]store.Delivery{}, held: map[store.ID]bool{}, inflight: map[string]int{}}
	timer := time.NewTimer(0)
	defer timer.Stop()
	claim := true
	for {
		switch {
		case claim && len(d.held) <= w.cfg.Batch/2:
			d.claim(ctx)
			if !d.moreDue {
				resetTimer(timer, d.sleep(ctx))
			}
		case claim:
			d.moreDue = true // claim again once enough held rows are done
		}
		d.dispatch(ctx)
		claim = false
		select {
		case <-ctx.Done():
			d.shutdown()
			return
		case <-w.loop.Woken():
			claim = true
		case <-timer.C:
			claim = true
		case r := <-w.done:
			d.finish(r)
			claim = d.moreDue
		}
	}
}

func resetTimer(t *time.Timer, d time.Duration) {
	t.Stop()
	select {
	case <-t.C:
	default:
	}
	t.Reset(d)
}

func (d *dispatcher) claim(ctx context.Context) {
	cfg := d.w.cfg
	var full []string
	for host, q := range d.pending {
		if len(q) >= cfg.PerHost*queueDepth {
			full = append(full, host)
		}
	}
	limit := cfg.Batch - len(d.held)
	rows, err := d.w.db.ClaimDeliveries(context.WithoutCancel(ctx), time.Now(), cfg.Lease, limit, cfg.PerHost*queueDepth, full)
	if err != nil {
		cfg.Logger.Error("deliver: claim", "err", err)
		d.moreDue = false
		return
	}
	d.moreDue = len(rows) == limit
	for _, row := range rows {
		if d.held[row.ID] {
			continue // our own lease ran out while the row waited; it is still ours
		}
		d.held[row.ID] = true
		d.pending[row.Host] = append(d.pending[row.Host], row)
	}
}

// sleep is how long to wait for the next due row, at most Poll.
func (d *dispatcher) sleep(ctx context.Context) time.Duration {
	next, ok, err := d.w.db.NextDeliveryAt(ctx)
	if err != nil || !ok {
		return d.w.cfg.Poll
	}
	wait := time.Until(next)
	return min(max(wait, minSleep), d.w.cfg.Poll)
}

func (d *dispatcher) dispatch(ctx context.Context) {
	cfg := d.w.cfg
	for host, q := range d.pending {
		for len(q) > 0 && d.inflight[host] < cfg.PerHost && d.running < cfg.Workers {
			row := q[0]
			q = q[1:]
			d.inflight[host]++
			d.running++
			go func() { d.w.done <- d.w.attempt(ctx, row) }()
		}
		if len(q) == 0 {
			delete(d.pending, host)
		} else {
			d.pending[host] = q
		}
		if d.running == cfg.Workers {
			return
		}
	}
}

func (d *dispatcher) finish(r result) {
	d.running--
	if d.inflight[r.host]--; d.inflight[r.host] <= 0 {
		delete(d.inflight, r.host)
	}
	if !r.aborted {
		delete(d.held, r.id)
	}
}

// shutdown waits for running deliveries, then makes every row still held
// due at once, so a restarted worker does not wait for the lease to end.
func (d *dispatcher) shutdown() {
	for d.running > 0 {
		d.finish(<-d.w.done)
	}
	ids := make([]store.ID, 0, len(d.held))
	for id := range d.held {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return
	}
	err := d.w.db.Write(context.Background(), func(tx *store.Tx) error { return tx.ReleaseDeliveries(ids) })
	if err != nil {
		d.w.cfg.Logger.Error("deliver: release on shutdown", "err", err)
	}
}
