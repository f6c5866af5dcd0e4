package mastoapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

func listArgs(p *params) actions.ListArgs {
	var args actions.ListArgs
	if s, ok := p.optString("title"); ok {
		args.Title = &s
	}
	if s, ok := p.optString("replies_policy"); ok {
		args.RepliesPolicy = &s
	}
	args.Exclusive = p.Bool("exclusive")
	return args
}

func renderLists(c echo.Context, lists []*store.List, err error) error {
	if err != nil {
		return err
	}
	out := make([]*List, 0, len(lists))
	for _, l := range lists {
		out = append(out, listEntity(l))
	}
	return c.JSON(http.StatusOK, out)
}

func renderList(c echo.Context, l *store.List, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listEntity(l))
}

// Lists serves GET /api/v1/lists.
func (api *API) Lists(c echo.Context) error {
	lists, err := api.Actions.Lists(c.Request().Context(), viewerAccount(c))
	return renderLists(c, lists, err)
}

// GetList serves GET /api/v1/lists/:id.
func (api *API) GetList(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	l, err := api.Actions.List(c.Request().Context(), viewerAccount(c), id)
	return renderList(c, l, err)
}

// CreateList serves POST /api/v1/lists.
func (api *API) CreateList(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	l, err := api.Actions.CreateList(c.Request().Context(), viewerAccount(c), listArgs(p))
	return renderList(c, l, err)
}

// UpdateList serves PUT /api/v1/lists/:id.
func (api *API) UpdateList(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := readParams(c)
	if err != nil {
		return err
	}
	l, err := api.Actions.UpdateList(c.Request().Context(), viewerAccount(c), id, listArgs(p))
	return renderList(c, l, err)
}

// DeleteList serves DELETE /api/v1/lists/:id.
func (api *API) DeleteList(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := api.Actions.DeleteList(c.Request().Context(), viewerAccount(c), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// ListAccounts serves GET /api/v1/lists/:id/accounts; limit=0 asks for
// every member, as in Mastodon.
func (api *API) ListAccounts(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p := page(c)
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
	return renderLists(c, lists, err)
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
