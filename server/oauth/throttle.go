package oauth

import (
	"sync"
	"time"
)

// failedSignIns counts wrong passwords per client address, so the
// authorization form cannot be used to guess passwords at speed. It is
// in memory: a restart forgives, which is fine for a small server.
type failedSignIns struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	byKey  map[string]*failures
}

type failures struct {
	count int
	since time.Time
}

func newFailedSignIns(limit int, window time.Duration) *failedSignIns {
	return &failedSignIns{limit: limit, window: window, byKey: map[string]*failures{}}
}

// blocked reports whether key has failed too often within the window.
func (f *failedSignIns) blocked(key string, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.byKey[key]
	if !ok {
		return false
	}
	if now.Sub(e.since) > f.window {
		delete(f.byKey, key)
		return false
	}
	return e.count >= f.limit
}

// fail records one failure for key.
func (f *failedSignIns) fail(key string, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.byKey) > 10000 {
		f.prune(now)
	}
	e, ok := f.byKey[key]
	if !ok || now.Sub(e.since) > f.window {
		e = &failures{since: now}
		f.byKey[key] = e
	}
	e.count++
}

func (f *failedSignIns) prune(now time.Time) {
	for k, e := range f.byKey {
		if now.Sub(e.since) > f.window {
			delete(f.byKey, k)
		}
	}
}
