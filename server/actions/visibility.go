package actions

import (
	"context"
	"errors"

	"roost/store"
)

// CanSee is the one visibility rule for a single status; store.VisibleTo is
// the same rule as SQL for lists (see TestVisibilityMatrix). viewer is nil
// for anonymous readers. A reblog is visible only if its original is too.
func (a *Actions) CanSee(ctx context.Context, viewer *store.Account, s *store.Status) (bool, error) {
	ok, err := a.canSeeOne(ctx, viewer, s)
	if err != nil || !ok || s.ReblogOfID == nil {
		return ok, err
	}
	orig, err := a.DB.Status(ctx, *s.ReblogOfID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return a.canSeeOne(ctx, viewer, orig)
}

func (a *Actions) canSeeOne(ctx context.Context, viewer *store.Account, s *store.Status) (bool, error) {
	var viewerID store.ID
	if viewer != nil {
		viewerID = viewer.ID
	}
	facts, err := a.DB.VisibilityFacts(ctx, viewerID, s)
	if err != nil {
		return false, err
	}
	return visible(viewerID, s, facts), nil
}

// visible is the rule itself, on facts already gathered.
func visible(viewer store.ID, s *store.Status, f store.VisibilityFacts) bool {
	switch {
	case f.AuthorSuspended:
		return false
	case viewer == 0:
		return s.Visibility == store.VisibilityPublic || s.Visibility == store.VisibilityUnlisted
	case viewer == s.AccountID:
		return true
	case f.BlockedByAuthor:
		return false
	case s.Visibility == store.VisibilityPublic || s.Visibility == store.VisibilityUnlisted || f.Mentioned:
		return true
	case s.Visibility == store.VisibilityPrivate:
		return f.Following
	}
	return false
}

// visibleStatus loads a status the viewer may see; anything else, including
// a status that exists but is hidden from the viewer, is ErrNotFound.
func (a *Actions) visibleStatus(ctx context.Context, viewer *store.Account, id store.ID) (*store.Status, error) {
	s, err := a.DB.Status(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	ok, err := a.CanSee(ctx, viewer, s)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotFound
	}
	return s, nil
}

func idOf(acct *store.Account) store.ID {
	if acct == nil {
		return 0
	}
	return acct.ID
}
