// Package mastoapi serves Mastodon's client API: one file per method group,
// handlers that parse, call one operation and render an entity.
package mastoapi

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/server/oauth"
	"roost/store"
)

// API holds the handlers' dependencies.
type API struct {
	Actions *actions.Actions
	// DefaultAvatar and DefaultHeader are the absolute URLs of the images
	// shown for accounts that have not uploaded their own.
	DefaultAvatar string
	DefaultHeader string
}

// Viewer is who is calling: a token, and for user tokens the user and account.
type Viewer struct {
	Token   *store.Token
	User    *store.User
	Account *store.Account
}

const viewerKey = "roost.viewer"

// ViewerOf returns the authenticated caller, or nil for anonymous requests.
func ViewerOf(c echo.Context) *Viewer {
	v, _ := c.Get(viewerKey).(*Viewer)
	return v
}

// Error is Mastodon's error body.
type Error struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description,omitempty"`
	// Details names the failing fields of a validation error, as Mastodon's
	// sign-up does: {"email": [{"error": "ERR_TAKEN", "description": "..."}]}.
	Details map[string][]ErrorDetail `json:"details,omitempty"`
}

// ErrorDetail is one field's failure.
type ErrorDetail struct {
	Error       string `json:"error"`
	Description string `json:"description"`
}

// Authenticate resolves a bearer token (header, or for streaming clients
// that cannot set headers the access_token parameter or the WebSocket
// subprotocol) into a Viewer. A request with a bad token is refused; a
// request with none goes on anonymously.
func (api *API) Authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		secret := bearer(c.Request())
		if secret == "" {
			return next(c)
		}
		v, err := api.viewer(c.Request().Context(), secret)
		if errors.Is(err, actions.ErrUnauthorized) {
			return c.JSON(http.StatusUnauthorized, Error{Error: "The access token is invalid"})
		}
		if err != nil {
			return err
		}
		c.Set(viewerKey, v)
		return next(c)
	}
}

func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if scheme, tok, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "bearer") {
			return strings.TrimSpace(tok)
		}
		return ""
	}
	if tok := r.URL.Query().Get("access_token"); tok != "" {
		return tok
	}
	// Mastodon's web app hands the token to the streaming WebSocket as its
	// subprotocol, the one header a browser lets it set there.
	if r.Header.Get("Upgrade") != "" {
		return strings.TrimSpace(strings.Split(r.Header.Get("Sec-WebSocket-Protocol"), ",")[0])
	}
	return ""
}

func (api *API) viewer(ctx context.Context, secret string) (*Viewer, error) {
	db := api.Actions.DB
	tok, err := db.TokenBySecret(ctx, secret)
	if errors.Is(err, store.ErrNotFound) {
		return nil, actions.ErrUnauthorized
	}
	if err != nil {
		return nil, err
	}
	v := &Viewer{Token: tok}
	if tok.UserID == nil {
		return v, nil
	}
	if v.User, err = db.User(ctx, *tok.UserID); err != nil {
		return nil, err
	}
	if v.Account, err = db.Account(ctx, v.User.AccountID); err != nil {
		return nil, err
	}
	if v.Account.SuspendedAt != nil || v.User.DisabledAt != nil {
		return nil, actions.ErrUnauthorized
	}
	return v, nil
}

// Scope guards an endpoint: the caller must hold a token allowing scope.
func Scope(scope string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			v := ViewerOf(c)
			if v == nil {
				return c.JSON(http.StatusUnauthorized, Error{Error: "The access token is invalid"})
			}
			if !oauth.Allows(v.Token.Scopes, scope) {
				return c.JSON(http.StatusForbidden, Error{Error: "This action is outside the authorized scopes"})
			}
			return next(c)
		}
	}
}

// UserScope guards an endpoint that acts as a user: a user token with scope.
func UserScope(scope string) echo.MiddlewareFunc {
	check := Scope(scope)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return check(func(c echo.Context) error {
			v := ViewerOf(c)
			if v.User == nil {
				return c.JSON(http.StatusUnprocessableEntity, Error{Error: "This method requires an authenticated user"})
			}
			if v.User.ApprovedAt == nil {
				return c.JSON(http.StatusForbidden, Error{Error: "Your login is currently pending approval"})
			}
			return next(c)
		})
	}
}
