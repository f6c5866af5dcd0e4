package actions

import (
	"context"
	"errors"

	"roost/store"
)

// ApplyRemotePin records that a remote actor pinned (on) or unpinned one
// of its own statuses, as its Add or Remove targeting its featured
// collection says. The inbox calls it once the activity is verified and
// the status is known (fetched if need be); pins then show through
// GET /api/v1/accounts/:id/statuses?pinned=true and on the profile page
// like local ones. A status by someone else, a reblog, or one that is not
// public or unlisted is refused, as a local pin would be; pins past
// MaxPins are kept, since the remote server enforces its own limit.
func (a *Actions) ApplyRemotePin(ctx context.Context, actor *store.Account, statusURI string, on bool) error {
	if actor.Local() {
		return ErrForbidden
	}
	s, err := a.DB.StatusByURI(ctx, statusURI)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if s.AccountID != actor.ID {
		return ErrForbidden
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		if !on {
			return tx.DeletePin(actor.ID, s.ID)
		}
		if s.ReblogOfID != nil || s.Visibility != store.VisibilityPublic && s.Visibility != store.VisibilityUnlisted {
			return invalid("", "Only public or unlisted statuses can be pinned")
		}
		return tx.InsertPin(actor.ID, s.ID)
	})
}
