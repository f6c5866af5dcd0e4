package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/oauth"
)

// ScopeIfToken guards an endpoint anyone may read: anonymous callers pass,
// but a caller with a token must hold scope, as Mastodon's
// authorize_if_got_token! does.
func ScopeIfToken(scope string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if v := ViewerOf(c); v != nil && !oauth.Allows(v.Token.Scopes, scope) {
				return c.JSON(http.StatusForbidden, Error{Error: "This action is outside the authorized scopes"})
			}
			return next(c)
		}
	}
}
