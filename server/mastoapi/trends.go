package mastoapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// TrendLink is Mastodon's Trends::Link: a preview card with its history.
type TrendLink struct {
	*PreviewCard
	History []TagHistory `json:"history"`
}

// Suggestion is Mastodon's Suggestion entity (v2).
type Suggestion struct {
	Source  string   `json:"source"`
	Sources []string `json:"sources"`
	Account *Account `json:"account"`
}

// trendArgs reads limit and offset.
func trendArgs(c echo.Context) actions.TrendArgs {
	var t actions.TrendArgs
	t.Limit, _ = strconv.Atoi(c.QueryParam("limit"))
	t.Offset, _ = strconv.Atoi(c.QueryParam("offset"))
	return t
}

// TrendingTags serves GET /api/v1/trends/tags (and /api/v1/trends).
func (api *API) TrendingTags(c echo.Context) error {
	res, err := api.Actions.TrendingTags(c.Request().Context(), trendArgs(c))
	if err != nil {
		return err
	}
	out := make([]*Hashtag, 0, len(res.Tags))
	for _, t := range res.Tags {
		out = append(out, api.hashtag(t, res.History[t.ID], viewerAccount(c)))
	}
	return c.JSON(http.StatusOK, out)
}

// TrendingStatuses serves GET /api/v1/trends/statuses.
func (api *API) TrendingStatuses(c echo.Context) error {
	viewer := viewerAccount(c)
	res, err := api.Actions.TrendingStatuses(c.Request().Context(), viewer, trendArgs(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.statuses(res.Related, res.List, viewer))
}

// TrendingLinks serves GET /api/v1/trends/links.
func (api *API) TrendingLinks(c echo.Context) error {
	list, err := api.Actions.TrendingLinks(c.Request().Context(), trendArgs(c))
	if err != nil {
		return err
	}
	out := make([]TrendLink, 0, len(list))
	for _, l := range list {
		card := previewCard(actions.ParseCard(l.Card))
		if card == nil {
			continue
		}
		h := make([]TagHistory, 0, len(l.History))
		for _, d := range l.History {
			h = append(h, TagHistory{Day: strconv.FormatInt(d.Day.Unix(), 10), Uses: strconv.Itoa(d.Uses),
				Accounts: strconv.Itoa(d.Accounts)})
		}
		out = append(out, TrendLink{PreviewCard: card, History: h})
	}
	return c.JSON(http.StatusOK, out)
}

// SuggestionsV1 serves GET /api/v1/suggestions: accounts.
func (api *API) SuggestionsV1(c echo.Context) error {
	limit, _ := strconv.Atoi(c.QueryParam("limit"))
	list, err := api.Actions.Suggestions(c.Request().Context(), viewerAccount(c), limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.accounts(list))
}

// SuggestionsV2 serves GET /api/v2/suggestions: accounts with the reason.
func (api *API) SuggestionsV2(c echo.Context) error {
	limit, _ := strconv.Atoi(c.QueryParam("limit"))
	list, err := api.Actions.Suggestions(c.Request().Context(), viewerAccount(c), limit)
	if err != nil {
		return err
	}
	out := make([]Suggestion, 0, len(list))
	for _, a := range api.accounts(list) {
		out = append(out, Suggestion{Source: "friends_of_friends", Sources: []string{"friends_of_friends"}, Account: a})
	}
	return c.JSON(http.StatusOK, out)
}

// DismissSuggestion serves DELETE /api/v1/suggestions/:account_id.
func (api *API) DismissSuggestion(c echo.Context) error {
	id, ok := store.ParseID(c.Param("account_id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := api.Actions.DismissSuggestion(c.Request().Context(), viewerAccount(c), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// Directory serves GET /api/v1/directory.
func (api *API) Directory(c echo.Context) error {
	args := actions.DirectoryArgs{Local: truthy(c.QueryParam("local")), Newest: c.QueryParam("order") == "new",
		TrendArgs: trendArgs(c)}
	list, err := api.Actions.Directory(c.Request().Context(), args)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.accounts(list))
}
