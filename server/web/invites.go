package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

type invitesPage struct {
	Invites []*store.Invite
	Base    string // the instance's address, for the links
	Now     time.Time
	Errors  formErrors
}

// renderInvites shows the invites page with errs from a failed form.
func (h *Handlers) renderInvites(c echo.Context, code int, errs formErrors) error {
	list, err := h.Actions.Invites(c.Request().Context(), SessionUser(c))
	if err != nil {
		return err
	}
	return h.render(c, code, "settings_invites", invitesPage{Invites: list, Base: h.Actions.Paths.Base, Now: time.Now(), Errors: errs})
}

// Invites lists the user's invite links and a form for a new one.
func (h *Handlers) Invites(c echo.Context) error { return h.renderInvites(c, http.StatusOK, nil) }

// CreateInvite makes an invite link with the chosen limits.
func (h *Handlers) CreateInvite(c echo.Context) error {
	uses, _ := strconv.Atoi(c.FormValue("max_uses"))
	secs, _ := strconv.Atoi(c.FormValue("expires_in"))
	_, err := h.Actions.CreateInvite(c.Request().Context(), SessionUser(c),
		actions.InviteArgs{MaxUses: uses, ExpiresIn: time.Duration(secs) * time.Second})
	if err != nil {
		errs, err := formError(err, "max_uses", "expires_in")
		if err != nil {
			return err
		}
		return h.renderInvites(c, http.StatusUnprocessableEntity, errs)
	}
	return c.Redirect(http.StatusSeeOther, "/settings/invites?notice=saved")
}

// DeleteInvite withdraws an invite link.
func (h *Handlers) DeleteInvite(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.DeleteInvite(c.Request().Context(), SessionUser(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings/invites?notice=saved")
}
