package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// Cookie names. The session cookie holds the secret of a kind='session'
// row in oauth_tokens; the CSRF cookie seeds the token of signed-out forms.
const (
	sessionCookie = "roost_session"
	csrfCookie    = "roost_csrf"
)

const (
	sessionKey       = "roost.session"
	sessionSecretKey = "roost.session_secret"
)

func sessionOf(c echo.Context) *actions.Session {
	s, _ := c.Get(sessionKey).(*actions.Session)
	return s
}

// SessionUser is the user signed in to this browser, or nil. It is set by
// the Sessions middleware, which must run on the route; the OAuth authorize
// page calls it to skip its own password form.
func SessionUser(c echo.Context) *store.User {
	if s := sessionOf(c); s != nil {
		return s.User
	}
	return nil
}

// Sessions resolves the session cookie, if any, into the signed-in user
// and account. A cookie that no longer names a live session is cleared.
func (h *Handlers) Sessions(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return next(c)
		}
		s, err := h.Actions.SessionBySecret(c.Request().Context(), ck.Value)
		if errors.Is(err, actions.ErrUnauthorized) {
			h.clearSessionCookie(c)
			return next(c)
		}
		if err != nil {
			return err
		}
		c.Set(sessionKey, s)
		c.Set(sessionSecretKey, ck.Value)
		return next(c)
	}
}

// RequireSignIn sends a signed-out browser to the sign-in page, and back
// here afterwards.
func (h *Handlers) RequireSignIn(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if sessionOf(c) == nil {
			return c.Redirect(http.StatusSeeOther, "/auth/sign_in?next="+url.QueryEscape(c.Request().URL.RequestURI()))
		}
		return next(c)
	}
}

// RequireStaff lets moderators and admins through; RequireSignIn must run first.
func (h *Handlers) RequireStaff(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !actions.CanModerate(SessionUser(c)) {
			return actions.ErrForbidden
		}
		return next(c)
	}
}

// RequireAdmin lets admins through; RequireSignIn must run first.
func (h *Handlers) RequireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !actions.IsAdmin(SessionUser(c)) {
			return actions.ErrForbidden
		}
		return next(c)
	}
}

func (h *Handlers) secure() bool { return h.Actions.Config.Protocol == "https" }

func (h *Handlers) setSessionCookie(c echo.Context, secret string) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.secure(), MaxAge: int(actions.SessionLifetime / time.Second)})
	c.Set(sessionSecretKey, secret)
}

func (h *Handlers) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.secure(), MaxAge: -1})
}

// SafeNext keeps a post-sign-in redirect on this site: only a local path
// is accepted, never "//host" or a full URL that would make sign-in an
// open redirector.
func SafeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}
