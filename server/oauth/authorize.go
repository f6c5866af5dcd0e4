package oauth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// csrfCookie holds the token the sign-in form must echo back: a page on
// another site can make a browser post the form, but cannot read the cookie
// to put the same value in it (the double-submit pattern).
const csrfCookie = "roost_oauth_csrf"

// requestFields are the authorization request's parameters, carried from
// the query string through the form's hidden fields to the submission.
var requestFields = []string{"response_type", "client_id", "redirect_uri", "scope", "state",
	"code_challenge", "code_challenge_method", "force_login", "lang"}

type hiddenField struct{ Name, Value string }

type scopeLine struct{ Scope, Text string }

type authorizePage struct {
	AppName     string
	Website     string
	Scopes      []scopeLine
	Error       string
	SessionUser string // username of the web session's user, if any
	Login       string
	Hidden      []hiddenField
}

type codePage struct {
	AppName string
	Code    string
}

// Authorize serves GET /oauth/authorize: the sign-in and consent page.
// Nothing is sent to the redirect URI before the request checks out.
func (h *Handlers) Authorize(c echo.Context) error {
	q := c.QueryParams()
	args := authorizeArgs(q)
	req, err := h.Actions.CheckAuthorization(c.Request().Context(), args)
	if err != nil {
		return err
	}
	user, err := h.sessionUser(c, q)
	if err != nil {
		return err
	}
	return h.renderForm(c, http.StatusOK, req, q, user, "", "")
}

// SubmitAuthorization serves POST /oauth/authorize: Authorize or Deny.
func (h *Handlers) SubmitAuthorization(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read")
	}
	if !validCSRF(c, form.Get("authenticity_token")) {
		return echo.NewHTTPError(http.StatusForbidden, "This form has expired. Go back to the app and start signing in again.")
	}
	ctx := c.Request().Context()
	args := authorizeArgs(form)
	user, err := h.sessionUser(c, form)
	if err != nil {
		return err
	}
	switch form.Get("decision") {
	case "deny":
		req, err := h.Actions.CheckAuthorization(ctx, args)
		if err != nil {
			return err
		}
		return h.deny(c, req, form.Get("state"))
	case "approve":
	default:
		return echo.NewHTTPError(http.StatusBadRequest, "Choose Authorize or Deny.")
	}
	args.Login, args.Password, args.SessionUser = form.Get("login"), form.Get("password"), user
	args.IP, args.Challenge, args.Code = c.RealIP(), form.Get("challenge"), form.Get("code")
	req, code, err := h.Actions.Authorize(ctx, args)
	if err != nil {
		return h.refuse(c, req, form, err)
	}
	noStore(c)
	if req.RedirectURI == actions.OutOfBand {
		return h.Pages.Page(c, http.StatusOK, "oauth_code", codePage{AppName: req.App.Name, Code: code})
	}
	return c.Redirect(http.StatusFound, withQuery(req.RedirectURI, url.Values{"code": {code}}, form.Get("state")))
}

// refuse shows why a sign-in on the authorization page did not go through,
// or asks for the second factor.
func (h *Handlers) refuse(c echo.Context, req *actions.AuthorizeRequest, form url.Values, err error) error {
	var refused *actions.ErrRefused
	var second *actions.ErrSecondFactor
	var limited *actions.ErrTooManyAttempts
	var inv *actions.ErrInvalid
	login := form.Get("login")
	switch {
	case req == nil:
		return err
	case errors.As(err, &second):
		return h.renderCodeForm(c, http.StatusOK, req, form, second.Challenge, "")
	case errors.As(err, &inv) && inv.Field == "code":
		return h.renderCodeForm(c, http.StatusUnauthorized, req, form, form.Get("challenge"), "That code is wrong or was already used.")
	case errors.As(err, &limited):
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(limited.RetryAfter.Seconds())+1))
		return h.renderForm(c, http.StatusTooManyRequests, req, form, nil, login, limited.Error())
	case errors.Is(err, actions.ErrChallengeExpired):
		return h.renderForm(c, http.StatusUnauthorized, req, form, nil, "", actions.ErrChallengeExpired.Error())
	case errors.Is(err, actions.ErrUnauthorized):
		return h.renderForm(c, http.StatusUnauthorized, req, form, nil, login, "Invalid username, e-mail or password.")
	case errors.As(err, &refused):
		return h.renderForm(c, http.StatusForbidden, req, form, nil, login, refused.Reason)
	case errors.Is(err, actions.ErrForbidden):
		return h.renderForm(c, http.StatusForbidden, req, form, nil, login, "This account cannot sign in.")
	}
	return err
}

type codeFormPage struct {
	AppName string
	Error   string
	Hidden  []hiddenField
}

// renderCodeForm asks for the two-factor code. The form carries the
// request and the challenge, never the password.
func (h *Handlers) renderCodeForm(c echo.Context, code int, req *actions.AuthorizeRequest, p url.Values, challenge, message string) error {
	page := codeFormPage{AppName: req.App.Name, Error: message}
	for _, name := range requestFields {
		if v := p.Get(name); v != "" {
			page.Hidden = append(page.Hidden, hiddenField{name, v})
		}
	}
	page.Hidden = append(page.Hidden, hiddenField{"challenge", challenge},
		hiddenField{"authenticity_token", csrfToken(c, h.Actions.Config.Protocol == "https")})
	noStore(c)
	return h.Pages.Page(c, code, "oauth_two_factor", page)
}

func (h *Handlers) deny(c echo.Context, req *actions.AuthorizeRequest, state string) error {
	if req.RedirectURI == actions.OutOfBand {
		return echo.NewHTTPError(http.StatusForbidden, "You denied "+req.App.Name+" access to your account.")
	}
	return c.Redirect(http.StatusFound, withQuery(req.RedirectURI, url.Values{"error": {"access_denied"},
		"error_description": {"The resource owner or authorization server denied the request."}}, state))
}

// sessionUser is the user already signed in to the web UI, unless the app
// asked to force a fresh sign-in.
func (h *Handlers) sessionUser(c echo.Context, p url.Values) (*store.User, error) {
	if h.SessionUser == nil || Truthy(p.Get("force_login")) {
		return nil, nil
	}
	return h.SessionUser(c)
}

func authorizeArgs(p url.Values) actions.AuthorizeArgs {
	return actions.AuthorizeArgs{ResponseType: p.Get("response_type"), ClientID: p.Get("client_id"),
		RedirectURI: p.Get("redirect_uri"), Scopes: SplitScopes(p.Get("scope")),
		CodeChallenge: p.Get("code_challenge"), CodeChallengeMethod: p.Get("code_challenge_method")}
}

func (h *Handlers) renderForm(c echo.Context, code int, req *actions.AuthorizeRequest, p url.Values, user *store.User, login, message string) error {
	if req == nil {
		return errors.New("authorize: no request to show")
	}
	page := authorizePage{AppName: req.App.Name, Website: req.App.Website, Error: message, Login: login}
	for _, s := range req.Scopes {
		page.Scopes = append(page.Scopes, scopeLine{Scope: s, Text: describeScope(s)})
	}
	if user != nil {
		acct, err := h.Actions.DB.Account(c.Request().Context(), user.AccountID)
		if err != nil {
			return err
		}
		page.SessionUser = acct.Username
	}
	for _, name := range requestFields {
		if v := p.Get(name); v != "" {
			page.Hidden = append(page.Hidden, hiddenField{name, v})
		}
	}
	page.Hidden = append(page.Hidden, hiddenField{"authenticity_token", csrfToken(c, h.Actions.Config.Protocol == "https")})
	noStore(c)
	// The consent buttons must not be clickable through another site's frame.
	c.Response().Header().Set("X-Frame-Options", "DENY")
	c.Response().Header().Set("Content-Security-Policy", "frame-ancestors 'none'")
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return h.Pages.Page(c, code, "oauth_authorize", page)
}

// csrfToken returns the browser's form token, setting the cookie the first time.
func csrfToken(c echo.Context, secure bool) string {
	if ck, err := c.Cookie(csrfCookie); err == nil && len(ck.Value) == 43 {
		return ck.Value
	}
	b := make([]byte, 32)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	c.SetCookie(&http.Cookie{Name: csrfCookie, Value: token, Path: "/oauth/authorize", HttpOnly: true,
		Secure: secure, SameSite: http.SameSiteLaxMode})
	return token
}

func validCSRF(c echo.Context, submitted string) bool {
	ck, err := c.Cookie(csrfCookie)
	return err == nil && len(ck.Value) == 43 && subtle.ConstantTimeCompare([]byte(ck.Value), []byte(submitted)) == 1
}

// withQuery adds params and state to a redirect URI, keeping any query it
// already has (RFC 6749 4.1.2).
func withQuery(redirect string, params url.Values, state string) string {
	u, err := url.Parse(redirect)
	if err != nil {
		return redirect // registered URIs were parsed when the app was made
	}
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	if state != "" {
		q.Set("state", state)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

var scopeTexts = map[string]string{
	"read":        "read all your account's data",
	"write":       "change all your account's data",
	"follow":      "follow, mute and block accounts",
	"push":        "receive your push notifications",
	"profile":     "read only your profile's basic information",
	"admin:read":  "read all data on the server",
	"admin:write": "moderate and change all data on the server",
}

// describeScope says in words what a scope lets the app do.
func describeScope(s string) string {
	if t, ok := scopeTexts[s]; ok {
		return t
	}
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return s
	}
	verb := "read"
	if strings.HasPrefix(s, "write:") || strings.HasPrefix(s, "admin:write:") {
		verb = "change"
	}
	if strings.HasPrefix(s, "admin:") {
		verb += " the server's"
	} else {
		verb += " your"
	}
	return verb + " " + strings.ReplaceAll(s[i+1:], "_", " ")
}
