package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"roost/store"
)

type mutedCard struct {
	accountCard
	Until             *time.Time // nil: until unmuted
	HideNotifications bool
}

type silencesPage struct {
	Muted   []mutedCard
	Blocked []accountCard
	Domains []string
	Domain  string
	Errors  formErrors
}

// maxSilenced bounds each list on the page: it is a settings page, not a feed.
const maxSilenced = 200

// MutesAndBlocks shows the accounts and domains the user mutes or blocks,
// each with a button to lift it.
func (h *Handlers) MutesAndBlocks(c echo.Context) error {
	return h.renderSilences(c, http.StatusOK, silencesPage{})
}

func (h *Handlers) renderSilences(c echo.Context, code int, page silencesPage) error {
	ctx, me := c.Request().Context(), sessionOf(c).Account
	all := store.Page{Limit: maxSilenced}
	muted, err := h.Actions.MutedAccounts(ctx, me, all)
	if err != nil {
		return err
	}
	mutes, err := h.Actions.MutesOf(ctx, me, muted.List)
	if err != nil {
		return err
	}
	blocked, err := h.Actions.BlockedAccounts(ctx, me, all)
	if err != nil {
		return err
	}
	if page.Domains, _, err = h.Actions.BlockedDomains(ctx, me, all); err != nil {
		return err
	}
	m := h.cardMaker(c, me, CSRFToken(c), nil)
	for _, a := range muted.List {
		card := mutedCard{accountCard: m.account(a)}
		if mute := mutes[a.ID]; mute != nil {
			card.Until, card.HideNotifications = mute.ExpiresAt, mute.HideNotifications
		}
		page.Muted = append(page.Muted, card)
	}
	for _, a := range blocked.List {
		page.Blocked = append(page.Blocked, m.account(a))
	}
	return h.render(c, code, "settings_mutes", page)
}

// BlockDomain blocks a domain from the settings page.
func (h *Handlers) BlockDomain(c echo.Context) error {
	domain := c.FormValue("domain")
	if err := h.Actions.BlockDomain(c.Request().Context(), sessionOf(c).Account, domain); err != nil {
		page := silencesPage{Domain: domain}
		if page.Errors, err = formError(err, "domain"); err != nil {
			return err
		}
		return h.renderSilences(c, http.StatusUnprocessableEntity, page)
	}
	return c.Redirect(http.StatusSeeOther, "/settings/mutes?notice=saved#domains")
}

// UnblockDomain lifts a domain block from the settings page.
func (h *Handlers) UnblockDomain(c echo.Context) error {
	if err := h.Actions.UnblockDomain(c.Request().Context(), sessionOf(c).Account, c.FormValue("domain")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings/mutes?notice=saved#domains")
}
