package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// adminRelaysPage lists the relay subscriptions under the form to add one.
type adminRelaysPage struct {
	List   []adminRelay
	URL    string
	Errors formErrors
}

type adminRelay struct {
	*store.Relay
	ID string
}

// AdminRelays shows the relays the instance subscribes to.
func (h *Handlers) AdminRelays(c echo.Context) error {
	return h.adminRelays(c, http.StatusOK, adminRelaysPage{})
}

func (h *Handlers) adminRelays(c echo.Context, code int, page adminRelaysPage) error {
	list, err := h.Actions.Relays(c.Request().Context(), SessionUser(c))
	if err != nil {
		return err
	}
	for _, r := range list {
		page.List = append(page.List, adminRelay{Relay: r, ID: store.FormatID(r.ID)})
	}
	return h.render(c, code, "admin_relays", page)
}

// AddRelay subscribes the instance to a relay.
func (h *Handlers) AddRelay(c echo.Context) error {
	page := adminRelaysPage{URL: c.FormValue("url")}
	if _, err := h.Actions.AddRelay(c.Request().Context(), SessionUser(c), page.URL); err != nil {
		if page.Errors, err = formError(err, "url"); err != nil {
			return err
		}
		return h.adminRelays(c, http.StatusUnprocessableEntity, page)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/relays?notice=saved")
}

// RemoveRelay ends a relay subscription.
func (h *Handlers) RemoveRelay(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.RemoveRelay(c.Request().Context(), SessionUser(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/relays?notice=saved")
}
