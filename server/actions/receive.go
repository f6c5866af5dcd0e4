package actions

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"roost/federation/ap"
	"roost/store"
)

// inboxSeenFor is how long handled activity ids are remembered: longer
// than any peer keeps retrying a delivery.
const inboxSeenFor = 14 * 24 * time.Hour

// Receive handles one activity delivered to an inbox. signer is the actor
// whose HTTP signature the inbox verified. An actor acts only for itself:
// an activity signed by someone else is refused, except a forwarded post,
// which is fetched from its origin rather than trusted. Each activity id is
// handled once. Unknown types and activities about nothing we know are
// dropped without error.
func (a *Actions) Receive(ctx context.Context, signer string, act *ap.Activity) error {
	if act.Type == ap.TypeUnknown {
		return nil
	}
	if act.Actor != signer {
		return a.receiveForwarded(ctx, signer, act)
	}
	actor, err := a.RemoteAccountByURI(ctx, act.Actor)
	if err != nil {
		return dropRemote(err)
	}
	if actor.Local() || actor.SuspendedAt != nil {
		return nil
	}
	if refused, err := a.refuses(ctx, hostOf(actor.URI)); err != nil || refused {
		return err
	}
	if act.ID != "" && !ap.SameOrigin(act.ID, actor.URI) {
		return ErrForbidden
	}
	claimed, err := a.claimActivity(ctx, actor, act.ID)
	if err != nil || !claimed {
		return err
	}
	if err := dropRemote(a.dispatch(ctx, actor, act)); err != nil {
		if act.ID != "" {
			a.DB.Write(ctx, func(tx *store.Tx) error { return tx.ReleaseInboxActivity(act.ID) })
		}
		return err
	}
	return nil
}

// ReceiveAt is Receive for an activity posted to the personal inbox of the
// local account username: an inbox that does not exist is ErrNotFound.
func (a *Actions) ReceiveAt(ctx context.Context, username, signer string, act *ap.Activity) error {
	if _, err := a.LocalAccount(ctx, username); err != nil {
		return err
	}
	return a.Receive(ctx, signer, act)
}

// claimActivity records the activity id as handled and the sender's host as
// reachable (it just talked to us); it reports false for a redelivery.
func (a *Actions) claimActivity(ctx context.Context, actor *store.Account, id string) (bool, error) {
	claimed := true
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.MarkHostReachable(hostOf(actor.InboxURL)); err != nil {
			return err
		}
		if id == "" {
			return nil
		}
		now := time.Now()
		if err := tx.PruneInboxSeen(now.Add(-inboxSeenFor)); err != nil {
			return err
		}
		var err error
		claimed, err = tx.ClaimInboxActivity(id, now)
		return err
	})
	return claimed, err
}

func hostOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

func (a *Actions) dispatch(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	switch act.Type {
	case ap.TypeFollow:
		if act.Object.IRI == a.Paths.InstanceActor() {
			return a.receiveRelayFollow(ctx, actor, act)
		}
		return a.ReceiveFollow(ctx, actor, act)
	case ap.TypeAccept, ap.TypeReject:
		return a.receiveAnswer(ctx, actor, act)
	case ap.TypeUndo:
		return a.ReceiveUndo(ctx, actor, act)
	case ap.TypeCreate:
		return a.ReceiveCreate(ctx, actor, act)
	case ap.TypeUpdate:
		return a.ReceiveUpdate(ctx, actor, act)
	case ap.TypeDelete:
		return a.ReceiveDelete(ctx, actor, act)
	case ap.TypeLike:
		return a.ReceiveLike(ctx, actor, act)
	case ap.TypeAnnounce:
		if relay, err := a.relayActor(ctx, actor.URI); err != nil {
			return err
		} else if relay {
			return a.receiveRelayed(ctx, act.Object.IRI)
		}
		return a.ReceiveAnnounce(ctx, actor, act)
	case ap.TypeBlock:
		return a.ReceiveBlock(ctx, actor, act)
	case ap.TypeMove:
		return a.ReceiveMove(ctx, actor, act)
	case ap.TypeFlag:
		return a.ReceiveFlag(ctx, actor, act)
	case ap.TypeAdd, ap.TypeRemove:
		return a.ReceiveFeatured(ctx, actor, act, act.Type == ap.TypeAdd)
	}
	return nil
}

// receiveForwarded handles an activity relayed by someone other than its
// actor (Mastodon forwards replies to followers-only posts this way, and
// Mastodon-style relays every public post). The embedded object is not
// trusted: a post is fetched again from its origin; anything else is
// refused, or, from a subscribed relay, dropped.
func (a *Actions) receiveForwarded(ctx context.Context, signer string, act *ap.Activity) error {
	isPost := act.Object.Note != nil || act.Object.IRI != "" && !act.Object.Embedded()
	wanted := (act.Type == ap.TypeCreate || act.Type == ap.TypeUpdate) && isPost && act.Object.IRI != ""
	relay, err := a.relayActor(ctx, signer)
	if err != nil {
		return err
	}
	if relay {
		switch {
		case act.Type == ap.TypeCreate && wanted:
			return a.receiveRelayed(ctx, act.Object.IRI)
		case act.Type == ap.TypeUpdate && wanted, act.Type == ap.TypeDelete:
			return a.receiveRelayedChange(ctx, act.Object.IRI)
		}
		return nil
	}
	if !wanted {
		return ErrUnauthorized
	}
	if _, err := a.DB.StatusByURI(ctx, act.Object.IRI); err == nil {
		return nil
	}
	_, err = a.ResolveStatus(ctx, act.Object.IRI)
	return dropRemote(err)
}

// localAccount finds the live local account an IRI names.
func (a *Actions) localAccount(ctx context.Context, uri string) (*store.Account, error) {
	acct, err := a.DB.AccountByURI(ctx, uri)
	if errors.Is(err, store.ErrNotFound) || err == nil && (!acct.Local() || acct.SuspendedAt != nil) {
		return nil, ErrNotFound
	}
	return acct, err
}
