package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// readingPage is the settings page for what the user reads beyond the
// people followed: followed hashtags and the private home feed.
type readingPage struct {
	Tags    []*actions.TagView
	HasFeed bool
	// FeedURL is shown once, right after it is made: only its hash is kept.
	FeedURL string
}

// followedTagsShown bounds the followed hashtags the settings page lists.
const followedTagsShown = 200

// ReadingSettings lists followed hashtags and the home feed's state.
func (h *Handlers) ReadingSettings(c echo.Context) error {
	return h.readingPage(c, readingPage{})
}

func (h *Handlers) readingPage(c echo.Context, page readingPage) error {
	ctx, s := c.Request().Context(), sessionOf(c)
	var err error
	if page.Tags, err = h.Actions.FollowedTags(ctx, s.Account, store.Page{Limit: followedTagsShown}); err != nil {
		return err
	}
	tok, err := h.Actions.HomeFeedToken(ctx, s.User)
	if err != nil {
		return err
	}
	page.HasFeed = tok != nil
	return h.render(c, http.StatusOK, "settings_reading", page)
}

// CreateHomeFeed makes a new private feed address (the old one stops
// working) and shows it once.
func (h *Handlers) CreateHomeFeed(c echo.Context) error {
	secret, err := h.Actions.CreateHomeFeed(c.Request().Context(), sessionOf(c).User)
	if err != nil {
		return err
	}
	return h.readingPage(c, readingPage{FeedURL: h.absolute("/feeds/home/" + secret + ".rss")})
}

// RevokeHomeFeed makes the private feed address stop working.
func (h *Handlers) RevokeHomeFeed(c echo.Context) error {
	if err := h.Actions.RevokeHomeFeed(c.Request().Context(), sessionOf(c).User); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings/reading?notice=revoked")
}

// FollowTag and UnfollowTag follow a hashtag from its page or stop
// following it from there or from the settings page.
func (h *Handlers) FollowTag(c echo.Context) error { return h.followTag(c, h.Actions.FollowTag) }

// UnfollowTag: see FollowTag.
func (h *Handlers) UnfollowTag(c echo.Context) error { return h.followTag(c, h.Actions.UnfollowTag) }

func (h *Handlers) followTag(c echo.Context, op func(ctx context.Context, viewer *store.Account, name string) (*actions.TagView, error)) error {
	name := c.Param("name")
	if _, err := op(c.Request().Context(), sessionOf(c).Account, name); err != nil {
		return err
	}
	if c.FormValue("from") == "settings" {
		return c.Redirect(http.StatusSeeOther, "/settings/reading?notice=saved")
	}
	return c.Redirect(http.StatusSeeOther, "/tags/"+url.PathEscape(name))
}
