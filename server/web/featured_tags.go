package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

type featuredTagsPage struct {
	Tags        []*store.FeaturedTag
	Suggestions []store.Tag
	Name        string
	Errors      formErrors
}

// FeaturedTagsSettings lists the hashtags the user features, with a form
// to feature another and the ones the user uses most.
func (h *Handlers) FeaturedTagsSettings(c echo.Context) error {
	return h.featuredTagsPage(c, http.StatusOK, featuredTagsPage{})
}

func (h *Handlers) featuredTagsPage(c echo.Context, code int, page featuredTagsPage) error {
	ctx, me := c.Request().Context(), sessionOf(c).Account
	var err error
	if page.Tags, err = h.Actions.FeaturedTags(ctx, me.ID); err != nil {
		return err
	}
	if page.Suggestions, err = h.Actions.FeaturedTagSuggestions(ctx, me); err != nil {
		return err
	}
	return h.render(c, code, "settings_featured_tags", page)
}

// FeatureTag features a hashtag on the user's profile.
func (h *Handlers) FeatureTag(c echo.Context) error {
	name := c.FormValue("name")
	if _, err := h.Actions.FeatureTag(c.Request().Context(), sessionOf(c).Account, name); err != nil {
		page := featuredTagsPage{Name: name}
		if page.Errors, err = formError(err, ""); err != nil {
			return err
		}
		return h.featuredTagsPage(c, http.StatusUnprocessableEntity, page)
	}
	return c.Redirect(http.StatusSeeOther, "/settings/featured_tags?notice=saved")
}

// UnfeatureTag takes a hashtag off the user's profile.
func (h *Handlers) UnfeatureTag(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.UnfeatureTag(c.Request().Context(), sessionOf(c).Account, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings/featured_tags?notice=saved")
}
