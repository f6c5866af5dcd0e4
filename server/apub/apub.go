// Package apub serves Roost's ActivityPub surface to other servers:
// WebFinger, host-meta, NodeInfo, actors, outboxes, collections and
// status objects. Handlers parse, call one operation of server/actions and
// render the AS2 document federation/ap built; what a remote reader may
// see is decided by actions.CanSee, as for every other reader.
package apub

import (
	"context"
	"crypto/rsa"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/federation/ap"
	"roost/federation/httpsig"
	"roost/server/actions"
	"roost/store"
)

// ContentType is how every ActivityStreams document is served.
const ContentType = "application/activity+json; charset=utf-8"

// Handlers serve the ActivityPub GET endpoints.
type Handlers struct {
	Actions *actions.Actions
	// AuthorizedFetch requires a valid signature from a known actor on every
	// ActivityStreams GET (not on the instance actor, WebFinger or NodeInfo).
	AuthorizedFetch bool
	// Verifier checks signed fetches; its PublicScheme must be this server's.
	Verifier httpsig.Verifier
}

// viewerKey is where Signed leaves the verified fetcher's account.
const viewerKey = "apub.viewer"

// viewerOf is the account whose signature the fetch carries; nil for an
// unsigned (anonymous) fetch.
func viewerOf(c echo.Context) *store.Account {
	v, _ := c.Get(viewerKey).(*store.Account)
	return v
}

// WantsActivity reports whether an Accept header asks for ActivityStreams
// rather than HTML: application/activity+json, or JSON-LD with the
// ActivityStreams profile (some peers send plain application/ld+json too).
func WantsActivity(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		mediaType, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "application/activity+json":
			return true
		case "application/ld+json":
			profile := params["profile"]
			if profile == "" || strings.Contains(profile, "https://www.w3.org/ns/activitystreams") {
				return true
			}
		}
	}
	return false
}

// Negotiate serves one URL to both audiences: the ActivityStreams handler
// to servers that ask for it, the HTML handler to browsers. Caches are told
// the answer depends on Accept.
func Negotiate(html, activity echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Add("Vary", "Accept")
		if WantsActivity(c.Request().Header.Get("Accept")) {
			return activity(c)
		}
		return html(c)
	}
}

// render writes an ActivityStreams document.
func render(c echo.Context, doc any) error {
	body, err := ap.Marshal(doc)
	if err != nil {
		return err
	}
	if !strings.Contains(c.Response().Header().Get("Vary"), "Accept") {
		c.Response().Header().Add("Vary", "Accept")
	}
	return c.Blob(http.StatusOK, ContentType, body)
}

// errNotSigned answers a fetch that authorized fetch refuses. It is the
// same for every path, so it does not tell whether the object exists.
var errNotSigned = echo.NewHTTPError(http.StatusUnauthorized, "Request not signed")

// Signed verifies a fetch's HTTP signature (draft-cavage or RFC 9421) and
// records the signer as the viewer. A missing or unverifiable signature
// makes an anonymous fetch, unless authorized fetch is on, which refuses it.
func (h *Handlers) Signed(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		viewer, err := h.signer(c)
		if err != nil && !errors.Is(err, httpsig.ErrNoSignature) {
			c.Logger().Debugf("apub: signed fetch refused: %v", err)
		}
		if viewer == nil && h.AuthorizedFetch {
			return errNotSigned
		}
		c.Set(viewerKey, viewer)
		return next(c)
	}
}

// signer returns the known account whose key signed the request.
func (h *Handlers) signer(c echo.Context) (*store.Account, error) {
	req := c.Request()
	if _, err := httpsig.DetectScheme(req.Header); err != nil {
		return nil, err
	}
	var signer *store.Account
	_, err := h.Verifier.VerifyRequest(req, nil, func(ctx context.Context, keyID string) (*rsa.PublicKey, string, error) {
		acct, key, err := h.Actions.SigningAccount(ctx, keyID, h.AuthorizedFetch)
		if err != nil {
			return nil, "", err
		}
		signer = acct
		return key, acct.URI, nil
	})
	if err != nil {
		return nil, err
	}
	return signer, nil
}

// username is the account named in the path: /users/:username or /@:acct.
func username(c echo.Context) string {
	if u := c.Param("username"); u != "" {
		return u
	}
	return c.Param("acct")
}

// statusID parses the path's status id; a malformed one cannot exist.
func statusID(c echo.Context) (store.ID, error) {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return 0, actions.ErrNotFound
	}
	return id, nil
}
