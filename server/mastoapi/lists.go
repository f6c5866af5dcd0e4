package mastoapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

func listArgs(p *params) (actions.ListArgs, error) {
	var args actions.ListArgs
	if s, ok := p.optString("title"); ok {
		args.Title = &s
	}
	if s, ok := p.optString("replies_policy"); ok {
		args.RepliesPolicy = &s
	}
	args.Exclusive = p.Bool("exclusive")
	return args, nil
}

// Lists serves GET /api/v1/lists.
func (api *API) Lists(c echo.Context) error {
	return listOwned(c, api.Actions.Lists, listEntity)
}

// GetList serves GET /api/v1/lists/:id.
func (api *API) GetList(c echo.Context) error {
	return getByID(c, api.Actions.List, listEntity)
}

// CreateList serves POST /api/v1/lists.
func (api *API) CreateList(c echo.Context) error {
	return createFromParams(c, listArgs, api.Actions.CreateList, listEntity)
}

// UpdateList serves PUT /api/v1/lists/:id.
func (api *API) UpdateList(c echo.Context) error {
	return updateByID(c, listArgs, api.Actions.UpdateList, listEntity)
}

// DeleteList serves DELETE /api/v1/lists/:id.
func (api *API) DeleteList(c echo.Context) error {
	return deleteByID(c, api.Actions.DeleteList)
}

// ListAccounts serves GET /api/v1/lists/:id/accounts; limit=0 asks for
// every member, as in Mastodon.
func (api *API) ListAccounts(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p := pageOf(c, accountLimits)
	if c.QueryParam("limit") == "0" {
		p.Limit = 1 << 20
	}
	list, err := api.Actions.ListMembers(c.Request().Context(), viewerAccount(c), id, p)
	return api.renderAccounts(c, list, err)
}

// AddListAccounts serves POST /api/v1/lists/:id/accounts.
func (api *API) AddListAccounts(c echo.Context) error {
	return api.changeListAccounts(c, api.Actions.AddToList)
}

// RemoveListAccounts serves DELETE /api/v1/lists/:id/accounts.
func (api *API) RemoveListAccounts(c echo.Context) error {
	return api.changeListAccounts(c, api.Actions.RemoveFromList)
}

func (api *API) changeListAccounts(c echo.Context, op func(ctx context.Context, viewer *store.Account, id store.ID, accounts []store.ID) error) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := readParams(c)
	if err != nil {
		return err
	}
	accounts, err := p.IDs("account_ids")
	if err != nil {
		return err
	}
	if err := op(c.Request().Context(), viewerAccount(c), id, accounts); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// AccountLists serves GET /api/v1/accounts/:id/lists.
func (api *API) AccountLists(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	lists, err := api.Actions.AccountLists(c.Request().Context(), viewerAccount(c), id)
	return renderAll(c, listEntity, lists, err)
}

// ListTimeline serves GET /api/v1/timelines/list/:id.
func (api *API) ListTimeline(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	list, err := api.Actions.ListTimeline(c.Request().Context(), viewerAccount(c), id, page(c))
	if err != nil {
		return err
	}
	return api.renderStatuses(c, list)
}
