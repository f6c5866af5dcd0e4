package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

type signInPage struct {
	Login string
	Next  string
	Error string // catalogue id
}

// SignInForm shows the sign-in form; a signed-in browser goes straight on.
func (h *Handlers) SignInForm(c echo.Context) error {
	next := SafeNext(c.QueryParam("next"))
	if sessionOf(c) != nil {
		return c.Redirect(http.StatusSeeOther, next)
	}
	return h.render(c, http.StatusOK, "sign_in", signInPage{Next: next})
}

// SignIn checks a username or email and password and opens a session.
func (h *Handlers) SignIn(c echo.Context) error {
	page := signInPage{Login: strings.TrimSpace(c.FormValue("login")), Next: SafeNext(c.FormValue("next"))}
	secret, _, err := h.Actions.SignIn(c.Request().Context(), actions.SignInArgs{Login: page.Login,
		Password: c.FormValue("password"), UserAgent: c.Request().UserAgent(), IP: c.RealIP()})
	var second *actions.ErrSecondFactor
	var limited *actions.ErrTooManyAttempts
	switch {
	case errors.As(err, &second):
		return h.render(c, http.StatusOK, "sign_in_code", signInCodePage{Challenge: second.Challenge, Next: page.Next})
	case errors.As(err, &limited):
		retryAfter(c, limited)
		page.Error = "sign_in_rate_limited"
		return h.render(c, http.StatusTooManyRequests, "sign_in", page)
	case errors.Is(err, actions.ErrUnauthorized):
		page.Error = "sign_in_failed"
		return h.render(c, http.StatusUnauthorized, "sign_in", page)
	case errors.Is(err, actions.ErrPendingApproval):
		page.Error = "sign_in_pending"
		return h.render(c, http.StatusForbidden, "sign_in", page)
	case errors.Is(err, actions.ErrForbidden):
		page.Error = "sign_in_suspended"
		return h.render(c, http.StatusForbidden, "sign_in", page)
	case err != nil:
		return err
	}
	h.setSessionCookie(c, secret)
	return c.Redirect(http.StatusSeeOther, page.Next)
}

type signInCodePage struct {
	Challenge string
	Next      string
	Error     string // catalogue id
}

// SignInCode is the second step of a sign-in with two-factor
// authentication: the form carries the challenge, not the password.
func (h *Handlers) SignInCode(c echo.Context) error {
	page := signInCodePage{Challenge: c.FormValue("challenge"), Next: SafeNext(c.FormValue("next"))}
	secret, _, err := h.Actions.SignInWithCode(c.Request().Context(), actions.SecondFactorArgs{
		Challenge: page.Challenge, Code: c.FormValue("code"), UserAgent: c.Request().UserAgent(), IP: c.RealIP()})
	var limited *actions.ErrTooManyAttempts
	var inv *actions.ErrInvalid
	switch {
	case errors.As(err, &limited):
		retryAfter(c, limited)
		page.Error = "sign_in_rate_limited"
		return h.render(c, http.StatusTooManyRequests, "sign_in_code", page)
	case errors.As(err, &inv):
		page.Error = "two_factor_wrong_code"
		return h.render(c, http.StatusUnauthorized, "sign_in_code", page)
	case errors.Is(err, actions.ErrChallengeExpired):
		return h.render(c, http.StatusUnauthorized, "sign_in", signInPage{Next: page.Next, Error: "sign_in_expired"})
	case errors.Is(err, actions.ErrPendingApproval):
		return h.render(c, http.StatusForbidden, "sign_in", signInPage{Next: page.Next, Error: "sign_in_pending"})
	case errors.Is(err, actions.ErrForbidden):
		return h.render(c, http.StatusForbidden, "sign_in", signInPage{Next: page.Next, Error: "sign_in_suspended"})
	case err != nil:
		return err
	}
	h.setSessionCookie(c, secret)
	return c.Redirect(http.StatusSeeOther, page.Next)
}

// retryAfter tells the client when it may try again.
func retryAfter(c echo.Context, limited *actions.ErrTooManyAttempts) {
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(limited.RetryAfter.Seconds())+1))
}

// SignOut ends this browser's session.
func (h *Handlers) SignOut(c echo.Context) error {
	if s := sessionOf(c); s != nil {
		if err := h.Actions.SignOut(c.Request().Context(), s); err != nil {
			return err
		}
	}
	h.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/?notice=signed_out")
}

type signUpPage struct {
	Mode     string // open, approval or closed
	Username string
	Email    string
	Reason   string
	Errors   formErrors
	Done     bool // a request to join was received
	Rules    []actions.Rule
	Invite   string // the invite code signing up through /invite/CODE
}

// InviteSignUp serves /invite/:code: the sign-up form, open to the
// invited even when registrations are closed.
func (h *Handlers) InviteSignUp(c echo.Context) error {
	if sessionOf(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	inv, err := h.Actions.UsableInvite(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "sign_up", signUpPage{Mode: actions.RegistrationsOpen, Invite: inv.Code})
}

// SignUpForm shows the sign-up form, or says registrations are closed.
func (h *Handlers) SignUpForm(c echo.Context) error {
	if sessionOf(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	info, err := h.Actions.InstanceInfo(c.Request().Context())
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "sign_up", signUpPage{Mode: info.Registrations, Rules: info.Rules})
}

// SignUp creates an account: signed in at once when registrations are
// open, waiting for an admin under approval, refused when closed.
func (h *Handlers) SignUp(c echo.Context) error {
	if sessionOf(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	ctx := c.Request().Context()
	settings, err := h.Actions.InstanceSettings(ctx)
	if err != nil {
		return err
	}
	page := signUpPage{Mode: settings.Registrations, Username: strings.TrimSpace(c.FormValue("username")),
		Email: strings.TrimSpace(c.FormValue("email")), Reason: strings.TrimSpace(c.FormValue("reason")),
		Invite: c.FormValue("invite_code")}
	if page.Invite != "" {
		page.Mode = actions.RegistrationsOpen // the invite is checked when the account is made
	}
	if page.Mode == actions.RegistrationsClosed {
		return h.render(c, http.StatusForbidden, "sign_up", page)
	}
	password := c.FormValue("password")
	if password != c.FormValue("password_confirmation") {
		page.Errors = formErrors{"password_confirmation": "does not match"}
		return h.render(c, http.StatusUnprocessableEntity, "sign_up", page)
	}
	_, user, err := h.Actions.CreateAccount(ctx, actions.CreateAccountArgs{Username: page.Username,
		Email: page.Email, Password: password, Approved: page.Mode == actions.RegistrationsOpen,
		Reason: page.Reason, Locale: h.Language(c), InviteCode: page.Invite})
	if err != nil {
		if page.Errors, err = formError(err, "username", "email", "password", "reason"); err != nil {
			return err
		}
		return h.render(c, http.StatusUnprocessableEntity, "sign_up", page)
	}
	if page.Mode == actions.RegistrationsApproval {
		page.Done = true
		return h.render(c, http.StatusOK, "sign_up", page)
	}
	secret, _, err := h.Actions.StartSession(ctx, user, c.Request().UserAgent(), c.RealIP())
	if err != nil {
		return err
	}
	h.setSessionCookie(c, secret)
	return c.Redirect(http.StatusSeeOther, "/?notice=welcome")
}
