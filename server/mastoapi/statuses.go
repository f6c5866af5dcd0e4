package mastoapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// viewerAccount is the calling account, nil for anonymous and app-only callers.
func viewerAccount(c echo.Context) *store.Account {
	if v := ViewerOf(c); v != nil {
		return v.Account
	}
	return nil
}

func (api *API) renderStatus(c echo.Context, code int, v *actions.StatusView) error {
	return c.JSON(code, api.status(v.Related, v.Status, viewerAccount(c)))
}

func (api *API) renderStatuses(c echo.Context, page *actions.Statuses) error {
	api.setLink(c, page.Cursors)
	if page.Related == nil {
		return c.JSON(http.StatusOK, []*Status{})
	}
	return c.JSON(http.StatusOK, api.statuses(page.Related, page.List, viewerAccount(c)))
}

func (api *API) renderAccounts(c echo.Context, page *actions.Accounts, err error) error {
	if err != nil {
		return err
	}
	api.setLink(c, page.Cursors)
	return c.JSON(http.StatusOK, api.accounts(page.List))
}

// CreateStatus serves POST /api/v1/statuses.
func (api *API) CreateStatus(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	media, err := p.IDs("media_ids")
	if err != nil {
		return err
	}
	pa, err := pollArgs(p)
	if err != nil {
		return err
	}
	args := actions.PostStatusArgs{
		Text: p.String("status"), Visibility: p.String("visibility"), SpoilerText: p.String("spoiler_text"),
		Sensitive: p.BoolOr("sensitive", false), Language: p.String("language"), MediaIDs: media, Poll: pa,
		IdempotencyKey: c.Request().Header.Get("Idempotency-Key"), ApplicationID: ViewerOf(c).Token.AppID,
	}
	if s := p.String("in_reply_to_id"); s != "" {
		if args.InReplyToID, _ = store.ParseID(s); args.InReplyToID == 0 {
			return actions.ErrNotFound
		}
	}
	if at := p.String("scheduled_at"); at != "" {
		when, err := parseScheduledAt(at)
		if err != nil {
			return err
		}
		s, err := api.Actions.ScheduleStatus(c.Request().Context(), viewerAccount(c), args, when)
		return renderScheduled(c, s, err)
	}
	v, err := api.Actions.PostStatus(c.Request().Context(), viewerAccount(c), args)
	if err != nil {
		return err
	}
	return api.renderStatus(c, http.StatusOK, v)
}

// GetStatus serves GET /api/v1/statuses/:id.
func (api *API) GetStatus(c echo.Context) error {
	return api.statusAction(c, api.Actions.Status)
}

// statusAction runs an operation on the status named by :id and renders the result.
func (api *API) statusAction(c echo.Context, op func(ctx context.Context, viewer *store.Account, id store.ID) (*actions.StatusView, error)) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := op(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	return api.renderStatus(c, http.StatusOK, v)
}

// DeleteStatus serves DELETE /api/v1/statuses/:id: the deleted status with its source text.
func (api *API) DeleteStatus(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := api.Actions.DeleteStatus(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	out := api.status(v.Related, v.Status, viewerAccount(c))
	out.Text = &v.Status.Text
	return c.JSON(http.StatusOK, out)
}

// StatusContext serves GET /api/v1/statuses/:id/context.
func (api *API) StatusContext(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	t, err := api.Actions.StatusContext(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	viewer := viewerAccount(c)
	return c.JSON(http.StatusOK, Context{Ancestors: api.statuses(t.Related, t.Ancestors, viewer),
		Descendants: api.statuses(t.Related, t.Descendants, viewer)})
}

// Favourite serves POST /api/v1/statuses/:id/favourite.
func (api *API) Favourite(c echo.Context) error { return api.statusAction(c, api.Actions.Favourite) }

// Unfavourite serves POST /api/v1/statuses/:id/unfavourite.
func (api *API) Unfavourite(c echo.Context) error {
	return api.statusAction(c, api.Actions.Unfavourite)
}

// Reblog serves POST /api/v1/statuses/:id/reblog.
func (api *API) Reblog(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	return api.statusAction(c, func(ctx context.Context, viewer *store.Account, id store.ID) (*actions.StatusView, error) {
		return api.Actions.Reblog(ctx, viewer, id, p.String("visibility"))
	})
}

// Unreblog serves POST /api/v1/statuses/:id/unreblog.
func (api *API) Unreblog(c echo.Context) error { return api.statusAction(c, api.Actions.Unreblog) }

// Bookmark serves POST /api/v1/statuses/:id/bookmark.
func (api *API) Bookmark(c echo.Context) error { return api.toggle(c, api.Actions.Bookmark, true) }

// Unbookmark serves POST /api/v1/statuses/:id/unbookmark.
func (api *API) Unbookmark(c echo.Context) error { return api.toggle(c, api.Actions.Bookmark, false) }

// Pin serves POST /api/v1/statuses/:id/pin.
func (api *API) Pin(c echo.Context) error { return api.toggle(c, api.Actions.Pin, true) }

// Unpin serves POST /api/v1/statuses/:id/unpin.
func (api *API) Unpin(c echo.Context) error { return api.toggle(c, api.Actions.Pin, false) }

func (api *API) toggle(c echo.Context, op func(context.Context, *store.Account, store.ID, bool) (*actions.StatusView, error), on bool) error {
	return api.statusAction(c, func(ctx context.Context, viewer *store.Account, id store.ID) (*actions.StatusView, error) {
		return op(ctx, viewer, id, on)
	})
}

// FavouritedBy serves GET /api/v1/statuses/:id/favourited_by.
func (api *API) FavouritedBy(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	list, err := api.Actions.FavouritedBy(c.Request().Context(), viewerAccount(c), id, pageOf(c, accountLimits))
	return api.renderAccounts(c, list, err)
}

// RebloggedBy serves GET /api/v1/statuses/:id/reblogged_by.
func (api *API) RebloggedBy(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	list, err := api.Actions.RebloggedBy(c.Request().Context(), viewerAccount(c), id, pageOf(c, accountLimits))
	return api.renderAccounts(c, list, err)
}

// EditStatus serves PUT /api/v1/statuses/:id.
func (api *API) EditStatus(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	// As in Mastodon, an edit without media_ids removes the media.
	media, err := p.IDs("media_ids")
	if err != nil {
		return err
	}
	args := actions.EditStatusArgs{Text: p.String("status"), SpoilerText: p.String("spoiler_text"),
		Sensitive: p.BoolOr("sensitive", false), Language: p.String("language"), MediaIDs: &media}
	return api.statusAction(c, func(ctx context.Context, viewer *store.Account, id store.ID) (*actions.StatusView, error) {
		return api.Actions.EditStatus(ctx, viewer, id, args)
	})
}

// StatusHistory serves GET /api/v1/statuses/:id/history.
func (api *API) StatusHistory(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	h, err := api.Actions.StatusHistory(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	author := api.account(h.Accounts[h.Status.AccountID])
	out := make([]StatusEdit, 0, len(h.Versions))
	for _, v := range h.Versions {
		edit := StatusEdit{Content: v.Content, SpoilerText: v.SpoilerText, Sensitive: v.Sensitive,
			CreatedAt: timestamp(v.CreatedAt), Account: author, MediaAttachments: []*MediaAttachment{}, Emojis: []Emoji{}}
		for _, id := range v.MediaIDs {
			if m := h.Media[id]; m != nil {
				edit.MediaAttachments = append(edit.MediaAttachments, api.attachment(m.Attachment()))
			}
		}
		out = append(out, edit)
	}
	return c.JSON(http.StatusOK, out)
}

// StatusSource serves GET /api/v1/statuses/:id/source.
func (api *API) StatusSource(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	s, err := api.Actions.StatusSource(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, StatusSource{ID: store.FormatID(s.ID), Text: s.Text, SpoilerText: s.SpoilerText})
}

// Bookmarks serves GET /api/v1/bookmarks.
func (api *API) Bookmarks(c echo.Context) error {
	list, err := api.Actions.Bookmarks(c.Request().Context(), viewerAccount(c), page(c))
	if err != nil {
		return err
	}
	return api.renderStatuses(c, list)
}

// Favourites serves GET /api/v1/favourites.
func (api *API) Favourites(c echo.Context) error {
	list, err := api.Actions.Favourites(c.Request().Context(), viewerAccount(c), page(c))
	if err != nil {
		return err
	}
	return api.renderStatuses(c, list)
}
