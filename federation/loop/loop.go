// Package loop is the lifecycle shared by Roost's queue workers (ActivityPub
// delivery, Web Push): one owned goroutine, a non-blocking wake-up, and a
// Stop that waits for the goroutine to end.
package loop

import (
	"context"
	"sync"
)

// Loop runs one function in its own goroutine between Start and Stop.
type Loop struct {
	wake    chan struct{}
	mu      sync.Mutex // guards cancel and stopped
	cancel  context.CancelFunc
	stopped chan struct{}
}

// New returns a loop that is not running yet.
func New() *Loop { return &Loop{wake: make(chan struct{}, 1)} }

// Wake tells the running function new work is due. It never blocks; call
// it from tx.AfterCommit.
func (l *Loop) Wake() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Woken is what the running function selects on to hear Wake.
func (l *Loop) Woken() <-chan struct{} { return l.wake }

// Start runs run(ctx) in a goroutine until ctx ends or Stop is called; a
// second Start does nothing.
func (l *Loop) Start(ctx context.Context, run func(context.Context)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cancel != nil {
		return
	}
	ctx, l.cancel = context.WithCancel(ctx)
	l.stopped = make(chan struct{})
	go func() {
		defer close(l.stopped)
		run(ctx)
	}()
}

// Stop cancels the running function and waits for it to return. It reports
// false when the loop was never started.
func (l *Loop) Stop() bool {
	l.mu.Lock()
	cancel, stopped := l.cancel, l.stopped
	l.mu.Unlock()
	if cancel == nil {
		return false
	}
	cancel()
	<-stopped
	return true
}
