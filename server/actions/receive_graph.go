package actions

import (
	"context"
	"errors"
	"time"

	"roost/federation/ap"
	"roost/store"
)

// ReceiveFollow handles a remote actor following a local account: a locked
// account gets a follow request; any other gets the follower at once and
// answers Accept. A blocked actor is rejected.
func (a *Actions) ReceiveFollow(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	target, err := a.localAccount(ctx, act.Object.IRI)
	if err != nil {
		return dropRemote(err)
	}
	f := &store.Follow{ID: a.DB.NewID(), AccountID: actor.ID, TargetAccountID: target.ID, URI: act.ID,
		ShowReblogs: true, CreatedAt: time.Now()}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		blocked, err := tx.Blocking(target.ID, actor.ID)
		if err != nil {
			return err
		}
		if blocked {
			return a.federate(tx, outgoing{Kind: activityRejectFollow, Actor: target, Target: actor, FollowURI: act.ID})
		}
		following, err := tx.Following(actor.ID, target.ID)
		if err != nil {
			return err
		}
		if following {
			// A repeated Follow means our Accept got lost: send it again.
			return a.federate(tx, outgoing{Kind: activityAcceptFollow, Actor: target, Target: actor, FollowURI: act.ID})
		}
		if target.Locked {
			if _, err := tx.FollowRequest(actor.ID, target.ID); err == nil {
				return nil
			}
			if err := tx.InsertFollowRequest(f); err != nil {
				return err
			}
			return a.notify(tx, target.ID, actor.ID, store.NotifyFollowRequest, nil)
		}
		if err := tx.InsertFollow(f); err != nil {
			return err
		}
		if err := a.notify(tx, target.ID, actor.ID, store.NotifyFollow, nil); err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityAcceptFollow, Actor: target, Target: actor, FollowURI: act.ID})
	})
}

// followAnswered finds which local accounts' follows an Accept or Reject
// from actor answers: the embedded Follow's actor, the Follow we sent by
// its id, or, when a peer names neither, every request pending to actor.
func (a *Actions) followAnswered(tx *store.Tx, actor *store.Account, act *ap.Activity) ([]store.ID, error) {
	if inner := act.Object.Activity; inner != nil && inner.Actor != "" {
		if inner.Type != ap.TypeFollow || inner.Object.IRI != "" && inner.Object.IRI != actor.URI {
			return nil, nil
		}
		follower, err := tx.AccountByURI(inner.Actor)
		if errors.Is(err, store.ErrNotFound) || err == nil && !follower.Local() {
			return nil, nil
		}
		return []store.ID{follower.ID}, err
	}
	if act.Object.IRI != "" {
		follower, target, err := tx.FollowByURI(act.Object.IRI)
		if err == nil && target == actor.ID {
			return []store.ID{follower}, nil
		}
		if !errors.Is(err, store.ErrNotFound) && err != nil {
			return nil, err
		}
	}
	return tx.LocalFollowRequesterIDs(actor.ID)
}

// ReceiveAccept turns our pending follow request into a follow.
func (a *Actions) ReceiveAccept(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		followers, err := a.followAnswered(tx, actor, act)
		if err != nil {
			return err
		}
		for _, id := range followers {
			req, err := tx.FollowRequest(id, actor.ID)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			req.ID, req.CreatedAt = a.DB.NewID(), time.Now()
			if err := tx.InsertFollow(req); err != nil {
				return err
			}
			if _, err := tx.DeleteFollowRequest(id, actor.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReceiveReject drops our follow request, or the follow itself (a remote
// account may remove a follower with Reject).
func (a *Actions) ReceiveReject(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		followers, err := a.followAnswered(tx, actor, act)
		if err != nil {
			return err
		}
		for _, id := range followers {
			if _, err := tx.DeleteFollowRequest(id, actor.ID); err != nil {
				return err
			}
			if _, err := tx.DeleteFollow(id, actor.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReceiveBlock records a remote block of a local account: follows both
// ways end. The local account is not told, as in Mastodon.
func (a *Actions) ReceiveBlock(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	target, err := a.localAccount(ctx, act.Object.IRI)
	if err != nil {
		return dropRemote(err)
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := unlink(tx, actor.ID, target.ID); err != nil {
			return err
		}
		return tx.InsertBlock(a.DB.NewID(), actor.ID, target.ID, act.ID)
	})
}

// unlink removes follows and follow requests between two accounts, both ways.
func unlink(tx *store.Tx, one, other store.ID) error {
	for _, pair := range [][2]store.ID{{one, other}, {other, one}} {
		if _, err := tx.DeleteFollow(pair[0], pair[1]); err != nil {
			return err
		}
		if _, err := tx.DeleteFollowRequest(pair[0], pair[1]); err != nil {
			return err
		}
	}
	return nil
}

// ReceiveUndo takes back an earlier Follow, Like, Announce or Block of the
// same actor. The undone activity comes embedded or as the IRI we stored.
func (a *Actions) ReceiveUndo(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	inner := act.Object.Activity
	if inner == nil {
		return a.undoByURI(ctx, actor, act.Object.IRI)
	}
	if inner.Actor != actor.URI {
		return ErrForbidden
	}
	switch inner.Type {
	case ap.TypeFollow:
		return a.undoFollow(ctx, actor, inner.Object.IRI)
	case ap.TypeLike:
		return a.undoLike(ctx, actor, inner.Object.IRI)
	case ap.TypeAnnounce:
		return a.undoAnnounce(ctx, actor, inner.ID, inner.Object.IRI)
	case ap.TypeBlock:
		target, err := a.localAccount(ctx, inner.Object.IRI)
		if err != nil {
			return dropRemote(err)
		}
		return a.DB.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.DeleteBlock(actor.ID, target.ID)
			return err
		})
	}
	return nil
}

// undoByURI handles an Undo naming only the undone activity's id.
func (a *Actions) undoByURI(ctx context.Context, actor *store.Account, uri string) error {
	if s, err := a.DB.StatusByURI(ctx, uri); err == nil && s.ReblogOfID != nil && s.AccountID == actor.ID {
		return a.undoAnnounce(ctx, actor, uri, "")
	}
	var follower, followed, status store.ID
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		var err error
		if follower, followed, err = tx.FollowByURI(uri); err == nil {
			return nil
		}
		follower = 0
		_, status, err = tx.FavouriteByURI(uri)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
	switch {
	case err != nil:
		return err
	case follower == actor.ID:
		target, err := a.DB.Account(ctx, followed)
		if err != nil {
			return err
		}
		return a.undoFollow(ctx, actor, target.URI)
	case status != 0:
		s, err := a.DB.Status(ctx, status)
		if err != nil {
			return dropRemote(err)
		}
		return a.undoLike(ctx, actor, s.URI)
	}
	return nil
}

func (a *Actions) undoFollow(ctx context.Context, actor *store.Account, targetURI string) error {
	target, err := a.localAccount(ctx, targetURI)
	if err != nil {
		return dropRemote(err)
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.DeleteFollow(actor.ID, target.ID); err != nil {
			return err
		}
		if _, err := tx.DeleteFollowRequest(actor.ID, target.ID); err != nil {
			return err
		}
		if err := tx.DeleteNotificationsAbout(target.ID, actor.ID, store.NotifyFollowRequest, nil); err != nil {
			return err
		}
		return tx.DeleteNotificationsAbout(target.ID, actor.ID, store.NotifyFollow, nil)
	})
}
