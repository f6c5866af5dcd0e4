package actions

import (
	"context"
	"errors"
	"time"

	"roost/server/events"
	"roost/store"
)

// Favourite favourites a visible status, notifying its author.
func (a *Actions) Favourite(ctx context.Context, viewer *store.Account, id store.ID) (*StatusView, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	s = a.original(ctx, s)
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		added, err := tx.InsertFavourite(a.DB.NewID(), viewer.ID, s.ID, "")
		if err != nil || !added {
			return err
		}
		if err := tx.AddToStatusCounter(s.ID, store.CounterFavourites, 1); err != nil {
			return err
		}
		if err := a.notify(tx, s.AccountID, viewer.ID, store.NotifyFavourite, &s.ID); err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityFavourite, Actor: viewer, Status: s, Audience: []store.ID{s.AccountID}})
	})
	if err != nil {
		return nil, err
	}
	return a.Status(ctx, viewer, s.ID)
}

// Unfavourite takes a favourite back.
func (a *Actions) Unfavourite(ctx context.Context, viewer *store.Account, id store.ID) (*StatusView, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	s = a.original(ctx, s)
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		removed, err := tx.DeleteFavourite(viewer.ID, s.ID)
		if err != nil || !removed {
			return err
		}
		if err := tx.AddToStatusCounter(s.ID, store.CounterFavourites, -1); err != nil {
			return err
		}
		if err := tx.DeleteNotificationsAbout(s.AccountID, viewer.ID, store.NotifyFavourite, &s.ID); err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityUnfavourite, Actor: viewer, Status: s, Audience: []store.ID{s.AccountID}})
	})
	if err != nil {
		return nil, err
	}
	return a.Status(ctx, viewer, s.ID)
}

// original resolves a reblog to the status it reblogs: favouriting,
// reblogging or bookmarking a reblog acts on the original, as in Mastodon.
func (a *Actions) original(ctx context.Context, s *store.Status) *store.Status {
	if s.ReblogOfID == nil {
		return s
	}
	if orig, err := a.DB.Status(ctx, *s.ReblogOfID); err == nil {
		return orig
	}
	return s
}

// Reblog shares a visible status with the viewer's followers. Private
// statuses may be reblogged only by their author, direct ones never.
func (a *Actions) Reblog(ctx context.Context, viewer *store.Account, id store.ID, visibility string) (*StatusView, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	s = a.original(ctx, s)
	if s.Visibility == store.VisibilityDirect || s.Visibility == store.VisibilityPrivate && s.AccountID != viewer.ID {
		return nil, ErrForbidden
	}
	if visibility == "" || s.Visibility == store.VisibilityPrivate {
		visibility = s.Visibility
		if visibility == store.VisibilityUnlisted {
			visibility = store.VisibilityPublic
		}
	}
	if err := checkVisibility(visibility); err != nil || visibility == store.VisibilityDirect {
		return nil, invalid("visibility", "must be one of public, unlisted, private")
	}
	rid := a.DB.NewID()
	reblog := &store.Status{ID: rid, URI: a.Paths.Activity(viewer.Username, store.FormatID(rid)), AccountID: viewer.ID, Local: true,
		ReblogOfID: &s.ID, Visibility: visibility, CreatedAt: time.Now()}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		prev, err := tx.ReblogBy(viewer.ID, s.ID)
		if err == nil {
			reblog = prev
			return nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := tx.InsertStatus(reblog); err != nil {
			return err
		}
		if err := tx.AddToStatusCounter(s.ID, store.CounterReblogs, 1); err != nil {
			return err
		}
		if err := a.notify(tx, s.AccountID, viewer.ID, store.NotifyReblog, &s.ID); err != nil {
			return err
		}
		if err := a.publishStatus(tx, events.Update, reblog); err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityReblog, Actor: viewer, Status: reblog, Audience: []store.ID{s.AccountID}})
	})
	if err != nil {
		return nil, err
	}
	return a.statusView(ctx, viewer, reblog)
}

// Unreblog takes the viewer's reblog of a status back and returns the original.
func (a *Actions) Unreblog(ctx context.Context, viewer *store.Account, id store.ID) (*StatusView, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	s = a.original(ctx, s)
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		reblog, err := tx.ReblogBy(viewer.ID, s.ID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := a.publishDelete(tx, reblog); err != nil {
			return err
		}
		if err := tx.DeleteStatus(reblog.ID); err != nil {
			return err
		}
		if err := tx.AddToStatusCounter(s.ID, store.CounterReblogs, -1); err != nil {
			return err
		}
		if err := tx.DeleteNotificationsAbout(s.AccountID, viewer.ID, store.NotifyReblog, &s.ID); err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityUnreblog, Actor: viewer, Status: reblog, Audience: []store.ID{s.AccountID}})
	})
	if err != nil {
		return nil, err
	}
	return a.Status(ctx, viewer, s.ID)
}

// Bookmark keeps a visible status in the viewer's bookmarks (private: no activity).
func (a *Actions) Bookmark(ctx context.Context, viewer *store.Account, id store.ID, on bool) (*StatusView, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	s = a.original(ctx, s)
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if on {
			return tx.InsertBookmark(a.DB.NewID(), viewer.ID, s.ID)
		}
		return tx.DeleteBookmark(viewer.ID, s.ID)
	})
	if err != nil {
		return nil, err
	}
	return a.Status(ctx, viewer, s.ID)
}

// MaxPins is how many statuses an account may pin, as in Mastodon.
const MaxPins = 5

// Pin pins (or unpins) one of the viewer's public or unlisted statuses to
// its profile. Pinning someone else's is a validation error, as in
// Mastodon; unpinning it changes nothing.
func (a *Actions) Pin(ctx context.Context, viewer *store.Account, id store.ID, on bool) (*StatusView, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	if s.AccountID != viewer.ID {
		if on {
			return nil, invalid("", "Someone else's post cannot be pinned")
		}
		return a.statusView(ctx, viewer, s)
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if !on {
			if err := tx.DeletePin(viewer.ID, s.ID); err != nil {
				return err
			}
			return a.federate(tx, outgoing{Kind: activityUnpin, Actor: viewer, Status: s})
		}
		if s.ReblogOfID != nil || s.Visibility != store.VisibilityPublic && s.Visibility != store.VisibilityUnlisted {
			return invalid("", "Only your own public or unlisted statuses can be pinned")
		}
		if pinned, err := tx.Pinned(viewer.ID, s.ID); err != nil || pinned {
			return err
		}
		n, err := tx.PinCount(viewer.ID)
		if err != nil {
			return err
		}
		if n >= MaxPins {
			return invalid("", "You have already pinned the maximum number of posts")
		}
		if err := tx.InsertPin(viewer.ID, s.ID); err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityPin, Actor: viewer, Status: s})
	})
	if err != nil {
		return nil, err
	}
	return a.statusView(ctx, viewer, s)
}

// FavouritedBy lists who favourited a visible status.
func (a *Actions) FavouritedBy(ctx context.Context, viewer *store.Account, id store.ID, p store.Page) (*Accounts, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	list, cursors, err := a.DB.Favouriters(ctx, a.original(ctx, s).ID, p)
	return &Accounts{List: list, Cursors: cursors}, err
}

// RebloggedBy lists who reblogged a visible status.
func (a *Actions) RebloggedBy(ctx context.Context, viewer *store.Account, id store.ID, p store.Page) (*Accounts, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	list, cursors, err := a.DB.Rebloggers(ctx, a.original(ctx, s).ID, p)
	return &Accounts{List: list, Cursors: cursors}, err
}

// Favourites lists what the viewer favourited, newest favourite first.
func (a *Actions) Favourites(ctx context.Context, viewer *store.Account, p store.Page) (*Statuses, error) {
	list, cursors, err := a.DB.FavouritedStatuses(ctx, viewer.ID, p)
	if err != nil {
		return nil, err
	}
	return a.statuses(ctx, viewer, list, cursors)
}

// Bookmarks lists what the viewer bookmarked, newest bookmark first.
func (a *Actions) Bookmarks(ctx context.Context, viewer *store.Account, p store.Page) (*Statuses, error) {
	list, cursors, err := a.DB.BookmarkedStatuses(ctx, viewer.ID, p)
	if err != nil {
		return nil, err
	}
	return a.statuses(ctx, viewer, list, cursors)
}
