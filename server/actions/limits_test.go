package actions

import (
	"context"
	"errors"
	"testing"
	"time"

	"roost/store"
)

func TestAttempts(t *testing.T) {
	start := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		failures int
		after    time.Duration
		blocked  bool
	}{
		{"under the limit", 2, 0, false},
		{"at the limit", 3, 0, true},
		{"at the limit, window not over", 3, failureWindow - time.Second, true},
		{"window over", 3, failureWindow + time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAttempts()
			for range tt.failures {
				f.fail(start, "k")
			}
			err := f.check("k", 3, start.Add(tt.after))
			var limited *ErrTooManyAttempts
			if got := errors.As(err, &limited); got != tt.blocked {
				t.Fatalf("blocked = %v, want %v", got, tt.blocked)
			}
			if tt.blocked && (!errors.Is(err, ErrRateLimited) || limited.RetryAfter <= 0 || limited.RetryAfter > failureWindow) {
				t.Errorf("error %v, retry after %v", err, limited.RetryAfter)
			}
			if f.check("other", 3, start) != nil {
				t.Error("another key is blocked")
			}
		})
	}
}

// TestSessionTouch: a session's last use is written when older than the
// interval, and not on every request.
func TestSessionTouch(t *testing.T) {
	a, _, user := newTestActions(t)
	ctx := context.Background()
	secret, s, err := a.StartSession(ctx, user, "test", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * touchInterval)
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.TouchToken(s.Token.ID, old) }); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SessionBySecret(ctx, secret); err != nil {
		t.Fatal(err)
	}
	tok, err := a.DB.SessionBySecret(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if tok.LastUsedAt == nil || time.Since(*tok.LastUsedAt) > time.Minute {
		t.Fatalf("stale last use not refreshed: %v", tok.LastUsedAt)
	}
	recent := time.Now().Add(-touchInterval / 2).Truncate(time.Millisecond)
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.TouchToken(s.Token.ID, recent) }); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SessionBySecret(ctx, secret); err != nil {
		t.Fatal(err)
	}
	tok, _ = a.DB.SessionBySecret(ctx, secret)
	if !tok.LastUsedAt.Equal(recent) {
		t.Fatalf("recent last use rewritten: %v, want %v", tok.LastUsedAt, recent)
	}
}
