package deliver

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"roost/federation/fetch"
	"roost/federation/httpsig"
	"roost/store"
)

// outcome is what one attempt means for its row.
type outcome int

const (
	done      outcome = iota // delivered: delete the row
	drop                     // refused for good: delete the row and log
	retry                    // try again later; the host answered
	retryHost                // try again later; the host did not answer well (counts toward unavailable)
	abort                    // the worker is stopping: leave the row
)

// classify maps an HTTP status (or transport error) to an outcome.
func classify(status int, err error) outcome {
	switch {
	case errors.Is(err, context.Canceled):
		return abort
	case errors.Is(err, fetch.ErrPrivateAddress):
		return drop
	case err != nil:
		return retryHost // refused connection, DNS, TLS, timeout
	case status >= 200 && status <= 299:
		return done
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return retry // often a key fetch that failed on their side; worth another try
	case status == http.StatusRequestTimeout || status == http.StatusTooManyRequests:
		return retry
	case status >= 500:
		return retryHost
	}
	return drop // other 4xx (and 3xx: an inbox does not move)
}

// rejectsScheme reports a status that may mean "I do not understand this
// signature": the cue to knock again with the other scheme.
func rejectsScheme(status int) bool {
	return status == http.StatusBadRequest || status == http.StatusUnauthorized || status == http.StatusForbidden
}

// attempt delivers one row and records the outcome in the store.
func (w *Worker) attempt(ctx context.Context, d store.Delivery) result {
	res := result{id: d.ID, host: d.Host}
	// Checked here, the one door every activity leaves by, rather than
	// when queued: rows queued before a domain was suspended are dropped too.
	switch refused, err := w.db.DomainRefused(ctx, d.Host, w.cfg.AllowlistOnly); {
	case err != nil:
		w.record(&d, retry, "", "domain policy: "+err.Error())
		return res
	case refused:
		w.record(&d, drop, "", "domain suspended or not allowed")
		return res
	}
	if d.HostUnavailable {
		w.record(&d, retry, "", "host marked unavailable")
		return res
	}
	key, err := w.keys.get(ctx, d.SenderID)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, errBadKey) {
		w.record(&d, drop, "", "sender key: "+err.Error())
		return res
	}
	if err != nil {
		w.record(&d, retry, "", "sender key: "+err.Error())
		return res
	}
	schemes := []httpsig.Scheme{httpsig.RFC9421, httpsig.Cavage}
	if d.HostScheme == string(httpsig.Cavage) {
		schemes = schemes[1:]
	}
	var status int
	var used httpsig.Scheme
	for _, scheme := range schemes {
		used = scheme
		status, err = w.post(ctx, &d, key, scheme)
		if err != nil || !rejectsScheme(status) {
			break
		}
	}
	out := classify(status, err)
	if out == abort {
		res.aborted = true
		return res
	}
	message := fmt.Sprintf("HTTP %d", status)
	if err != nil {
		message = err.Error()
	}
	learned := ""
	if out == done && string(used) != d.HostScheme {
		learned = string(used)
	}
	w.record(&d, out, learned, message)
	return res
}

func (w *Worker) post(ctx context.Context, d *store.Delivery, key signingKey, scheme httpsig.Scheme) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.TargetURL, bytes.NewReader(d.Payload))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/activity+json")
	req.Header.Set("User-Agent", w.cfg.UserAgent)
	if err := httpsig.Sign(scheme, req, key.id, key.key, d.Payload); err != nil {
		return 0, err
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	resp.Body.Close()
	return resp.StatusCode, nil
}

// record writes an attempt's outcome in one transaction.
func (w *Worker) record(d *store.Delivery, out outcome, learnedScheme, message string) {
	now := time.Now()
	var gaveUp, unavailable bool
	err := w.db.Write(context.Background(), func(tx *store.Tx) (err error) {
		switch out {
		case done, drop:
			if err := tx.DeleteDelivery(d.ID); err != nil {
				return err
			}
			if learnedScheme != "" {
				if err := tx.SetHostSignatureScheme(d.Host, learnedScheme); err != nil {
					return err
				}
			}
			if out == done {
				return tx.MarkHostReachable(d.Host)
			}
			return nil
		case retryHost:
			if unavailable, err = tx.RecordHostFailure(d.Host, now, w.cfg.HostFailure); err != nil {
				return err
			}
		}
		gaveUp, err = tx.RetryDelivery(d, message, now)
		return err
	})
	log := w.cfg.Logger
	switch {
	case err != nil:
		log.Error("deliver: record outcome", "id", d.ID, "err", err)
	case out == drop:
		log.Warn("deliver: dropped", "inbox", d.TargetURL, "reason", message)
	case gaveUp:
		log.Warn("deliver: gave up", "inbox", d.TargetURL, "attempts", d.Attempts+1, "reason", message)
	case unavailable:
		log.Info("deliver: host marked unavailable", "host", d.Host)
	}
}

// signingKey is a sender's parsed private key.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

// keyCache keeps parsed sender keys: parsing an RSA key costs more than
// signing with it, and one post goes to many inboxes.
type keyCache struct {
	db   *store.DB
	mu   sync.Mutex
	keys map[store.ID]signingKey
}

const keyCacheSize = 256

func newKeyCache(db *store.DB) *keyCache {
	return &keyCache{db: db, keys: map[store.ID]signingKey{}}
}

func (c *keyCache) get(ctx context.Context, senderID store.ID) (signingKey, error) {
	c.mu.Lock()
	k, ok := c.keys[senderID]
	c.mu.Unlock()
	if ok {
		return k, nil
	}
	keyID, keyPEM, err := c.db.SenderKey(ctx, senderID)
	if err != nil {
		return k, err
	}
	key, err := ParsePrivateKey(keyPEM)
	if err != nil {
		return k, err
	}
	k = signingKey{id: keyID, key: key}
	c.mu.Lock()
	if len(c.keys) >= keyCacheSize {
		clear(c.keys)
	}
	c.keys[senderID] = k
	c.mu.Unlock()
	return k, nil
}

// errBadKey means a sender's stored private key cannot be used.
var errBadKey = errors.New("unusable private key")

// ParsePrivateKey reads an RSA private key in PKCS #8 or PKCS #1 PEM.
func ParsePrivateKey(keyPEM string) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(keyPEM))
	if block == nil {
		return nil, fmt.Errorf("%w: no PEM block", errBadKey)
	}
	if key, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return key, nil
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBadKey, err)
	}
	key, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%w: %T is not RSA", errBadKey, parsed)
	}
	return key, nil
}
