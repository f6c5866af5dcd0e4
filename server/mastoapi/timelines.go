package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/store"
)

// HomeTimeline serves GET /api/v1/timelines/home.
func (api *API) HomeTimeline(c echo.Context) error {
	list, err := api.Actions.HomeTimeline(c.Request().Context(), viewerAccount(c), page(c))
	if err != nil {
		return err
	}
	return api.renderStatuses(c, list)
}

func publicFilter(c echo.Context) store.PublicFilter {
	q := c.QueryParams()
	return store.PublicFilter{LocalOnly: truthy(q.Get("local")), RemoteOnly: truthy(q.Get("remote")), OnlyMedia: truthy(q.Get("only_media"))}
}

// PublicTimeline serves GET /api/v1/timelines/public.
func (api *API) PublicTimeline(c echo.Context) error {
	list, err := api.Actions.PublicTimeline(c.Request().Context(), viewerAccount(c), publicFilter(c), page(c))
	if err != nil {
		return err
	}
	return api.renderStatuses(c, list)
}

// TagTimeline serves GET /api/v1/timelines/tag/:hashtag.
func (api *API) TagTimeline(c echo.Context) error {
	list, err := api.Actions.TagTimeline(c.Request().Context(), viewerAccount(c), c.Param("hashtag"), publicFilter(c), page(c))
	if err != nil {
		return err
	}
	return api.renderStatuses(c, list)
}

// LinkTimeline serves GET /api/v1/timelines/link?url=.
func (api *API) LinkTimeline(c echo.Context) error {
	link := c.QueryParam("url")
	if link == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "param is missing or the value is empty: url")
	}
	list, err := api.Actions.LinkTimeline(c.Request().Context(), viewerAccount(c), link, publicFilter(c), page(c))
	if err != nil {
		return err
	}
	return api.renderStatuses(c, list)
}
