package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

type migrationPage struct {
	*actions.Migration
	Alias  string // the handle typed into the alias form
	Target string // the handle typed into the move form
	Errors formErrors
}

// MigrationSettings shows the account migration page: aliases (moving
// here from another account) and the move to another account.
func (h *Handlers) MigrationSettings(c echo.Context) error {
	return h.migrationPage(c, http.StatusOK, migrationPage{})
}

func (h *Handlers) migrationPage(c echo.Context, code int, page migrationPage) error {
	var err error
	if page.Migration, err = h.Actions.MigrationSettings(c.Request().Context(), sessionOf(c).Account); err != nil {
		return err
	}
	return h.render(c, code, "settings_migration", page)
}

// AddAlias adds an account the user is moving here from.
func (h *Handlers) AddAlias(c echo.Context) error {
	alias := c.FormValue("alias")
	if _, err := h.Actions.AddAlias(c.Request().Context(), sessionOf(c).Account, alias); err != nil {
		return h.migrationFailed(c, err, migrationPage{Alias: alias})
	}
	return c.Redirect(http.StatusSeeOther, "/settings/migration?notice=saved")
}

// RemoveAlias takes an account off the user's aliases.
func (h *Handlers) RemoveAlias(c echo.Context) error {
	if _, err := h.Actions.RemoveAlias(c.Request().Context(), sessionOf(c).Account, c.FormValue("uri")); err != nil {
		return h.migrationFailed(c, err, migrationPage{})
	}
	return c.Redirect(http.StatusSeeOther, "/settings/migration?notice=saved")
}

// MoveAccount moves the user to another account, once the password is
// typed again.
func (h *Handlers) MoveAccount(c echo.Context) error {
	target := c.FormValue("target")
	if _, err := h.Actions.ConfirmedMove(c.Request().Context(), sessionOf(c), target, c.FormValue("current_password")); err != nil {
		return h.migrationFailed(c, err, migrationPage{Target: target})
	}
	return c.Redirect(http.StatusSeeOther, "/settings/migration?notice=moved")
}

// migrationFailed shows the page again with a form's error, or passes on
// an error that is not about the form.
func (h *Handlers) migrationFailed(c echo.Context, err error, page migrationPage) error {
	if page.Errors, err = formError(err, "also_known_as", "alias", "target", "current_password"); err != nil {
		return err
	}
	return h.migrationPage(c, http.StatusUnprocessableEntity, page)
}
