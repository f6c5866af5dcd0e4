package mastoapi

import (
	"context"
	"strconv"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// expiresIn reads expires_in: absent keeps the expiry, empty or 0 clears it.
func expiresIn(p *params) (*int, error) {
	s, ok := p.optString("expires_in")
	if !ok {
		return nil, nil
	}
	n := 0
	if s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 0 {
			return nil, &actions.ErrInvalid{Field: "expires_in", Reason: "must be a number of seconds"}
		}
	}
	return &n, nil
}

func filterArgs(p *params) (actions.FilterArgs, error) {
	var args actions.FilterArgs
	if s, ok := p.optString("title"); ok {
		args.Title = &s
	}
	if _, ok := p.json["context"]; ok || len(p.Strings("context")) > 0 {
		args.Contexts = append([]string{}, p.Strings("context")...)
	}
	if s, ok := p.optString("filter_action"); ok {
		args.Action = &s
	}
	var err error
	if args.ExpiresIn, err = expiresIn(p); err != nil {
		return args, err
	}
	keywords, _ := p.Objects("keywords_attributes")
	for _, k := range keywords {
		kw := actions.KeywordArgs{Keyword: k["keyword"], Destroy: truthy(k["_destroy"])}
		if s, ok := k["whole_word"]; ok {
			b := truthy(s)
			kw.WholeWord = &b
		}
		if s := k["id"]; s != "" {
			var ok bool
			if kw.ID, ok = store.ParseID(s); !ok {
				return args, actions.ErrNotFound
			}
		}
		args.Keywords = append(args.Keywords, kw)
	}
	return args, nil
}

// Filters serves GET /api/v2/filters.
func (api *API) Filters(c echo.Context) error {
	return listOwned(c, api.Actions.Filters, filterEntity)
}

// GetFilter serves GET /api/v2/filters/:id.
func (api *API) GetFilter(c echo.Context) error {
	return getByID(c, api.Actions.Filter, filterEntity)
}

// CreateFilter serves POST /api/v2/filters.
func (api *API) CreateFilter(c echo.Context) error {
	return createFromParams(c, func(p *params) (actions.FilterArgs, error) {
		args, err := filterArgs(p)
		if args.Contexts == nil {
			args.Contexts = []string{}
		}
		return args, err
	}, api.Actions.CreateFilter, filterEntity)
}

// UpdateFilter serves PUT /api/v2/filters/:id.
func (api *API) UpdateFilter(c echo.Context) error {
	return updateByID(c, filterArgs, api.Actions.UpdateFilter, filterEntity)
}

// DeleteFilter serves DELETE /api/v2/filters/:id.
func (api *API) DeleteFilter(c echo.Context) error {
	return deleteByID(c, api.Actions.DeleteFilter)
}

// FilterKeywords serves GET /api/v2/filters/:id/keywords.
func (api *API) FilterKeywords(c echo.Context) error {
	return getByID(c, api.Actions.Filter, func(f *store.Filter) []FilterKeyword { return filterEntity(f).Keywords })
}

func keywordArgs(p *params) (actions.KeywordArgs, error) {
	return actions.KeywordArgs{Keyword: p.String("keyword"), WholeWord: p.Bool("whole_word")}, nil
}

// AddFilterKeyword serves POST /api/v2/filters/:id/keywords.
func (api *API) AddFilterKeyword(c echo.Context) error {
	return updateByID(c, keywordArgs, api.Actions.AddFilterKeyword, filterKeyword)
}

// GetFilterKeyword serves GET /api/v2/filters/keywords/:id.
func (api *API) GetFilterKeyword(c echo.Context) error {
	return getByID(c, func(ctx context.Context, viewer *store.Account, id store.ID) (*store.FilterKeyword, error) {
		kw, _, err := api.Actions.FilterKeyword(ctx, viewer, id)
		return kw, err
	}, filterKeyword)
}

// UpdateFilterKeyword serves PUT /api/v2/filters/keywords/:id.
func (api *API) UpdateFilterKeyword(c echo.Context) error {
	return updateByID(c, keywordArgs, api.Actions.UpdateFilterKeyword, filterKeyword)
}

// DeleteFilterKeyword serves DELETE /api/v2/filters/keywords/:id.
func (api *API) DeleteFilterKeyword(c echo.Context) error {
	return deleteByID(c, api.Actions.DeleteFilterKeyword)
}

// FilterStatuses serves GET /api/v2/filters/:id/statuses.
func (api *API) FilterStatuses(c echo.Context) error {
	return getByID(c, api.Actions.Filter, func(f *store.Filter) []FilterStatus { return filterEntity(f).Statuses })
}

func filterStatusArgs(p *params) (store.ID, error) {
	statusID, ok := store.ParseID(p.String("status_id"))
	if !ok {
		return 0, &actions.ErrInvalid{Field: "status_id", Reason: "can't be blank"}
	}
	return statusID, nil
}

// AddFilterStatus serves POST /api/v2/filters/:id/statuses.
func (api *API) AddFilterStatus(c echo.Context) error {
	return updateByID(c, filterStatusArgs, api.Actions.AddFilterStatus, filterStatus)
}

// GetFilterStatus serves GET /api/v2/filters/statuses/:id.
func (api *API) GetFilterStatus(c echo.Context) error {
	return getByID(c, api.Actions.FilterStatus, filterStatus)
}

// DeleteFilterStatus serves DELETE /api/v2/filters/statuses/:id.
func (api *API) DeleteFilterStatus(c echo.Context) error {
	return deleteByID(c, api.Actions.DeleteFilterStatus)
}

func v1FilterArgs(p *params) (actions.V1FilterArgs, error) {
	args := actions.V1FilterArgs{Phrase: p.String("phrase"), Contexts: p.Strings("context"),
		Irreversible: p.BoolOr("irreversible", false), WholeWord: p.BoolOr("whole_word", true)}
	var err error
	args.ExpiresIn, err = expiresIn(p)
	return args, err
}

// V1Filters serves GET /api/v1/filters.
func (api *API) V1Filters(c echo.Context) error {
	return listOwned(c, api.Actions.V1Filters, v1FilterEntity)
}

// GetV1Filter serves GET /api/v1/filters/:id.
func (api *API) GetV1Filter(c echo.Context) error {
	return getByID(c, api.Actions.GetV1Filter, v1FilterEntity)
}

// CreateV1Filter serves POST /api/v1/filters.
func (api *API) CreateV1Filter(c echo.Context) error {
	return createFromParams(c, v1FilterArgs, api.Actions.CreateV1Filter, v1FilterEntity)
}

// UpdateV1Filter serves PUT /api/v1/filters/:id.
func (api *API) UpdateV1Filter(c echo.Context) error {
	return updateByID(c, v1FilterArgs, api.Actions.UpdateV1Filter, v1FilterEntity)
}

// DeleteV1Filter serves DELETE /api/v1/filters/:id.
func (api *API) DeleteV1Filter(c echo.Context) error {
	return deleteByID(c, api.Actions.DeleteV1Filter)
}
