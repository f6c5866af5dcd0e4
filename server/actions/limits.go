package actions

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"roost/store"
)

// ErrTooManyAttempts refuses a sign-in step after too many failures; it is
// an ErrRateLimited, and RetryAfter is what the Retry-After header says.
type ErrTooManyAttempts struct{ RetryAfter time.Duration }

func (e *ErrTooManyAttempts) Error() string {
	return fmt.Sprintf("Too many failed attempts. Try again in %d minutes.", int(e.RetryAfter.Minutes())+1)
}

func (e *ErrTooManyAttempts) Unwrap() error { return ErrRateLimited }

// Limits on failed sign-in steps, counted in a sliding window. A person who
// mistypes stays well under them; a guesser gets a handful of tries per
// quarter hour. Per IP is looser since many people can share one address.
const (
	failureWindow       = 15 * time.Minute
	maxPasswordFailures = 10 // per account
	maxAddressFailures  = 30 // per client IP
	maxCodeFailures     = 5  // wrong second-factor codes, per account
)

// attempts counts failures by key (an account, an IP, a code prompt), in
// memory: a restart forgives, which is fine for a small server. One set of
// counters serves the web sign-in and the OAuth form alike, so switching
// forms does not buy an attacker more guesses.
type attempts struct {
	mu    sync.Mutex
	byKey map[string]*failures
}

type failures struct {
	count int
	since time.Time
}

func newAttempts() *attempts { return &attempts{byKey: map[string]*failures{}} }

// check returns ErrTooManyAttempts when key has reached limit failures.
func (f *attempts) check(key string, limit int, now time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.byKey[key]
	if !ok {
		return nil
	}
	if now.Sub(e.since) > failureWindow {
		delete(f.byKey, key)
		return nil
	}
	if e.count >= limit {
		return &ErrTooManyAttempts{RetryAfter: e.since.Add(failureWindow).Sub(now)}
	}
	return nil
}

// fail records one failure for each key.
func (f *attempts) fail(now time.Time, keys ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.byKey) > 10000 {
		for k, e := range f.byKey {
			if now.Sub(e.since) > failureWindow {
				delete(f.byKey, k)
			}
		}
	}
	for _, key := range keys {
		e, ok := f.byKey[key]
		if !ok || now.Sub(e.since) > failureWindow {
			e = &failures{since: now}
			f.byKey[key] = e
		}
		e.count++
	}
}

// forgive clears a key after a success.
func (f *attempts) forgive(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.byKey, key)
}

func addressKey(ip string) string { return "ip:" + ip }

// accountKey counts against the account when the login names one, so that
// alternating between username and email gains nothing.
func accountKey(u *store.User, login string) string {
	if u != nil {
		return "account:" + strconv.FormatInt(u.ID, 10)
	}
	return "login:" + strings.ToLower(strings.TrimSpace(login))
}

func codeKey(userID store.ID) string { return "code:" + strconv.FormatInt(userID, 10) }
