package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// Handlers serves the HTML pages.
type Handlers struct {
	Actions  *actions.Actions
	Renderer *Renderer
}

// notices are the messages a redirect may ask the next page to show, by
// a ?notice= key; anything else is ignored.
var notices = map[string]string{
	"saved": "notice_saved", "password_changed": "notice_password_changed", "signed_out": "notice_signed_out",
	"welcome": "notice_welcome", "user_updated": "notice_user_updated", "posted": "notice_posted", "deleted": "notice_deleted",
	"two_factor_disabled": "notice_two_factor_disabled", "revoked": "notice_revoked", "import_queued": "notice_import_queued",
	"password_reset": "notice_password_reset", "scheduled": "notice_scheduled", "moved": "notice_moved",
	"reported": "notice_reported",
}

// Page renders one of the web UI's pages for another package (the OAuth
// consent pages), in the same layout and language as every other page.
func (h *Handlers) Page(c echo.Context, code int, page string, data any) error {
	return h.render(c, code, page, data)
}

// render fills the parts of the view every page shares and writes page.
func (h *Handlers) render(c echo.Context, code int, page string, data any) error {
	v := View{Lang: h.Language(c), InstanceName: h.Actions.Config.InstanceName, Path: c.Request().URL.Path,
		Session: sessionOf(c), CSRF: CSRFToken(c), Notice: notices[c.QueryParam("notice")], Page: data}
	settings, err := h.Actions.InstanceSettings(c.Request().Context())
	if err != nil {
		return err
	}
	v.InstanceName = settings.Name
	v.RegistrationsOpen = settings.Registrations != actions.RegistrationsClosed
	if v.Announcements, err = h.bannerAnnouncements(c); err != nil {
		return err
	}
	if v.Trending, err = h.Actions.SidebarTrends(c.Request().Context()); err != nil {
		return err
	}
	h.securityHeaders(c)
	return h.Renderer.Render(c, code, page, v)
}

// fragment renders a partial for roost.js, with the page's headers.
func (h *Handlers) fragment(c echo.Context, name string, data any) error {
	h.securityHeaders(c)
	return h.Renderer.Fragment(c, h.Language(c), name, data)
}

type landingPage struct {
	Description       string
	Contact           string
	Users             int
	Statuses          int
	RegistrationsOpen bool
	Approval          bool
	Rules             []actions.Rule
	DomainBlocks      []*store.InstanceDomainBlock // only when shown publicly
}

// Landing is the instance's front page.
func (h *Handlers) Landing(c echo.Context) error {
	info, err := h.Actions.InstanceInfo(c.Request().Context())
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "landing", landingPage{Description: info.Description,
		Contact: info.ContactEmail, Users: info.UserCount, Statuses: info.StatusCount,
		RegistrationsOpen: info.Registrations != actions.RegistrationsClosed,
		Approval:          info.Registrations == actions.RegistrationsApproval,
		Rules:             info.Rules, DomainBlocks: info.DomainBlocks})
}

type errorPage struct {
	Code    int
	Message string
}

// ErrorPage renders an error for a browser. The message is looked up in
// the catalogue, so the common ones read in the visitor's language.
func (h *Handlers) ErrorPage(c echo.Context, code int, message string) error {
	return h.render(c, code, "error", errorPage{Code: code, Message: message})
}
