package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/store"
)

// FeaturedTag is Mastodon's FeaturedTag entity.
type FeaturedTag struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	URL           string  `json:"url"`
	StatusesCount int     `json:"statuses_count"`
	LastStatusAt  *string `json:"last_status_at"` // a date, as Mastodon writes it
}

func (api *API) featuredTags(acct *store.Account, list []*store.FeaturedTag) []*FeaturedTag {
	out := make([]*FeaturedTag, 0, len(list))
	for _, f := range list {
		ft := &FeaturedTag{ID: store.FormatID(f.ID), Name: f.Name, StatusesCount: f.StatusesCount,
			URL: api.Actions.Paths.Base + "/@" + acct.Acct() + "/tagged/" + f.Name}
		if acct.Local() {
			ft.URL = api.Actions.Paths.Profile(acct.Username) + "/tagged/" + f.Name
		}
		if f.LastStatusAt != nil {
			day := f.LastStatusAt.UTC().Format("2006-01-02")
			ft.LastStatusAt = &day
		}
		out = append(out, ft)
	}
	return out
}

// FeaturedTags serves GET /api/v1/featured_tags: the caller's own.
func (api *API) FeaturedTags(c echo.Context) error {
	viewer := viewerAccount(c)
	list, err := api.Actions.FeaturedTags(c.Request().Context(), viewer.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.featuredTags(viewer, list))
}

// AccountFeaturedTags serves GET /api/v1/accounts/:id/featured_tags.
func (api *API) AccountFeaturedTags(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	acct, err := api.Actions.Account(c.Request().Context(), id)
	if err != nil {
		return err
	}
	list, err := api.Actions.FeaturedTags(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.featuredTags(acct, list))
}

// FeatureTag serves POST /api/v1/featured_tags.
func (api *API) FeatureTag(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	viewer := viewerAccount(c)
	ft, err := api.Actions.FeatureTag(c.Request().Context(), viewer, p.String("name"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.featuredTags(viewer, []*store.FeaturedTag{ft})[0])
}

// UnfeatureTag serves DELETE /api/v1/featured_tags/:id.
func (api *API) UnfeatureTag(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := api.Actions.UnfeatureTag(c.Request().Context(), viewerAccount(c), id); err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, []byte("{}"))
}

// FeaturedTagSuggestions serves GET /api/v1/featured_tags/suggestions:
// Tag entities of the caller's most used hashtags.
func (api *API) FeaturedTagSuggestions(c echo.Context) error {
	list, err := api.Actions.FeaturedTagSuggestions(c.Request().Context(), viewerAccount(c))
	if err != nil {
		return err
	}
	out := make([]Tag, 0, len(list))
	for _, t := range list {
		out = append(out, Tag{Name: t.Name, URL: api.Actions.Paths.Tag(t.Name)})
	}
	return c.JSON(http.StatusOK, out)
}
