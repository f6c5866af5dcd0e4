package media

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrBusy is a job refused because the queue is full.
var ErrBusy = errors.New("media processing queue is full")

// Worker runs media jobs one at a time, so a small board never decodes two
// large images at once, from a bounded queue; it also runs a periodic
// chore (pruning). Start it once; Stop waits for the job in hand.
type Worker struct {
	jobs     chan func(context.Context)
	every    time.Duration
	periodic func(context.Context)
	stop     context.CancelFunc
	wg       sync.WaitGroup
}

// NewWorker makes a worker whose queue holds up to queue jobs; periodic,
// if not nil, runs every interval.
func NewWorker(queue int, every time.Duration, periodic func(context.Context)) *Worker {
	return &Worker{jobs: make(chan func(context.Context), queue), every: every, periodic: periodic}
}

// Start runs the worker until Stop or ctx ends.
func (w *Worker) Start(ctx context.Context) {
	ctx, w.stop = context.WithCancel(ctx)
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		var tick <-chan time.Time
		if w.periodic != nil && w.every > 0 {
			t := time.NewTicker(w.every)
			defer t.Stop()
			tick = t.C
		}
		for {
			select {
			case <-ctx.Done():
				return
			case job := <-w.jobs:
				job(ctx)
			case <-tick:
				w.periodic(ctx)
			}
		}
	}()
}

// Stop ends the worker after the job in hand; queued jobs are dropped
// (their rows stay "processing" and are pruned as unattached uploads).
func (w *Worker) Stop() {
	if w.stop != nil {
		w.stop()
	}
	w.wg.Wait()
}

// Submit queues job without waiting for it, or returns ErrBusy.
func (w *Worker) Submit(job func(context.Context)) error {
	select {
	case w.jobs <- job:
		return nil
	default:
		return ErrBusy
	}
}

// Do queues job and waits until it has run, until wait passes (then the
// job still runs later and Do returns false), or until ctx ends.
func (w *Worker) Do(ctx context.Context, wait time.Duration, job func(context.Context)) (bool, error) {
	done := make(chan struct{})
	if err := w.Submit(func(ctx context.Context) { defer close(done); job(ctx) }); err != nil {
		return false, err
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-done:
		return true, nil
	case <-timer.C:
		return false, nil
	case <-ctx.Done():
		return false, nil
	}
}
