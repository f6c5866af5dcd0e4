// Package fetch is Roost's outgoing HTTP client for federation: it refuses
// private addresses at connect time, bounds sizes, times and redirects, and
// signs GETs of ActivityPub objects with the instance actor's key.
package fetch

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"roost/federation/httpsig"
)

var (
	// ErrPrivateAddress means the host resolved to an address federation must not reach.
	ErrPrivateAddress = errors.New("fetch: refusing a private or reserved address")
	// ErrTooLarge means the response is bigger than the configured limit.
	ErrTooLarge = errors.New("fetch: response too large")
	// ErrTooManyRedirects means more than MaxRedirects redirects were followed.
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
	// ErrBadURL means the URL is not an absolute http or https URL.
	ErrBadURL = errors.New("fetch: not an http(s) URL")
	// ErrContentType means the response is not JSON (or, for GetPage, not what was wanted).
	ErrContentType = errors.New("fetch: response is not JSON")
	// ErrNoActor means WebFinger knows the account but names no ActivityPub actor.
	ErrNoActor = errors.New("fetch: no ActivityPub actor in WebFinger response")
)

// ErrStatus is a response with a non-2xx status.
type ErrStatus struct {
	Code int
	URL  string
}

func (e *ErrStatus) Error() string { return fmt.Sprintf("fetch: %s answered %d", e.URL, e.Code) }

// ActivityAccept is what Mastodon sends when fetching an object.
const ActivityAccept = `application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"`

// MaxRedirects is how many redirects a fetch follows, each re-checked and re-signed.
const MaxRedirects = 5

// Config tunes a Client.
type Config struct {
	// AllowPrivate lets the client reach loopback and private addresses (tests only).
	AllowPrivate bool
	// MaxBody is the largest response body read, in bytes; 0 means 1 MiB.
	MaxBody int64
	// Timeout bounds a whole fetch, redirects included; 0 means 20 s.
	Timeout time.Duration
	// UserAgent is sent with every request; see UserAgent.
	UserAgent string
	// WebFingerScheme is "https" (the default) or "http" for tests.
	WebFingerScheme string
}

// UserAgent builds Roost's User-Agent, e.g. "Roost/0.1.0 (+https://host/)".
func UserAgent(version, baseURL string) string {
	return "Roost/" + version + " (+" + strings.TrimSuffix(baseURL, "/") + "/)"
}

// Signer signs fetches; nil means unsigned.
type Signer struct {
	KeyID string
	Key   *rsa.PrivateKey
	// Scheme defaults to draft-cavage, which every server verifies.
	Scheme httpsig.Scheme
}

// Client fetches remote documents. It is safe for concurrent use.
type Client struct {
	cfg  Config
	http *http.Client
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	allow := PublicAddress
	if cfg.AllowPrivate {
		allow = func(netip.Addr) bool { return true }
	}
	return newClient(cfg, allow)
}

func newClient(cfg Config, allow func(netip.Addr) bool) *Client {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 20 * time.Second
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "Roost"
	}
	if cfg.WebFingerScheme == "" {
		cfg.WebFingerScheme = "https"
	}
	return &Client{cfg: cfg, http: &http.Client{
		Transport: newTransport(allow),
		// Redirects are followed by Get itself, so that each hop is re-signed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Response is a fetched document.
type Response struct {
	Body        []byte
	FinalURL    string // after redirects: check the object's id against it
	ContentType string
	Truncated   bool // GetPage only: the body is the first MaxBody bytes
}

// GetActivity fetches an ActivityPub object, signed by signer if not nil.
func (c *Client) GetActivity(ctx context.Context, rawURL string, signer *Signer) (*Response, error) {
	resp, err := c.Get(ctx, rawURL, ActivityAccept, signer)
	if err != nil {
		return nil, err
	}
	if !isJSON(resp.ContentType) {
		return nil, fmt.Errorf("%w: %s is %q", ErrContentType, resp.FinalURL, resp.ContentType)
	}
	return resp, nil
}

func isJSON(contentType string) bool {
	media, _, err := mime.ParseMediaType(contentType)
	return err == nil && (media == "application/json" || strings.HasSuffix(media, "+json"))
}

// Get fetches rawURL following at most MaxRedirects redirects, each of
// which is checked like the first request and signed again.
func (c *Client) Get(ctx context.Context, rawURL, accept string, signer *Signer) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	current := rawURL
	for hop := 0; ; hop++ {
		resp, err := c.once(ctx, current, accept, signer)
		if err != nil {
			return nil, err
		}
		if !isRedirect(resp.StatusCode) {
			defer resp.Body.Close()
			return c.read(resp, current)
		}
		resp.Body.Close()
		if hop == MaxRedirects {
			return nil, fmt.Errorf("%w: from %s", ErrTooManyRedirects, rawURL)
		}
		next, err := resp.Request.URL.Parse(resp.Header.Get("Location"))
		if err != nil {
			return nil, fmt.Errorf("%w: redirect to %q", ErrBadURL, resp.Header.Get("Location"))
		}
		current = next.String()
	}
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

func (c *Client) once(ctx context.Context, rawURL, accept string, signer *Signer) (*http.Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("%w: %q", ErrBadURL, rawURL)
	}
	u.Fragment = ""
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	if signer != nil {
		scheme := signer.Scheme
		if scheme == "" {
			scheme = httpsig.Cavage
		}
		if err := httpsig.Sign(scheme, req, signer.KeyID, signer.Key, nil); err != nil {
			return nil, err
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if errors.Is(err, ErrPrivateAddress) {
			return nil, fmt.Errorf("%w (%s)", ErrPrivateAddress, u.Host)
		}
		return nil, fmt.Errorf("fetch %s: %w", u.Redacted(), err)
	}
	return resp, nil
}

func (c *Client) read(resp *http.Response, finalURL string) (*Response, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10)) // lets the connection be reused
		return nil, &ErrStatus{Code: resp.StatusCode, URL: finalURL}
	}
	if resp.ContentLength > c.cfg.MaxBody {
		return nil, fmt.Errorf("%w: %s declares %d bytes", ErrTooLarge, finalURL, resp.ContentLength)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", finalURL, err)
	}
	if int64(len(body)) > c.cfg.MaxBody {
		return nil, fmt.Errorf("%w: %s is over %d bytes", ErrTooLarge, finalURL, c.cfg.MaxBody)
	}
	return &Response{Body: body, FinalURL: finalURL, ContentType: resp.Header.Get("Content-Type")}, nil
}
