package web

import (
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

type twoFactorPage struct {
	Enabled       bool
	Secret        string
	QRCode        template.URL // a data: URL, allowed by the page's img-src
	RecoveryCodes []string     // shown once, right after confirming
	CodesLeft     int
	Errors        formErrors
}

// TwoFactorSettings shows the two-factor state: the set-up (QR code, key
// and a confirmation form) when off, the way to switch it off when on.
func (h *Handlers) TwoFactorSettings(c echo.Context) error {
	page, err := h.twoFactorPage(c)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "settings_two_factor", page)
}

func (h *Handlers) twoFactorPage(c echo.Context) (twoFactorPage, error) {
	s := sessionOf(c)
	ctx := c.Request().Context()
	if s.User.TOTPEnabledAt != nil {
		left, err := h.Actions.RecoveryCodesLeft(ctx, s.User)
		return twoFactorPage{Enabled: true, CodesLeft: left}, err
	}
	setup, err := h.Actions.EnableTOTP(ctx, s.User, s.Account.Username)
	if err != nil {
		return twoFactorPage{}, err
	}
	return twoFactorPage{Secret: setup.Secret,
		QRCode: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(setup.QRCode))}, nil
}

// ConfirmTwoFactor turns two-factor sign-in on with a first code and shows
// the recovery codes, this once.
func (h *Handlers) ConfirmTwoFactor(c echo.Context) error {
	s := sessionOf(c)
	codes, err := h.Actions.ConfirmTOTP(c.Request().Context(), s.User, c.FormValue("code"))
	if err != nil {
		return h.twoFactorError(c, err)
	}
	return h.render(c, http.StatusOK, "settings_two_factor", twoFactorPage{Enabled: true,
		RecoveryCodes: codes, CodesLeft: len(codes)})
}

// DisableTwoFactor switches two-factor sign-in off, given the password and a code.
func (h *Handlers) DisableTwoFactor(c echo.Context) error {
	err := h.Actions.DisableTOTP(c.Request().Context(), sessionOf(c).User, c.FormValue("current_password"), c.FormValue("code"))
	if err != nil {
		return h.twoFactorError(c, err)
	}
	return c.Redirect(http.StatusSeeOther, "/settings/two_factor?notice=two_factor_disabled")
}

func (h *Handlers) twoFactorError(c echo.Context, err error) error {
	var limited *actions.ErrTooManyAttempts
	code := http.StatusUnprocessableEntity
	var errs formErrors
	switch {
	case errors.As(err, &limited):
		retryAfter(c, limited)
		code, errs = http.StatusTooManyRequests, formErrors{"": "sign_in_rate_limited"}
	default:
		var ferr error
		if errs, ferr = formError(err, "code", "current_password"); ferr != nil {
			return ferr
		}
	}
	page, perr := h.twoFactorPage(c)
	if perr != nil {
		return perr
	}
	page.Errors = errs
	return h.render(c, code, "settings_two_factor", page)
}
