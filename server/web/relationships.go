package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// accountOperation is one of the buttons on a profile.
type accountOperation func(ctx context.Context, viewer *store.Account, id store.ID) (*store.Relationship, error)

// relationshipOperation maps a profile button's name to its operation.
func (h *Handlers) relationshipOperation(c echo.Context, name string) accountOperation {
	a := h.Actions
	switch name {
	case "follow":
		return func(ctx context.Context, v *store.Account, id store.ID) (*store.Relationship, error) {
			return a.Follow(ctx, v, id, actions.FollowArgs{Reblogs: true})
		}
	case "languages":
		// The form carries the follow's other options as they stand.
		return func(ctx context.Context, v *store.Account, id store.ID) (*store.Relationship, error) {
			form, err := c.FormParams()
			if err != nil {
				return nil, err
			}
			languages := form["languages"]
			return a.Follow(ctx, v, id, actions.FollowArgs{Reblogs: checked(form.Get("reblogs")), Notify: checked(form.Get("notify")),
				Languages: &languages})
		}
	case "unfollow":
		return a.Unfollow
	case "block":
		return a.Block
	case "unblock":
		return a.Unblock
	case "mute":
		return func(ctx context.Context, v *store.Account, id store.ID) (*store.Relationship, error) {
			return a.Mute(ctx, v, id, muteArgs(c))
		}
	case "unmute":
		return a.Unmute
	case "remove_from_followers":
		return a.RemoveFromFollowers
	case "endorse":
		return a.Endorse
	case "unendorse":
		return a.Unendorse
	case "note":
		return func(ctx context.Context, v *store.Account, id store.ID) (*store.Relationship, error) {
			return a.SetAccountNote(ctx, v, id, c.FormValue("comment"))
		}
	}
	return nil
}

// AccountAction applies one profile button (follow, block, mute, feature,
// remove from followers, the private note) and goes back; roost.js gets the buttons redrawn instead.
func (h *Handlers) AccountAction(c echo.Context) error {
	op := h.relationshipOperation(c, c.Param("action"))
	id, ok := store.ParseID(c.Param("id"))
	if op == nil || !ok {
		return actions.ErrNotFound
	}
	rel, err := op(c.Request().Context(), sessionOf(c).Account, id)
	if err != nil {
		return err
	}
	if fragmentRequest(c) {
		acct, err := h.Actions.Account(c.Request().Context(), id)
		if err != nil {
			return err
		}
		return h.fragment(c, "relationship", relationshipView{Relationship: *rel, AccountID: c.Param("id"),
			Locked: acct.Locked, CSRF: CSRFToken(c)})
	}
	return c.Redirect(http.StatusSeeOther, back(c, "relationship"))
}

// muteArgs reads the mute form's options; the plain button (no options
// field) mutes for good, notifications included.
func muteArgs(c echo.Context) actions.MuteArgs {
	args := actions.MuteArgs{Notifications: true}
	if c.FormValue("options") == "" {
		return args
	}
	args.Notifications = checked(c.FormValue("notifications"))
	if n, err := strconv.Atoi(c.FormValue("duration")); err == nil && n > 0 {
		args.Duration = time.Duration(min(n, actions.MaxExpirySeconds)) * time.Second
	}
	return args
}
