package mastoapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// renderTag runs one tag operation on the :name parameter and renders the
// Tag entity, following said truthfully to a signed-in viewer.
func (api *API) renderTag(c echo.Context, op func(context.Context, *store.Account, string) (*actions.TagView, error)) error {
	viewer := viewerAccount(c)
	t, err := op(c.Request().Context(), viewer, c.Param("name"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.tagView(t, viewer))
}

func (api *API) tagView(t *actions.TagView, viewer *store.Account) *Hashtag {
	out := api.hashtag(t.Tag, t.History, viewer)
	if out.Following != nil {
		*out.Following = t.Following
	}
	return out
}

// FollowTag serves POST /api/v1/tags/:name/follow.
func (api *API) FollowTag(c echo.Context) error {
	return api.renderTag(c, api.Actions.FollowTag)
}

// UnfollowTag serves POST /api/v1/tags/:name/unfollow.
func (api *API) UnfollowTag(c echo.Context) error {
	return api.renderTag(c, api.Actions.UnfollowTag)
}

// FollowedTags serves GET /api/v1/followed_tags.
func (api *API) FollowedTags(c echo.Context) error {
	viewer := viewerAccount(c)
	list, err := api.Actions.FollowedTags(c.Request().Context(), viewer, pageOf(c, tagLimits))
	if err != nil {
		return err
	}
	out := make([]*Hashtag, 0, len(list))
	cursors := make([]store.ID, 0, len(list))
	for _, t := range list {
		out = append(out, api.tagView(t, viewer))
		cursors = append(cursors, t.Tag.ID)
	}
	api.setLink(c, cursors)
	return c.JSON(http.StatusOK, out)
}
