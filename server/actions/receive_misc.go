package actions

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"roost/federation/ap"
	"roost/store"
)

// ReceiveMove follows an account to its new home: once the new account
// confirms the move (its alsoKnownAs names the old one), local followers
// of the old account stop following it and ask to follow the new one.
func (a *Actions) ReceiveMove(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	if act.Object.IRI != actor.URI || act.Target == "" || act.Target == actor.URI {
		return ErrForbidden
	}
	// A move to one of ours reads our own record; a remote target is
	// fetched afresh, since its alsoKnownAs may be minutes old.
	target, err := a.localAccount(ctx, act.Target)
	if err != nil {
		if target, err = a.refreshAccount(ctx, act.Target); err != nil {
			return dropRemote(err)
		}
	}
	if !slices.Contains(target.AlsoKnownAs, actor.URI) {
		return ErrForbidden
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		actor.MovedToID = &target.ID
		if err := tx.UpdateAccount(actor); err != nil {
			return err
		}
		followers, err := tx.LocalFollowerIDs(actor.ID)
		if err != nil {
			return err
		}
		for _, id := range followers {
			if err := a.moveFollower(tx, id, actor, target); err != nil {
				return err
			}
		}
		return nil
	})
}

func (a *Actions) moveFollower(tx *store.Tx, followerID store.ID, from, to *store.Account) error {
	follower, err := tx.Account(followerID)
	if err != nil {
		return err
	}
	if _, err := tx.DeleteFollow(follower.ID, from.ID); err != nil {
		return err
	}
	if err := a.federate(tx, outgoing{Kind: activityUnfollow, Actor: follower, Target: from}); err != nil {
		return err
	}
	if blocked, err := tx.Blocking(follower.ID, to.ID); err != nil || blocked {
		return err
	}
	if following, err := tx.Following(follower.ID, to.ID); err != nil || following {
		return err
	}
	f := &store.Follow{ID: a.DB.NewID(), AccountID: follower.ID, TargetAccountID: to.ID, ShowReblogs: true, CreatedAt: time.Now()}
	if to.Local() && !to.Locked {
		// The new home is ours and open: nobody is left to accept.
		return tx.InsertFollow(f)
	}
	if err := tx.InsertFollowRequest(f); err != nil {
		return err
	}
	return a.federate(tx, outgoing{Kind: activityFollow, Actor: follower, Target: to})
}

// ReceiveFlag files a remote server's report about a local account and
// its statuses.
func (a *Actions) ReceiveFlag(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	var target *store.Account
	var statuses []*store.Status
	for _, uri := range act.Objects {
		if acct, err := a.localAccount(ctx, uri); err == nil {
			if target == nil {
				target = acct
			}
			continue
		}
		if s, err := a.knownStatus(ctx, uri); err == nil && s.Local {
			statuses = append(statuses, s)
		}
	}
	if target == nil {
		return nil
	}
	r := &store.Report{ID: a.DB.NewID(), AccountID: actor.ID, TargetAccountID: target.ID, Comment: act.Content,
		URI: act.ID, CreatedAt: time.Now()}
	for _, s := range statuses {
		if s.AccountID == target.ID {
			r.StatusIDs = append(r.StatusIDs, s.ID)
		}
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertReport(r) })
}

// ReceiveFeatured pins (add) or unpins one of the actor's own posts on its
// profile: Add/Remove targeting the actor's featured collection.
func (a *Actions) ReceiveFeatured(ctx context.Context, actor *store.Account, act *ap.Activity, add bool) error {
	if actor.FeaturedTagsURL != "" && act.Target == actor.FeaturedTagsURL && act.Object.Type == "Hashtag" {
		return a.receiveFeaturedTag(ctx, actor, act.Object.Name, add)
	}
	if actor.FeaturedURL == "" || act.Target != actor.FeaturedURL {
		return nil // other collections are not kept
	}
	s, err := a.knownStatus(ctx, act.Object.IRI)
	if errors.Is(err, ErrNotFound) && add {
		s, err = a.ResolveStatus(ctx, act.Object.IRI)
	}
	if err != nil {
		return dropRemote(err)
	}
	return a.ApplyRemotePin(ctx, actor, s.URI, add)
}

// receiveFeaturedTag features (add) or unfeatures a hashtag on a remote
// actor's profile, as its Add/Remove targeting featuredTags says, so that
// its profile here shows the same featured hashtags as at home.
func (a *Actions) receiveFeaturedTag(ctx context.Context, actor *store.Account, name string, add bool) error {
	name = strings.TrimPrefix(name, "#")
	if !validTagName(name) {
		return nil
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		tag, err := tx.EnsureTag(a.DB.NewID(), name)
		if err != nil {
			return err
		}
		if !add {
			return tx.DeleteFeaturedTagByTag(actor.ID, tag.ID)
		}
		if n, err := tx.FeaturedTagCount(actor.ID); err != nil || n >= MaxFeaturedTags*2 {
			return err // a remote server's own limit may be higher; ours bounds the table
		}
		_, err = tx.InsertFeaturedTag(a.DB.NewID(), actor.ID, tag.ID)
		return err
	})
}
