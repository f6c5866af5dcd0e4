package actions

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"roost/federation/ap"
	"roost/federation/fetch"
	"roost/store"
)

// Relays let a small instance see public posts beyond its users' follows:
// the instance actor subscribes, and the relay passes on what its other
// subscribers publish. Two protocols are in use:
//
//   - Mastodon-style relays (pub-relay, ActivityRelay, …) are given as
//     their inbox URL (https://relay.example/inbox). The instance actor
//     sends a Follow of Public there; the relay forwards, as they are, the
//     Create activities its subscribers send it, signed by the relay.
//   - LitePub relays (Pleroma's and Akkoma's) are given as their actor URL
//     (https://relay.example/actor), which is fetched; the instance actor
//     follows that actor, and the relay Announces the posts it receives.
//
// The kind is told from the URL: a path ending in /inbox is a
// Mastodon-style relay; anything else must serve a relay actor.
//
// A relay's word is never trusted: each post it passes on is fetched again
// from its origin, and only public posts are kept. They show in the
// federated timeline, never as a reblog by the relay.

// Relays lists the relay subscriptions, for admins.
func (a *Actions) Relays(ctx context.Context, by *store.User) ([]*store.Relay, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	return a.DB.Relays(ctx)
}

// AddRelay subscribes the instance to a relay and queues the Follow, which
// the delivery worker sends (the running server's, when an admin command
// added the relay, within its poll interval).
func (a *Actions) AddRelay(ctx context.Context, by *store.User, rawURL string) (*store.Relay, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Fragment != "" {
		return nil, invalid("url", "must be a relay's http(s) URL")
	}
	if a.isLocalURI(u.String()) {
		return nil, invalid("url", "is this server")
	}
	instance, err := a.EnsureInstanceActor(ctx)
	if err != nil {
		return nil, err
	}
	r := &store.Relay{ID: a.DB.NewID(), URL: u.String(), Kind: store.RelayMastodon, InboxURL: u.String(),
		State: store.RelayPending, CreatedAt: time.Now()}
	r.FollowURI = instance.URI + "#relays/" + store.FormatID(r.ID)
	object := ap.Public
	if !strings.HasSuffix(u.Path, "/inbox") {
		actor, err := a.fetchActor(ctx, u.String())
		if err != nil || actor.Inbox == "" {
			return nil, invalid("url", "is neither a relay inbox (…/inbox) nor a relay actor that could be fetched")
		}
		r.Kind, r.InboxURL, r.ActorURI, object = store.RelayLitePub, actor.Inbox, actor.ID, actor.ID
		if _, err := a.saveActor(ctx, actor); err != nil {
			return nil, err
		}
	}
	follow := ap.NewEmitter(a.Paths).Follow(r.FollowURI, instance.URI, object)
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertRelay(r); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return invalid("url", "is already subscribed")
			}
			return err
		}
		return a.sendToRelay(tx, instance, r, follow)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// RemoveRelay ends a relay subscription and tells the relay with an Undo of
// the Follow; local posts stop going to it at once.
func (a *Actions) RemoveRelay(ctx context.Context, by *store.User, id store.ID) error {
	if !IsAdmin(by) {
		return ErrForbidden
	}
	r, err := a.DB.Relay(ctx, id)
	if err != nil {
		return notFoundAs(err)
	}
	instance, err := a.EnsureInstanceActor(ctx)
	if err != nil {
		return err
	}
	object := ap.Public
	if r.Kind == store.RelayLitePub {
		object = r.ActorURI
	}
	em := ap.NewEmitter(a.Paths)
	undo := em.Undo(em.Follow(r.FollowURI, instance.URI, object))
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteRelay(r.ID); err != nil {
			return notFoundAs(err)
		}
		return a.sendToRelay(tx, instance, r, undo)
	})
}

// sendToRelay queues an activity of the instance actor for a relay's inbox.
func (a *Actions) sendToRelay(tx *store.Tx, instance *store.Account, r *store.Relay, doc *ap.ActivityDoc) error {
	payload, err := ap.Marshal(doc)
	if err != nil {
		return err
	}
	if err := tx.EnqueueDelivery(instance.ID, r.InboxURL, payload); err != nil {
		return err
	}
	if a.Wake != nil {
		tx.AfterCommit(a.Wake)
	}
	return nil
}

// relayFanOut reports whether a change goes to the accepted relays too:
// the Create, Update or Delete of a local public post, never of an
// unlisted, followers-only or direct one.
func relayFanOut(out outgoing) bool {
	switch out.Kind {
	case activityCreateStatus, activityUpdateStatus, activityDeleteStatus:
		s := out.Status
		return s != nil && s.Local && s.ReblogOfID == nil && s.Visibility == store.VisibilityPublic
	}
	return false
}

// receiveAnswer routes an Accept or Reject: of the instance actor's Follow
// of a relay, to the relay subscription; else to a local account's follow.
func (a *Actions) receiveAnswer(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	state := store.RelayAccepted
	if act.Type == ap.TypeReject {
		state = store.RelayRejected
	}
	if relay, err := a.receiveRelayAnswer(ctx, actor, act, state); relay || err != nil {
		return err
	}
	if act.Type == ap.TypeReject {
		return a.ReceiveReject(ctx, actor, act)
	}
	return a.ReceiveAccept(ctx, actor, act)
}

// receiveRelayAnswer applies a relay's Accept or Reject of the instance's
// Follow; it reports false when the answer is about no relay.
func (a *Actions) receiveRelayAnswer(ctx context.Context, actor *store.Account, act *ap.Activity, state string) (bool, error) {
	followID := act.Object.IRI
	if inner := act.Object.Activity; inner != nil {
		if inner.Type != ap.TypeFollow || inner.Actor != a.Paths.InstanceActor() {
			return false, nil
		}
		followID = inner.ID
	}
	relays, err := a.DB.Relays(ctx)
	if err != nil {
		return false, err
	}
	for _, r := range relays {
		fromRelay := r.ActorURI == actor.URI || r.Kind == store.RelayMastodon && ap.SameOrigin(actor.URI, r.InboxURL)
		if !fromRelay || followID != "" && followID != r.FollowURI {
			continue
		}
		return true, a.DB.Write(ctx, func(tx *store.Tx) error {
			return tx.UpdateRelayState(r.ID, state, actor.URI)
		})
	}
	return false, nil
}

// relayActor reports whether uri is the actor of a relay that accepted the
// instance's subscription. Any other sender gets no special trust.
func (a *Actions) relayActor(ctx context.Context, uri string) (bool, error) {
	_, err := a.DB.AcceptedRelayByActor(ctx, uri)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// receiveRelayed takes a post a relay passed on (Announced, or forwarded
// in a Create): it is fetched from its origin, never taken from the relay,
// and kept only when public. It is not a reblog by the relay.
func (a *Actions) receiveRelayed(ctx context.Context, uri string) error {
	if uri == "" {
		return nil
	}
	if _, err := a.DB.StatusByURI(ctx, uri); err == nil {
		return nil
	}
	b := newBudget()
	b.publicOnly = true
	_, err := a.resolveStatus(ctx, uri, b)
	return dropRemote(err)
}

// receiveRelayFollow answers a Follow of the instance actor: a LitePub
// relay we subscribed to follows back to receive our posts, and is
// accepted (posts reach it through the relay table, not a follow row).
// Anyone else is handled as any Follow of a local account.
func (a *Actions) receiveRelayFollow(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	relays, err := a.DB.Relays(ctx)
	if err != nil {
		return err
	}
	for _, r := range relays {
		if r.Kind != store.RelayLitePub || r.ActorURI != actor.URI || r.State == store.RelayRejected {
			continue
		}
		instance, err := a.EnsureInstanceActor(ctx)
		if err != nil {
			return err
		}
		em := ap.NewEmitter(a.Paths)
		accept := em.Accept(r.FollowURI+"/accept-follow-back", instance.URI, em.Follow(act.ID, actor.URI, instance.URI))
		return a.DB.Write(ctx, func(tx *store.Tx) error { return a.sendToRelay(tx, instance, r, accept) })
	}
	return a.ReceiveFollow(ctx, actor, act)
}

// relayable reports whether a post a relay passed on may be kept: public,
// by an author who is not suspended, from a domain this instance federates
// with (not suspended; allowed, in allowlist mode).
func (a *Actions) relayable(ctx context.Context, author *store.Account, note *ap.Note) (bool, error) {
	if author.SuspendedAt != nil || ap.Visibility(note.To, note.Cc, author.FollowersURL) != store.VisibilityPublic {
		return false, nil
	}
	refused, err := a.refuses(ctx, hostOf(author.URI))
	return !refused, err
}

// receiveRelayedChange checks an Update or Delete a relay passed on against
// the post's origin, since the relay's word is not trusted: a post its
// origin no longer serves (404, 410, a Tombstone) is deleted here, and an
// edited one is updated from what the origin serves.
func (a *Actions) receiveRelayedChange(ctx context.Context, uri string) error {
	if a.isLocalURI(uri) {
		return nil // our own posts change only here
	}
	s, err := a.knownStatus(ctx, uri)
	if err != nil {
		return dropRemote(err)
	}
	author, err := a.DB.Account(ctx, s.AccountID)
	if err != nil {
		return err
	}
	resp, err := a.fetchObject(ctx, uri)
	var status *fetch.ErrStatus
	gone := errors.As(err, &status) && (status.Code == http.StatusNotFound || status.Code == http.StatusGone) ||
		err == nil && ap.IsTombstone(resp.Body)
	if gone {
		return a.DB.Write(ctx, func(tx *store.Tx) error {
			if err := a.publishDelete(tx, s); err != nil {
				return err
			}
			return deleteRemoteStatus(tx, s)
		})
	}
	if err != nil {
		return dropRemote(err)
	}
	note, err := ap.ParseNote(resp.Body)
	if err != nil || note.ID != s.URI || note.AttributedTo != author.URI || !ap.SameOrigin(note.ID, resp.FinalURL) {
		return nil
	}
	return a.updateRemoteStatus(ctx, author, note)
}
