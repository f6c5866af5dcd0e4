package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/server/mastoapi"
)

// statusOf maps an operation's typed error to an HTTP status and a message
// that is safe to show: internal errors never leak their text.
func statusOf(err error) (int, string) {
	var inv *actions.ErrInvalid
	var he *echo.HTTPError
	switch {
	case errors.As(err, &inv):
		return http.StatusUnprocessableEntity, inv.Error()
	case errors.Is(err, actions.ErrNotFound):
		return http.StatusNotFound, actions.ErrNotFound.Error()
	case errors.Is(err, actions.ErrForbidden):
		return http.StatusForbidden, actions.ErrForbidden.Error()
	case errors.Is(err, actions.ErrUnauthorized):
		return http.StatusUnauthorized, actions.ErrUnauthorized.Error()
	case errors.Is(err, actions.ErrRateLimited):
		return http.StatusTooManyRequests, actions.ErrRateLimited.Error()
	case errors.As(err, &he):
		msg := http.StatusText(he.Code)
		if s, ok := he.Message.(string); ok {
			msg = s
		}
		return he.Code, msg
	}
	return http.StatusInternalServerError, "Internal server error"
}

// handleError is echo's error handler: Mastodon's JSON error under /api and
// /oauth, a plain line for ActivityPub paths, and an HTML page elsewhere.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	code, msg := statusOf(err)
	if code == http.StatusInternalServerError {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	path := c.Request().URL.Path
	accept := c.Request().Header.Get("Accept")
	var werr error
	switch {
	case c.Request().Method == http.MethodHead:
		werr = c.NoContent(code)
	case strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/oauth/") || strings.HasPrefix(path, "/.well-known/") || strings.HasPrefix(path, "/nodeinfo"):
		werr = c.JSON(code, mastoapi.Error{Error: msg})
	case strings.Contains(accept, "activity+json") || strings.Contains(accept, "ld+json") || strings.HasSuffix(path, "/inbox") ||
		c.Request().Method == http.MethodPost && !strings.Contains(c.Request().Header.Get("Content-Type"), "form"):
		werr = c.String(code, msg)
	default:
		werr = s.web.ErrorPage(c, code, msg)
	}
	if werr != nil {
		s.log.Error("writing error response", "err", werr)
	}
}
