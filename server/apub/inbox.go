package apub

import (
	"context"
	"crypto/rsa"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"roost/federation/ap"
	"roost/federation/httpsig"
	"roost/server/actions"
)

// MaxInboxBody is the largest activity the inbox reads; Mastodon's own
// limit is about the same, and no real post comes near it.
const MaxInboxBody = 1 << 20

// receiveTimeout bounds the work one delivery may cause (fetching the
// sender's key, a reply chain), so a slow peer cannot hold a worker.
const receiveTimeout = 30 * time.Second

// Inbox receives activities on the shared inbox and on each actor's inbox.
type Inbox struct {
	Actions  *actions.Actions
	Verifier httpsig.Verifier
}

// Receive handles POST /inbox and POST /users/:username/inbox: the body is
// read with a limit, the HTTP signature verified before anything else,
// then the activity handed to actions.Receive. Success is 202 Accepted.
func (h *Inbox) Receive(c echo.Context) error {
	req := c.Request()
	body, err := io.ReadAll(io.LimitReader(req.Body, MaxInboxBody+1))
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "could not read the body")
	}
	if len(body) > MaxInboxBody {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge, "activity too large")
	}
	ctx, cancel := context.WithTimeout(req.Context(), receiveTimeout)
	defer cancel()
	signer, err := h.verify(ctx, req, body)
	if err != nil {
		return echo.NewHTTPError(http.StatusUnauthorized, "signature: "+err.Error())
	}
	act, err := ap.ParseActivity(body)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "activity: "+err.Error())
	}
	if username := c.Param("username"); username != "" {
		err = h.Actions.ReceiveAt(ctx, username, signer, act)
	} else {
		err = h.Actions.Receive(ctx, signer, act)
	}
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusAccepted)
}

// verify checks the request's signature and returns the actor owning the
// key. A signature that fails with the key we had is tried once more with
// the key fetched afresh: the actor may have rotated it.
func (h *Inbox) verify(ctx context.Context, req *http.Request, body []byte) (string, error) {
	lookup := func(refresh bool) httpsig.KeyLookup {
		return func(_ context.Context, keyID string) (*rsa.PublicKey, string, error) {
			return h.Actions.SignerKey(ctx, keyID, refresh)
		}
	}
	res, err := h.Verifier.VerifyRequest(req, body, lookup(false))
	if httpsig.KeyMayBeStale(err) {
		res, err = h.Verifier.VerifyRequest(req, body, lookup(true))
	}
	if err != nil {
		return "", safeReason(err)
	}
	return res.Owner, nil
}

// safeReason keeps the httpsig category of a failure and drops details
// (fetch errors name internal addresses).
func safeReason(err error) error {
	for _, known := range []error{httpsig.ErrNoSignature, httpsig.ErrMalformed, httpsig.ErrPolicy, httpsig.ErrClock,
		httpsig.ErrDigest, httpsig.ErrBadSignature, httpsig.ErrKeyLookup} {
		if errors.Is(err, known) {
			return known
		}
	}
	return httpsig.ErrBadSignature
}
