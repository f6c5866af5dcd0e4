package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

// Handlers serves the HTML pages.
type Handlers struct {
	Actions  *actions.Actions
	Renderer *Renderer
}

type landingPage struct {
	Description       string
	Contact           string
	Users             int
	Statuses          int
	RegistrationsOpen bool
}

// Landing is the instance's front page.
func (h *Handlers) Landing(c echo.Context) error {
	info, err := h.Actions.InstanceInfo(c.Request().Context())
	if err != nil {
		return err
	}
	return h.Renderer.Render(c, http.StatusOK, "landing", View{
		InstanceName: info.Name,
		Page: landingPage{Description: info.Description, Contact: info.ContactEmail, Users: info.UserCount,
			Statuses: info.StatusCount, RegistrationsOpen: info.Registrations != actions.RegistrationsClosed},
	})
}

// ErrorPage renders an error for a browser.
func (h *Handlers) ErrorPage(c echo.Context, code int, message string) error {
	return h.Renderer.Render(c, code, "error", View{
		Title: http.StatusText(code), InstanceName: h.Actions.Config.InstanceName,
		Page: struct {
			Status  string
			Message string
		}{http.StatusText(code), message},
	})
}
