package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// statusOperation is one of the buttons under a status.
type statusOperation func(ctx context.Context, viewer *store.Account, id store.ID) (*actions.StatusView, error)

// operation maps a button's name to its operation.
func (h *Handlers) operation(name string) statusOperation {
	a := h.Actions
	switch name {
	case "favourite":
		return a.Favourite
	case "unfavourite":
		return a.Unfavourite
	case "reblog":
		return func(ctx context.Context, v *store.Account, id store.ID) (*actions.StatusView, error) {
			return a.Reblog(ctx, v, id, "")
		}
	case "unreblog":
		return a.Unreblog
	case "bookmark", "unbookmark":
		return func(ctx context.Context, v *store.Account, id store.ID) (*actions.StatusView, error) {
			return a.Bookmark(ctx, v, id, name == "bookmark")
		}
	case "pin", "unpin":
		return func(ctx context.Context, v *store.Account, id store.ID) (*actions.StatusView, error) {
			return a.Pin(ctx, v, id, name == "pin")
		}
	case "mute":
		return a.MuteConversation
	case "unmute":
		return a.UnmuteConversation
	case "delete":
		return a.DeleteStatus
	}
	return nil
}

// fragmentRequest is a post from roost.js, which wants the changed part of
// the page instead of a redirect.
func fragmentRequest(c echo.Context) bool {
	return c.Request().Header.Get("X-Requested-With") == "fetch"
}

// StatusAction applies one button (favourite, boost, bookmark, pin, mute
// the conversation, delete and their undos) and goes back to the page it was pressed on; roost.js
// gets the status redrawn instead.
func (h *Handlers) StatusAction(c echo.Context) error {
	op := h.operation(c.Param("action"))
	id, ok := store.ParseID(c.Param("id"))
	if op == nil || !ok {
		return actions.ErrNotFound
	}
	s := sessionOf(c)
	if _, err := op(c.Request().Context(), s.Account, id); err != nil {
		return err
	}
	if c.Param("action") == "delete" {
		if fragmentRequest(c) {
			return c.NoContent(http.StatusNoContent)
		}
		to := back(c, "")
		if strings.HasSuffix(strings.SplitN(to, "?", 2)[0], "/"+c.Param("id")) {
			to = "/home" // the status's own page is gone with it
		}
		return c.Redirect(http.StatusSeeOther, to)
	}
	if fragmentRequest(c) {
		return h.statusFragment(c, id)
	}
	return c.Redirect(http.StatusSeeOther, back(c, "s-"+store.FormatID(id)))
}

// statusFragment renders one status alone, as the viewer now sees it.
func (h *Handlers) statusFragment(c echo.Context, id store.ID) error {
	v := viewer(c)
	view, err := h.Actions.Status(c.Request().Context(), v, id)
	if err != nil {
		return err
	}
	card, ok := h.cardMaker(c, v, CSRFToken(c), view.Related).card(view.Status)
	if !ok {
		return actions.ErrNotFound
	}
	return h.fragment(c, "status", card)
}
