package loop

import (
	"context"
	"testing"
	"time"
)

func TestLoopWakesAndStops(t *testing.T) {
	l := New()
	if l.Stop() {
		t.Fatal("Stop of a loop never started reported true")
	}
	woken := make(chan struct{}, 4)
	l.Start(context.Background(), func(ctx context.Context) {
		for {
			select {
			case <-ctx.Done():
				return
			case <-l.Woken():
				woken <- struct{}{}
			}
		}
	})
	l.Start(context.Background(), func(context.Context) { t.Error("second Start ran") })
	l.Wake()
	l.Wake() // never blocks, even when a wake-up is pending
	select {
	case <-woken:
	case <-time.After(5 * time.Second):
		t.Fatal("Wake did not reach the loop")
	}
	if !l.Stop() {
		t.Fatal("Stop reported the loop as never started")
	}
}
