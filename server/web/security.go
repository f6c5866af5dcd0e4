package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

const (
	csrfField    = "csrf_token"
	csrfSeedKey  = "roost.csrf_seed"
	formTargetsK = "roost.form_targets"
)

// CSRF guards every state-changing request with a token in a hidden form
// field (or an X-CSRF-Token header from scripts). The token is an HMAC of
// the session secret for a signed-in browser, or of a random cookie for a
// signed-out one (sign in, sign up), so a page on another site can neither
// read nor forge it. Sessions must run first.
func (h *Handlers) CSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		seed, _ := c.Get(sessionSecretKey).(string)
		if seed == "" {
			if ck, err := c.Cookie(csrfCookie); err == nil && len(ck.Value) >= 32 {
				seed = ck.Value
			} else {
				b := make([]byte, 32)
				if _, err := rand.Read(b); err != nil {
					return err
				}
				seed = base64.RawURLEncoding.EncodeToString(b)
				c.SetCookie(&http.Cookie{Name: csrfCookie, Value: seed, Path: "/", HttpOnly: true,
					SameSite: http.SameSiteLaxMode, Secure: h.secure()})
			}
		}
		c.Set(csrfSeedKey, seed)
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		sent := c.Request().Header.Get("X-CSRF-Token")
		if sent == "" {
			sent = c.FormValue(csrfField)
		}
		if sent == "" || !hmac.Equal([]byte(sent), []byte(CSRFToken(c))) {
			return echo.NewHTTPError(http.StatusForbidden, "Invalid or missing CSRF token")
		}
		return next(c)
	}
}

// CSRFToken is the token the page's forms must send back; it follows the
// session, so signing in or out changes it.
func CSRFToken(c echo.Context) string {
	seed, _ := c.Get(sessionSecretKey).(string)
	if seed == "" {
		seed, _ = c.Get(csrfSeedKey).(string)
	}
	if seed == "" {
		return ""
	}
	mac := hmac.New(sha256.New, []byte(seed))
	mac.Write([]byte("roost csrf v1"))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// AllowFormTarget lets this page's forms lead to another origin, such as an
// OAuth app's redirect URI: browsers apply form-action to the redirect that
// follows a form post too.
func AllowFormTarget(c echo.Context, target string) {
	u, err := url.Parse(target)
	if err != nil || u.Scheme == "" {
		return
	}
	source := u.Scheme + ":"
	if u.Host != "" {
		source = u.Scheme + "://" + u.Host
	}
	targets, _ := c.Get(formTargetsK).([]string)
	c.Set(formTargetsK, append(targets, source))
}

// securityHeaders are set on every HTML page. The policy allows no inline
// script at all; styles come from our one stylesheet.
func (h *Handlers) securityHeaders(c echo.Context) {
	formAction := "'self'"
	if targets, _ := c.Get(formTargetsK).([]string); len(targets) > 0 {
		formAction += " " + strings.Join(targets, " ")
	}
	hd := c.Response().Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "+
		"img-src 'self' https: data: blob:; media-src 'self' https: blob:; connect-src 'self'; "+
		"manifest-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action "+formAction)
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("X-Content-Type-Options", "nosniff")
	if h.secure() {
		hd.Set("Strict-Transport-Security", "max-age=31536000")
	}
	hd.Add("Vary", "Cookie")
	hd.Add("Vary", "Accept-Language")
	if sessionOf(c) != nil {
		hd.Set("Cache-Control", "private, no-store")
	} else {
		hd.Set("Cache-Control", "private, no-cache")
	}
}
