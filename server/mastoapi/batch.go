package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/store"
)

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
