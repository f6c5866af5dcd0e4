package mastoapi

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"roost/store"
)

// pageLimits is one kind of list's default page size and its largest, as
// Mastodon documents them per endpoint.
type pageLimits struct{ def, most int }

// The page sizes of Mastodon's lists, by kind.
var (
	statusLimits       = pageLimits{20, 40}   // timelines, bookmarks, favourites, conversations, scheduled
	accountLimits      = pageLimits{40, 80}   // followers, following, blocks, mutes, endorsements, ...
	notificationLimits = pageLimits{40, 80}   // notifications (v1 and grouped) and notification requests
	tagLimits          = pageLimits{100, 200} // followed tags and blocked domains
)

// page reads a list of statuses' page: see pageOf.
func page(c echo.Context) store.Page { return pageOf(c, statusLimits) }

// pageOf reads max_id, since_id, min_id and limit; malformed ids are
// ignored, as Mastodon does, and limit is clamped to 1..l.most.
func pageOf(c echo.Context, l pageLimits) store.Page {
	q := c.QueryParams()
	p := store.Page{Limit: l.def}
	p.MaxID, _ = store.ParseID(q.Get("max_id"))
	p.SinceID, _ = store.ParseID(q.Get("since_id"))
	p.MinID, _ = store.ParseID(q.Get("min_id"))
	if n, err := strconv.Atoi(q.Get("limit")); err == nil {
		p.Limit = min(max(n, 1), l.most)
	}
	return p
}

// setLink writes the Link header every paginated list carries: next pages
// back from the oldest cursor, prev forward from the newest. cursors are
// the page's ids, newest first.
func (api *API) setLink(c echo.Context, cursors []store.ID) {
	if len(cursors) == 0 {
		return
	}
	base := api.Actions.Paths.Base + c.Request().URL.Path
	link := func(rel, key string, id store.ID) string {
		q := c.QueryParams()
		out := url.Values{}
		for k, v := range q {
			if k != "max_id" && k != "min_id" && k != "since_id" {
				out[k] = v
			}
		}
		out.Set(key, store.FormatID(id))
		return fmt.Sprintf(`<%s?%s>; rel="%s"`, base, out.Encode(), rel)
	}
	c.Response().Header().Set("Link", link("next", "max_id", cursors[len(cursors)-1])+", "+link("prev", "min_id", cursors[0]))
}
