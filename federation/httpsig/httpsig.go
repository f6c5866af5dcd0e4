// Package httpsig signs and verifies ActivityPub HTTP requests with both
// schemes in use on the fediverse: draft-cavage-http-signatures-12 (what
// every server sends today) and RFC 9421 HTTP Message Signatures (what
// Mastodon 4.5 accepts and prefers).
//
// Key rotation is the caller's policy: when a signature does not verify with
// the key the lookup returned, the error satisfies KeyMayBeStale, and the
// caller may refetch the key once and verify again.
package httpsig

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Scheme names a signature scheme; the values are stored in hosts.signature_scheme.
type Scheme string

const (
	RFC9421 Scheme = "rfc9421"
	Cavage  Scheme = "cavage"
)

// KeyLookup returns the RSA public key for keyID and the URI of the actor
// that owns it. A lookup may serve a cached key; see KeyMayBeStale.
type KeyLookup func(ctx context.Context, keyID string) (key *rsa.PublicKey, owner string, err error)

// Result is what a verified request proves.
type Result struct {
	Scheme Scheme
	KeyID  string
	Owner  string
}

var (
	// ErrNoSignature means the request carries no signature at all.
	ErrNoSignature = errors.New("httpsig: request is not signed")
	// ErrMalformed means a signature header could not be parsed.
	ErrMalformed = errors.New("httpsig: malformed signature")
	// ErrPolicy means the signature does not cover what we require, or uses what we refuse.
	ErrPolicy = errors.New("httpsig: signature does not meet policy")
	// ErrClock means the signature's date or created time is outside the allowed window.
	ErrClock = errors.New("httpsig: signature time outside the allowed window")
	// ErrDigest means the body does not match its Digest or Content-Digest header.
	ErrDigest = errors.New("httpsig: body digest mismatch")
	// ErrKeyLookup wraps an error from the KeyLookup.
	ErrKeyLookup = errors.New("httpsig: key lookup failed")
	// ErrBadSignature means the signature did not verify with the key the lookup returned.
	ErrBadSignature = errors.New("httpsig: signature did not verify")
)

// KeyMayBeStale reports whether err is a signature that failed with the key
// we had: the actor may have rotated its key, so refetching it once is worth it.
func KeyMayBeStale(err error) bool { return errors.Is(err, ErrBadSignature) }

// defaultWindow is Mastodon's: it accepts a Date up to 12 hours off.
const defaultWindow = 12 * time.Hour

// Verifier checks incoming signatures. The zero value is usable: a ±12 h
// window and "https" as this server's public scheme.
type Verifier struct {
	// Window is how far a signature's Date or created time may be from now.
	Window time.Duration
	// PublicScheme is the scheme clients use to reach us ("https" behind a
	// TLS-terminating proxy), needed to rebuild RFC 9421's @target-uri.
	PublicScheme string
	// Now returns the current time; nil means time.Now. Tests set it.
	Now func() time.Time
}

func (v *Verifier) window() time.Duration {
	if v.Window <= 0 {
		return defaultWindow
	}
	return v.Window
}

func (v *Verifier) now() time.Time {
	if v.Now == nil {
		return time.Now()
	}
	return v.Now()
}

func (v *Verifier) scheme() string {
	if v.PublicScheme == "" {
		return "https"
	}
	return v.PublicScheme
}

func (v *Verifier) checkTime(t time.Time, what string) error {
	d := v.now().Sub(t)
	if d > v.window() || -d > v.window() {
		return fmt.Errorf("%w: %s %s is more than %s from now", ErrClock, what, t.UTC().Format(time.RFC3339), v.window())
	}
	return nil
}

// DetectScheme tells which scheme an incoming request was signed with:
// a Signature-Input header means RFC 9421; a Signature header carrying a
// keyId parameter means draft-cavage.
func DetectScheme(h http.Header) (Scheme, error) {
	if h.Get("Signature-Input") != "" {
		return RFC9421, nil
	}
	if h.Get("Signature") != "" {
		return Cavage, nil
	}
	return "", ErrNoSignature
}

// VerifyRequest verifies req (whose body the caller has already read into
// body) with whichever scheme it was signed with.
func (v *Verifier) VerifyRequest(req *http.Request, body []byte, lookup KeyLookup) (Result, error) {
	scheme, err := DetectScheme(req.Header)
	if err != nil {
		return Result{}, err
	}
	if scheme == RFC9421 {
		return v.VerifyRFC9421(req, body, lookup)
	}
	return v.VerifyCavage(req, body, lookup)
}

// Sign signs an outgoing request with scheme. body is the exact request
// body (nil for GET); the caller sets req.Body itself.
func Sign(scheme Scheme, req *http.Request, keyID string, key *rsa.PrivateKey, body []byte) error {
	switch scheme {
	case RFC9421:
		return SignRFC9421(req, keyID, key, body)
	case Cavage:
		return SignCavage(req, keyID, key, body)
	}
	return fmt.Errorf("httpsig: unknown scheme %q", scheme)
}

// hasBody reports whether a request must carry a digest of its body.
func hasBody(req *http.Request, body []byte) bool {
	return len(body) > 0 || req.Method == http.MethodPost || req.Method == http.MethodPut || req.Method == http.MethodPatch
}

func lookupKey(ctx context.Context, lookup KeyLookup, keyID string) (*rsa.PublicKey, string, error) {
	key, owner, err := lookup(ctx, keyID)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %s: %w", ErrKeyLookup, keyID, err)
	}
	if key == nil {
		return nil, "", fmt.Errorf("%w: %s: no key", ErrKeyLookup, keyID)
	}
	return key, owner, nil
}
