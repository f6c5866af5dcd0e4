package mastoapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// Search serves GET /api/v2/search.
func (api *API) Search(c echo.Context) error {
	q := c.QueryParams()
	if q.Get("q") == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "param is missing or the value is empty: q")
	}
	viewer := viewerAccount(c)
	// Mastodon keeps paging and network lookups for signed-in callers.
	if viewer == nil && q.Get("offset") != "" {
		return echo.NewHTTPError(http.StatusUnauthorized, "Search queries pagination is not supported without authentication")
	}
	if viewer == nil && truthy(q.Get("resolve")) {
		return echo.NewHTTPError(http.StatusUnauthorized, "Search queries that resolve remote resources are not supported without authentication")
	}
	p := page(c)
	args := actions.SearchArgs{Query: q.Get("q"), Type: q.Get("type"), Resolve: truthy(q.Get("resolve")),
		Following: truthy(q.Get("following")), ExcludeUnreviewed: truthy(q.Get("exclude_unreviewed")),
		Limit: p.Limit, Offset: offset(c), Page: p}
	if s := q.Get("account_id"); s != "" {
		args.AccountID, _ = store.ParseID(s)
		if args.AccountID == 0 {
			return actions.ErrNotFound
		}
	}
	res, err := api.Actions.Search(c.Request().Context(), viewer, args)
	if err != nil {
		return err
	}
	out := SearchResults{Accounts: api.accounts(res.Accounts), Statuses: api.statuses(res.Related, res.List, viewer), Hashtags: []*Hashtag{}}
	for _, t := range res.Tags {
		out.Hashtags = append(out.Hashtags, api.hashtag(t, res.TagHistory[t.ID], viewer))
	}
	return c.JSON(http.StatusOK, out)
}

// offset reads the offset parameter of a search (0 when absent or malformed).
func offset(c echo.Context) int {
	n, err := strconv.Atoi(c.QueryParam("offset"))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// GetTag serves GET /api/v1/tags/:name.
func (api *API) GetTag(c echo.Context) error {
	return api.renderTag(c, api.Actions.FollowedTag)
}

// hashtag renders Mastodon's Tag entity: history is a week of daily use,
// today first, in strings as Mastodon writes them; following (not kept
// yet, so false) is said only to a signed-in viewer.
func (api *API) hashtag(t store.Tag, history []store.TagDay, viewer *store.Account) *Hashtag {
	out := &Hashtag{Name: t.Name, URL: api.Actions.Paths.Tag(t.Name), History: []TagHistory{}}
	for _, d := range history {
		out.History = append(out.History, TagHistory{Day: strconv.FormatInt(d.Day.Unix(), 10),
			Uses: strconv.Itoa(d.Uses), Accounts: strconv.Itoa(d.Accounts)})
	}
	if t.ID != 0 {
		out.ID = store.FormatID(t.ID)
	}
	if viewer != nil {
		following := false
		out.Following = &following
	}
	return out
}
