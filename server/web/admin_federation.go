package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// AdminFederation shows the delivery queue's health per remote host.
func (h *Handlers) AdminFederation(c echo.Context) error {
	health, err := h.Actions.FederationHealth(c.Request().Context(), SessionUser(c))
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "admin_federation", health)
}
