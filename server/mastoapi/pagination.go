package mastoapi

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"roost/store"
)

// Page sizes, as in Mastodon.
const (
	defaultLimit = 20
	maxLimit     = 40
)

// page reads max_id, since_id, min_id and limit; malformed ids are ignored,
// as Mastodon does, and limit is clamped to 1..maxLimit.
func page(c echo.Context) store.Page {
	q := c.QueryParams()
	p := store.Page{Limit: defaultLimit}
	p.MaxID, _ = store.ParseID(q.Get("max_id"))
	p.SinceID, _ = store.ParseID(q.Get("since_id"))
	p.MinID, _ = store.ParseID(q.Get("min_id"))
	if n, err := strconv.Atoi(q.Get("limit")); err == nil {
		p.Limit = min(max(n, 1), maxLimit)
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
