package mastoapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/store"
)

// SetAccountNote serves POST /api/v1/accounts/:id/note (comment=).
func (api *API) SetAccountNote(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	comment := p.String("comment")
	return api.relationshipAction(c, func(ctx context.Context, viewer *store.Account, id store.ID) (*store.Relationship, error) {
		return api.Actions.SetAccountNote(ctx, viewer, id, comment)
	})
}

// Endorse serves POST /api/v1/accounts/:id/pin.
func (api *API) Endorse(c echo.Context) error { return api.relationshipAction(c, api.Actions.Endorse) }

// Unendorse serves POST /api/v1/accounts/:id/unpin.
func (api *API) Unendorse(c echo.Context) error {
	return api.relationshipAction(c, api.Actions.Unendorse)
}

// Endorsements serves GET /api/v1/endorsements.
func (api *API) Endorsements(c echo.Context) error {
	list, err := api.Actions.Endorsements(c.Request().Context(), viewerAccount(c), pageOf(c, accountLimits))
	return api.renderAccounts(c, list, err)
}

// RemoveFromFollowers serves POST /api/v1/accounts/:id/remove_from_followers.
func (api *API) RemoveFromFollowers(c echo.Context) error {
	return api.relationshipAction(c, api.Actions.RemoveFromFollowers)
}

// FamiliarFollowers is Mastodon's FamiliarFollowers entity.
type FamiliarFollowers struct {
	ID       string     `json:"id"`
	Accounts []*Account `json:"accounts"`
}

// FamiliarFollowers serves GET /api/v1/accounts/familiar_followers?id[]=.
func (api *API) FamiliarFollowers(c echo.Context) error {
	ids, err := queryIDs(c)
	if err != nil {
		return err
	}
	found, err := api.Actions.FamiliarFollowers(c.Request().Context(), viewerAccount(c), ids)
	if err != nil {
		return err
	}
	out := make([]FamiliarFollowers, 0, len(found))
	for _, f := range found {
		out = append(out, FamiliarFollowers{ID: store.FormatID(f.AccountID), Accounts: api.accounts(f.Accounts)})
	}
	return c.JSON(http.StatusOK, out)
}
