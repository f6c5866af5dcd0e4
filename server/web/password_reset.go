package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

type forgotPasswordPage struct {
	MailEnabled bool
	Email       string
	Sent        bool
	Error       string // catalogue id
}

// ForgotPassword asks for the account's email, or, on a server that sends
// no mail, says that an admin resets passwords.
func (h *Handlers) ForgotPassword(c echo.Context) error {
	return h.render(c, http.StatusOK, "password_forgot", forgotPasswordPage{MailEnabled: h.Actions.MailEnabled()})
}

// SendPasswordReset mails a reset link; the answer is the same whether or
// not an account has the address.
func (h *Handlers) SendPasswordReset(c echo.Context) error {
	page := forgotPasswordPage{MailEnabled: h.Actions.MailEnabled(), Email: strings.TrimSpace(c.FormValue("email"))}
	err := h.Actions.RequestPasswordReset(c.Request().Context(), page.Email)
	var limited *actions.ErrTooManyAttempts
	switch {
	case errors.Is(err, actions.ErrMailDisabled):
		return h.render(c, http.StatusNotFound, "password_forgot", page)
	case errors.As(err, &limited):
		retryAfter(c, limited)
		page.Error = "sign_in_rate_limited"
		return h.render(c, http.StatusTooManyRequests, "password_forgot", page)
	case err != nil:
		return err
	}
	page.Sent = true
	return h.render(c, http.StatusOK, "password_forgot", page)
}

type resetPasswordPage struct {
	Token   string
	Invalid bool
	Errors  formErrors
}

// ResetPasswordForm shows the new-password form of a reset link.
func (h *Handlers) ResetPasswordForm(c echo.Context) error {
	page := resetPasswordPage{Token: c.QueryParam("token")}
	err := h.Actions.CheckPasswordReset(c.Request().Context(), page.Token)
	if errors.Is(err, actions.ErrResetInvalid) {
		page.Invalid = true
		return h.render(c, http.StatusNotFound, "password_reset", page)
	}
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "password_reset", page)
}

// ResetPassword sets the new password and sends the browser to sign in.
func (h *Handlers) ResetPassword(c echo.Context) error {
	page := resetPasswordPage{Token: c.FormValue("token")}
	if c.FormValue("password") != c.FormValue("password_confirmation") {
		page.Errors = formErrors{"password_confirmation": "does not match"}
		return h.render(c, http.StatusUnprocessableEntity, "password_reset", page)
	}
	err := h.Actions.ResetPassword(c.Request().Context(), page.Token, c.FormValue("password"))
	if errors.Is(err, actions.ErrResetInvalid) {
		page.Invalid = true
		return h.render(c, http.StatusNotFound, "password_reset", page)
	}
	if err != nil {
		if page.Errors, err = formError(err, "password"); err != nil {
			return err
		}
		return h.render(c, http.StatusUnprocessableEntity, "password_reset", page)
	}
	return c.Redirect(http.StatusSeeOther, "/auth/sign_in?notice=password_reset")
}
