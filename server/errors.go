package server

import (
	"errors"
	"net/http"
	"strconv"
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
	var oe *actions.ErrOAuth
	var refused *actions.ErrRefused
	switch {
	case errors.As(err, &inv):
		return http.StatusUnprocessableEntity, inv.Error()
	case errors.As(err, &oe):
		if oe.Code == "invalid_client" {
			return http.StatusUnauthorized, oe.Description
		}
		return http.StatusBadRequest, oe.Description
	case errors.Is(err, actions.ErrNotFound):
		return http.StatusNotFound, actions.ErrNotFound.Error()
	case errors.As(err, &refused):
		return http.StatusForbidden, refused.Reason
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
	var limited *actions.ErrTooManyAttempts
	if errors.As(err, &limited) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(limited.RetryAfter.Seconds())+1))
	}
	if code == http.StatusInternalServerError {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	path := c.Request().URL.Path
	accept := c.Request().Header.Get("Accept")
	var werr error
	switch {
	case c.Request().Method == http.MethodHead:
		werr = c.NoContent(code)
	case path == "/oauth/authorize":
		// A person is looking at the authorization page: show them a page.
		werr = s.web.ErrorPage(c, code, msg)
	case strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/oauth/") || strings.HasPrefix(path, "/.well-known/") || strings.HasPrefix(path, "/nodeinfo"):
		werr = c.JSON(code, jsonError(err, msg))
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

// jsonError is the JSON body of an error: OAuth's own shape for OAuth
// errors (RFC 6749 5.2), and for validation errors Mastodon's, which
// names the failing field in details.
func jsonError(err error, msg string) mastoapi.Error {
	var oe *actions.ErrOAuth
	var inv *actions.ErrInvalid
	switch {
	case errors.As(err, &oe):
		return mastoapi.Error{Error: oe.Code, ErrorDescription: oe.Description}
	case errors.As(err, &inv) && inv.Field != "":
		return mastoapi.Error{Error: msg, Details: map[string][]mastoapi.ErrorDetail{
			inv.Field: {{Error: detailCode(inv.Reason), Description: inv.Reason}}}}
	}
	return mastoapi.Error{Error: msg}
}

// detailCode is the machine-readable code Mastodon gives a field failure.
func detailCode(reason string) string {
	for _, c := range []struct{ words, code string }{
		{"taken", "ERR_TAKEN"}, {"blank", "ERR_BLANK"}, {"accepted", "ERR_ACCEPTED"},
		{"too short", "ERR_TOO_SHORT"}, {"too long", "ERR_TOO_LONG"}, {"too common", "ERR_BLOCKED"},
	} {
		if strings.Contains(reason, c.words) {
			return c.code
		}
	}
	return "ERR_INVALID"
}
