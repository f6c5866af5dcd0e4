package actions

import (
	"context"
	"errors"
	"time"

	"roost/federation/ap"
	"roost/server/events"
	"roost/store"
)

// knownStatus finds a stored status by its ActivityPub id.
func (a *Actions) knownStatus(ctx context.Context, uri string) (*store.Status, error) {
	s, err := a.DB.StatusByURI(ctx, uri)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	return s, err
}

// ReceiveLike records a remote favourite of a status the actor may see
// (a blocked actor sees nothing of its blocker's) and notifies its author.
func (a *Actions) ReceiveLike(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	s, err := a.knownStatus(ctx, act.Object.IRI)
	if err != nil {
		return dropRemote(err)
	}
	if ok, err := a.CanSee(ctx, actor, s); err != nil || !ok || s.ReblogOfID != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		added, err := tx.InsertFavourite(a.DB.NewID(), actor.ID, s.ID, act.ID)
		if err != nil || !added {
			return err
		}
		if err := tx.AddToStatusCounter(s.ID, store.CounterFavourites, 1); err != nil {
			return err
		}
		return a.notify(tx, s.AccountID, actor.ID, store.NotifyFavourite, &s.ID)
	})
}

func (a *Actions) undoLike(ctx context.Context, actor *store.Account, statusURI string) error {
	s, err := a.knownStatus(ctx, statusURI)
	if err != nil {
		return dropRemote(err)
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		removed, err := tx.DeleteFavourite(actor.ID, s.ID)
		if err != nil || !removed {
			return err
		}
		if err := tx.AddToStatusCounter(s.ID, store.CounterFavourites, -1); err != nil {
			return err
		}
		return tx.DeleteNotificationsAbout(s.AccountID, actor.ID, store.NotifyFavourite, &s.ID)
	})
}

// ReceiveAnnounce records a remote reblog of a public or unlisted status,
// known or fetched from its origin (an embedded copy is not trusted), if
// the status is local or the booster has local followers.
func (a *Actions) ReceiveAnnounce(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	if act.ID == "" || act.Object.IRI == "" {
		return nil
	}
	s, err := a.knownStatus(ctx, act.Object.IRI)
	if errors.Is(err, ErrNotFound) {
		followed, ferr := a.DB.HasLocalFollower(ctx, actor.ID)
		if ferr != nil || !followed {
			return ferr
		}
		s, err = a.ResolveStatus(ctx, act.Object.IRI)
	}
	if err != nil {
		return dropRemote(err)
	}
	if s.ReblogOfID != nil || s.Visibility != store.VisibilityPublic && s.Visibility != store.VisibilityUnlisted {
		return nil
	}
	if ok, err := a.CanSee(ctx, actor, s); err != nil || !ok {
		return err
	}
	if !s.Local {
		if followed, err := a.DB.HasLocalFollower(ctx, actor.ID); err != nil || !followed {
			return err
		}
	}
	created := act.Published
	if created.IsZero() || created.After(time.Now()) {
		created = time.Now()
	}
	reblog := &store.Status{ID: a.DB.IDAt(created), URI: act.ID, URL: act.ID, AccountID: actor.ID, ReblogOfID: &s.ID,
		Visibility: ap.Visibility(act.To, act.Cc, actor.FollowersURL), CreatedAt: created}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.ReblogBy(actor.ID, s.ID); err == nil {
			return nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := a.insertRemoteStatus(tx, reblog); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return nil // delivered twice at once
			}
			return err
		}
		if err := tx.AddToStatusCounter(s.ID, store.CounterReblogs, 1); err != nil {
			return err
		}
		if err := a.publishStatus(tx, events.Update, reblog); err != nil {
			return err
		}
		return a.notify(tx, s.AccountID, actor.ID, store.NotifyReblog, &s.ID)
	})
}

// undoAnnounce removes a remote reblog, named by its id or by the status it reblogs.
func (a *Actions) undoAnnounce(ctx context.Context, actor *store.Account, reblogURI, statusURI string) error {
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		reblog, err := tx.StatusByURI(reblogURI)
		if errors.Is(err, store.ErrNotFound) && statusURI != "" {
			orig, oerr := tx.StatusByURI(statusURI)
			if oerr != nil {
				return dropRemote(notFoundAs(oerr))
			}
			reblog, err = tx.ReblogBy(actor.ID, orig.ID)
		}
		if err != nil {
			return dropRemote(notFoundAs(err))
		}
		if reblog.AccountID != actor.ID || reblog.ReblogOfID == nil {
			return nil
		}
		if err := a.publishDelete(tx, reblog); err != nil {
			return err
		}
		if err := tx.DeleteStatus(reblog.ID); err != nil {
			return err
		}
		if err := tx.AddToStatusCounter(*reblog.ReblogOfID, store.CounterReblogs, -1); err != nil {
			return err
		}
		orig, err := tx.Status(*reblog.ReblogOfID)
		if err != nil {
			return dropRemote(notFoundAs(err))
		}
		return tx.DeleteNotificationsAbout(orig.AccountID, actor.ID, store.NotifyReblog, &orig.ID)
	})
}

// notFoundAs maps the store's not-found to the operations' one.
func notFoundAs(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return err
}
