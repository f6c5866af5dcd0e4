package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// MutedAccount is an Account in the mutes list, with when the mute ends.
type MutedAccount struct {
	*Account
	MuteExpiresAt *string `json:"mute_expires_at"`
}

// Mutes serves GET /api/v1/mutes.
func (api *API) Mutes(c echo.Context) error {
	ctx, viewer := c.Request().Context(), viewerAccount(c)
	list, err := api.Actions.MutedAccounts(ctx, viewer, pageOf(c, accountLimits))
	if err != nil {
		return err
	}
	mutes, err := api.Actions.MutesOf(ctx, viewer, list.List)
	if err != nil {
		return err
	}
	api.setLink(c, list.Cursors)
	out := make([]MutedAccount, 0, len(list.List))
	for _, a := range list.List {
		m := MutedAccount{Account: api.account(a)}
		if mute := mutes[a.ID]; mute != nil && mute.ExpiresAt != nil {
			t := timestamp(*mute.ExpiresAt)
			m.MuteExpiresAt = &t
		}
		out = append(out, m)
	}
	return c.JSON(http.StatusOK, out)
}

// Blocks serves GET /api/v1/blocks.
func (api *API) Blocks(c echo.Context) error {
	list, err := api.Actions.BlockedAccounts(c.Request().Context(), viewerAccount(c), pageOf(c, accountLimits))
	return api.renderAccounts(c, list, err)
}

// DomainBlocks serves GET /api/v1/domain_blocks: a list of domain names.
func (api *API) DomainBlocks(c echo.Context) error {
	domains, cursors, err := api.Actions.BlockedDomains(c.Request().Context(), viewerAccount(c), pageOf(c, tagLimits))
	if err != nil {
		return err
	}
	api.setLink(c, cursors)
	if domains == nil {
		domains = []string{}
	}
	return c.JSON(http.StatusOK, domains)
}

// BlockDomain serves POST /api/v1/domain_blocks.
func (api *API) BlockDomain(c echo.Context) error {
	return api.domainBlockAction(c, true)
}

// UnblockDomain serves DELETE /api/v1/domain_blocks.
func (api *API) UnblockDomain(c echo.Context) error {
	return api.domainBlockAction(c, false)
}

func (api *API) domainBlockAction(c echo.Context, block bool) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	op := api.Actions.UnblockDomain
	if block {
		op = api.Actions.BlockDomain
	}
	if err := op(c.Request().Context(), viewerAccount(c), p.String("domain")); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}
