package mastoapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
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
func (api *API) Unendorse(c echo.Context) error { return api.relationshipAction(c, api.Actions.Unendorse) }

// Endorsements serves GET /api/v1/endorsements.
func (api *API) Endorsements(c echo.Context) error {
	list, err := api.Actions.Endorsements(c.Request().Context(), viewerAccount(c), page(c))
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

// GetAccounts serves GET /api/v1/accounts?id[]= (Mastodon 4.3).
func (api *API) GetAccounts(c echo.Context) error {
	ids, err := queryIDs(c)
	if err != nil {
		return err
	}
	list, err := api.Actions.AccountsByIDs(c.Request().Context(), ids)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.accounts(list))
}

// GetStatuses serves GET /api/v1/statuses?id[]= (Mastodon 4.3): the
// statuses the viewer may see, others left out.
func (api *API) GetStatuses(c echo.Context) error {
	ids, err := queryIDs(c)
	if err != nil {
		return err
	}
	list, err := api.Actions.StatusesByIDs(c.Request().Context(), viewerAccount(c), ids)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.statuses(list.Related, list.List, viewerAccount(c)))
}

// queryIDs reads the id[] parameter; malformed ids name nothing and are skipped.
func queryIDs(c echo.Context) ([]store.ID, error) {
	p, err := readParams(c)
	if err != nil {
		return nil, err
	}
	var ids []store.ID
	for _, s := range p.Strings("id") {
		if id, ok := store.ParseID(s); ok {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// MuteConversation serves POST /api/v1/statuses/:id/mute.
func (api *API) MuteConversation(c echo.Context) error {
	return api.statusAction(c, api.Actions.MuteConversation)
}

// UnmuteConversation serves POST /api/v1/statuses/:id/unmute.
func (api *API) UnmuteConversation(c echo.Context) error {
	return api.statusAction(c, api.Actions.UnmuteConversation)
}

// DeleteAvatar serves DELETE /api/v1/profile/avatar.
func (api *API) DeleteAvatar(c echo.Context) error { return api.deletePicture(c, actions.PictureAvatar) }

// DeleteHeader serves DELETE /api/v1/profile/header.
func (api *API) DeleteHeader(c echo.Context) error { return api.deletePicture(c, actions.PictureHeader) }

func (api *API) deletePicture(c echo.Context, which string) error {
	creds, err := api.Actions.DeleteProfilePicture(c.Request().Context(), viewerAccount(c), which)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.credentialAccount(creds))
}
