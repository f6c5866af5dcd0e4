package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// adminModerationPage is the admins' page of instance rules and domain blocks.
type adminModerationPage struct {
	Rules         []actions.Rule
	DomainBlocks  []*store.InstanceDomainBlock
	Severities    []string
	Block         actions.InstanceDomainBlockArgs // the block form, refilled after an error
	DomainAllows  []*store.InstanceDomainAllow
	AllowlistOnly bool   // the instance federates only with DomainAllows
	AllowDomain   string // the allow form, refilled after an error
	Errors        formErrors
}

func (h *Handlers) renderModeration(c echo.Context, code int, page adminModerationPage) error {
	ctx := c.Request().Context()
	var err error
	if page.Rules, err = h.Actions.InstanceRules(ctx); err != nil {
		return err
	}
	if page.DomainBlocks, err = h.Actions.InstanceDomainBlocks(ctx, SessionUser(c)); err != nil {
		return err
	}
	if page.DomainAllows, err = h.Actions.InstanceDomainAllows(ctx, SessionUser(c)); err != nil {
		return err
	}
	page.AllowlistOnly = h.Actions.Config.AllowlistOnly
	page.Severities = []string{store.SeveritySuspend, store.SeveritySilence, store.SeverityNoop}
	return h.render(c, code, "admin_moderation", page)
}

// AdminModeration shows the rules and domain blocks to admins.
func (h *Handlers) AdminModeration(c echo.Context) error {
	return h.renderModeration(c, http.StatusOK, adminModerationPage{Block: actions.InstanceDomainBlockArgs{Severity: store.SeveritySuspend}})
}

// AddRule adds an instance rule.
func (h *Handlers) AddRule(c echo.Context) error {
	_, err := h.Actions.AddRule(c.Request().Context(), SessionUser(c), c.FormValue("text"), c.FormValue("hint"))
	if err != nil {
		page := adminModerationPage{Block: actions.InstanceDomainBlockArgs{Severity: store.SeveritySuspend}}
		if page.Errors, err = formError(err, "text", "hint"); err != nil {
			return err
		}
		return h.renderModeration(c, http.StatusUnprocessableEntity, page)
	}
	return backToModeration(c)
}

// DeleteRule removes an instance rule.
func (h *Handlers) DeleteRule(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.DeleteRule(c.Request().Context(), SessionUser(c), id); err != nil {
		return err
	}
	return backToModeration(c)
}

// BlockInstanceDomain blocks a remote domain for the whole instance.
func (h *Handlers) BlockInstanceDomain(c echo.Context) error {
	args := actions.InstanceDomainBlockArgs{Domain: c.FormValue("domain"), Severity: c.FormValue("severity"),
		RejectMedia: checked(c.FormValue("reject_media")), PublicComment: c.FormValue("public_comment"),
		PrivateComment: c.FormValue("private_comment")}
	if _, err := h.Actions.BlockInstanceDomain(c.Request().Context(), SessionUser(c), args); err != nil {
		page := adminModerationPage{Block: args}
		if page.Errors, err = formError(err, "domain", "severity", "public_comment"); err != nil {
			return err
		}
		return h.renderModeration(c, http.StatusUnprocessableEntity, page)
	}
	return backToModeration(c)
}

// UnblockInstanceDomain lifts a domain block.
func (h *Handlers) UnblockInstanceDomain(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.UnblockInstanceDomain(c.Request().Context(), SessionUser(c), id); err != nil {
		return err
	}
	return backToModeration(c)
}

// AllowInstanceDomain lets an allowlist-mode instance federate with a domain.
func (h *Handlers) AllowInstanceDomain(c echo.Context) error {
	domain := c.FormValue("domain")
	if _, err := h.Actions.AllowInstanceDomain(c.Request().Context(), SessionUser(c), domain); err != nil {
		page := adminModerationPage{Block: actions.InstanceDomainBlockArgs{Severity: store.SeveritySuspend}, AllowDomain: domain}
		if page.Errors, err = formError(err, "domain"); err != nil {
			return err
		}
		if reason, ok := page.Errors["domain"]; ok { // not the block form's domain field
			page.Errors = formErrors{"allow_domain": reason}
		}
		return h.renderModeration(c, http.StatusUnprocessableEntity, page)
	}
	return backToModeration(c)
}

// DisallowInstanceDomain removes an allowed domain.
func (h *Handlers) DisallowInstanceDomain(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.DisallowInstanceDomain(c.Request().Context(), SessionUser(c), id); err != nil {
		return err
	}
	return backToModeration(c)
}

func backToModeration(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, "/admin/moderation?notice=saved")
}
