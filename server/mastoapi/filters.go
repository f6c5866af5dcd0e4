package mastoapi

import (
	"context"
	"net/http"
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

func renderFilter(c echo.Context, f *store.Filter, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, filterEntity(f))
}

// Filters serves GET /api/v2/filters.
func (api *API) Filters(c echo.Context) error {
	list, err := api.Actions.Filters(c.Request().Context(), viewerAccount(c))
	if err != nil {
		return err
	}
	out := make([]*Filter, 0, len(list))
	for _, f := range list {
		out = append(out, filterEntity(f))
	}
	return c.JSON(http.StatusOK, out)
}

// GetFilter serves GET /api/v2/filters/:id.
func (api *API) GetFilter(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f, err := api.Actions.Filter(c.Request().Context(), viewerAccount(c), id)
	return renderFilter(c, f, err)
}

// CreateFilter serves POST /api/v2/filters.
func (api *API) CreateFilter(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	args, err := filterArgs(p)
	if err != nil {
		return err
	}
	if args.Contexts == nil {
		args.Contexts = []string{}
	}
	f, err := api.Actions.CreateFilter(c.Request().Context(), viewerAccount(c), args)
	return renderFilter(c, f, err)
}

// UpdateFilter serves PUT /api/v2/filters/:id.
func (api *API) UpdateFilter(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := readParams(c)
	if err != nil {
		return err
	}
	args, err := filterArgs(p)
	if err != nil {
		return err
	}
	f, err := api.Actions.UpdateFilter(c.Request().Context(), viewerAccount(c), id, args)
	return renderFilter(c, f, err)
}

// DeleteFilter serves DELETE /api/v2/filters/:id.
func (api *API) DeleteFilter(c echo.Context) error {
	return api.deleteByID(c, api.Actions.DeleteFilter)
}

func (api *API) deleteByID(c echo.Context, op func(context.Context, *store.Account, store.ID) error) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := op(c.Request().Context(), viewerAccount(c), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// FilterKeywords serves GET /api/v2/filters/:id/keywords.
func (api *API) FilterKeywords(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f, err := api.Actions.Filter(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, filterEntity(f).Keywords)
}

func keywordArgs(c echo.Context) (actions.KeywordArgs, error) {
	p, err := readParams(c)
	if err != nil {
		return actions.KeywordArgs{}, err
	}
	return actions.KeywordArgs{Keyword: p.String("keyword"), WholeWord: p.Bool("whole_word")}, nil
}

// AddFilterKeyword serves POST /api/v2/filters/:id/keywords.
func (api *API) AddFilterKeyword(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	args, err := keywordArgs(c)
	if err != nil {
		return err
	}
	kw, err := api.Actions.AddFilterKeyword(c.Request().Context(), viewerAccount(c), id, args)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, filterKeyword(*kw))
}

// GetFilterKeyword serves GET /api/v2/filters/keywords/:id.
func (api *API) GetFilterKeyword(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	kw, _, err := api.Actions.FilterKeyword(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, filterKeyword(*kw))
}

// UpdateFilterKeyword serves PUT /api/v2/filters/keywords/:id.
func (api *API) UpdateFilterKeyword(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	args, err := keywordArgs(c)
	if err != nil {
		return err
	}
	kw, err := api.Actions.UpdateFilterKeyword(c.Request().Context(), viewerAccount(c), id, args)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, filterKeyword(*kw))
}

// DeleteFilterKeyword serves DELETE /api/v2/filters/keywords/:id.
func (api *API) DeleteFilterKeyword(c echo.Context) error {
	return api.deleteByID(c, api.Actions.DeleteFilterKeyword)
}

// FilterStatuses serves GET /api/v2/filters/:id/statuses.
func (api *API) FilterStatuses(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f, err := api.Actions.Filter(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, filterEntity(f).Statuses)
}

// AddFilterStatus serves POST /api/v2/filters/:id/statuses.
func (api *API) AddFilterStatus(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := readParams(c)
	if err != nil {
		return err
	}
	statusID, ok := store.ParseID(p.String("status_id"))
	if !ok {
		return &actions.ErrInvalid{Field: "status_id", Reason: "can't be blank"}
	}
	fs, err := api.Actions.AddFilterStatus(c.Request().Context(), viewerAccount(c), id, statusID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, filterStatus(*fs))
}

// GetFilterStatus serves GET /api/v2/filters/statuses/:id.
func (api *API) GetFilterStatus(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	fs, err := api.Actions.FilterStatus(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, filterStatus(*fs))
}

// DeleteFilterStatus serves DELETE /api/v2/filters/statuses/:id.
func (api *API) DeleteFilterStatus(c echo.Context) error {
	return api.deleteByID(c, api.Actions.DeleteFilterStatus)
}

func v1FilterArgs(c echo.Context) (actions.V1FilterArgs, error) {
	p, err := readParams(c)
	if err != nil {
		return actions.V1FilterArgs{}, err
	}
	args := actions.V1FilterArgs{Phrase: p.String("phrase"), Contexts: p.Strings("context"),
		Irreversible: p.BoolOr("irreversible", false), WholeWord: p.BoolOr("whole_word", true)}
	args.ExpiresIn, err = expiresIn(p)
	return args, err
}

func renderV1Filter(c echo.Context, f *actions.V1Filter, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v1FilterEntity(f))
}

// V1Filters serves GET /api/v1/filters.
func (api *API) V1Filters(c echo.Context) error {
	list, err := api.Actions.V1Filters(c.Request().Context(), viewerAccount(c))
	if err != nil {
		return err
	}
	out := make([]*V1Filter, 0, len(list))
	for _, f := range list {
		out = append(out, v1FilterEntity(f))
	}
	return c.JSON(http.StatusOK, out)
}

// GetV1Filter serves GET /api/v1/filters/:id.
func (api *API) GetV1Filter(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	f, err := api.Actions.GetV1Filter(c.Request().Context(), viewerAccount(c), id)
	return renderV1Filter(c, f, err)
}

// CreateV1Filter serves POST /api/v1/filters.
func (api *API) CreateV1Filter(c echo.Context) error {
	args, err := v1FilterArgs(c)
	if err != nil {
		return err
	}
	f, err := api.Actions.CreateV1Filter(c.Request().Context(), viewerAccount(c), args)
	return renderV1Filter(c, f, err)
}

// UpdateV1Filter serves PUT /api/v1/filters/:id.
func (api *API) UpdateV1Filter(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	args, err := v1FilterArgs(c)
	if err != nil {
		return err
	}
	f, err := api.Actions.UpdateV1Filter(c.Request().Context(), viewerAccount(c), id, args)
	return renderV1Filter(c, f, err)
}

// DeleteV1Filter serves DELETE /api/v1/filters/:id.
func (api *API) DeleteV1Filter(c echo.Context) error {
	return api.deleteByID(c, api.Actions.DeleteV1Filter)
}
