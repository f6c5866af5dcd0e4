package actions

import (
	"slices"
	"strings"
	"time"

	"roost/federation/ap"
	"roost/store"
)

// Outgoing activity kinds, in Mastodon's words; federation/ap turns them into AS2.
const (
	activityCreateStatus  = "create_status"
	activityUpdateStatus  = "update_status"
	activityDeleteStatus  = "delete_status"
	activityFavourite     = "favourite"
	activityUnfavourite   = "unfavourite"
	activityReblog        = "reblog"
	activityUnreblog      = "unreblog"
	activityFollow        = "follow"
	activityUnfollow      = "unfollow"
	activityAcceptFollow  = "accept_follow"
	activityRejectFollow  = "reject_follow"
	activityBlock         = "block"
	activityUnblock       = "unblock"
	activityUpdateAccount = "update_account"
	activityPin           = "pin"
	activityUnpin         = "unpin"
	activityFeatureTag    = "feature_tag"
	activityUnfeatureTag  = "unfeature_tag"
	activityMove          = "move"
	activityPollVote      = "poll_vote"
	activityPollCounts    = "poll_counts"
)

// outgoing describes one state change other servers must hear about.
type outgoing struct {
	Kind   string
	Actor  *store.Account
	Status *store.Status  // the status concerned, if any
	Target *store.Account // the account concerned (follow, block), if any
	// Audience lists the accounts that must receive it besides followers
	// (mentioned accounts, a reblogged status's author).
	Audience []store.ID
	// FollowURI is the id of the follow an Undo, Accept or Reject answers,
	// read before the operation deleted the follow.
	FollowURI string
	// FeaturedTag is the hashtag a featured-tag change is about.
	FeaturedTag *store.FeaturedTag
	// Choice is the option a vote on a remote poll chose, and ChoiceTitle its title.
	Choice      int
	ChoiceTitle string
}

// delivery is an activity and who must receive it.
type delivery struct {
	doc        any
	followers  bool       // every remote follower of the actor
	recipients []store.ID // plus these accounts (local ones are skipped)
}

// federate is THE seam where outgoing activities join the transactional
// outbox: every operation that changes state other servers must learn of
// calls it exactly once, inside the transaction that made the change, so
// the activity is queued if and only if the change commits.
//
// Operations call it for every change a remote server could observe, even
// when every account involved is local: deciding who must hear of it is
// made here once. A change with no remote recipient queues nothing.
func (a *Actions) federate(tx *store.Tx, out outgoing) error {
	if out.Actor == nil || !out.Actor.Local() {
		return nil // remote actors' changes arrive through their own server
	}
	d, err := a.activityFor(tx, out)
	if err != nil || d == nil {
		return err
	}
	recipients, err := a.recipients(tx, out.Actor, d)
	if err != nil {
		return err
	}
	inboxes := store.DeliveryInboxes(recipients)
	if relayFanOut(out) {
		relays, err := tx.AcceptedRelayInboxes()
		if err != nil {
			return err
		}
		inboxes = append(inboxes, relays...)
	}
	if len(inboxes) == 0 {
		return nil
	}
	payload, err := ap.Marshal(d.doc)
	if err != nil {
		return err
	}
	if err := tx.EnqueueDeliveries(out.Actor.ID, inboxes, payload); err != nil {
		return err
	}
	if a.Wake != nil {
		tx.AfterCommit(a.Wake)
	}
	return nil
}

// recipients resolves a delivery's audience to remote accounts; a direct
// status never reaches followers because its delivery does not ask for them.
func (a *Actions) recipients(tx *store.Tx, actor *store.Account, d *delivery) ([]*store.Account, error) {
	var out []*store.Account
	if d.followers {
		followers, err := tx.RemoteFollowers(actor.ID)
		if err != nil {
			return nil, err
		}
		out = followers
	}
	for _, id := range unique(d.recipients) {
		acc, err := tx.Account(id)
		if err != nil {
			return nil, err
		}
		if !acc.Local() && acc.SuspendedAt == nil {
			out = append(out, acc)
		}
	}
	return out, nil
}

// activityFor builds the activity for one change and picks its audience,
// by Mastodon's rules: statuses go to followers (unless direct) and
// mentioned accounts; likes, follows and blocks go to their target only.
func (a *Actions) activityFor(tx *store.Tx, out outgoing) (*delivery, error) {
	em := ap.NewEmitter(a.Paths)
	actorURI := a.Paths.Actor(out.Actor.Username)
	switch out.Kind {
	case activityCreateStatus, activityUpdateStatus, activityPollCounts:
		return a.statusActivity(tx, out)
	case activityDeleteStatus:
		return a.deleteActivity(tx, out)
	case activityReblog, activityUnreblog:
		return a.announceActivity(tx, out)
	case activityFavourite, activityUnfavourite:
		doc := em.Like(actorURI+"#likes/"+store.FormatID(out.Status.ID), actorURI, out.Status.URI)
		if out.Kind == activityUnfavourite {
			doc = em.Undo(doc)
		}
		return &delivery{doc: doc, recipients: []store.ID{out.Status.AccountID}}, nil
	case activityFollow, activityUnfollow:
		return a.followActivity(tx, out)
	case activityAcceptFollow, activityRejectFollow:
		// The follower asked; the Follow we answer is theirs.
		follow := em.Follow(out.FollowURI, out.Target.URI, actorURI)
		id := actorURI + "#follows/" + store.FormatID(out.Target.ID) + "/" + out.Kind
		doc := em.Accept(id, actorURI, follow)
		if out.Kind == activityRejectFollow {
			doc = em.Reject(id, actorURI, follow)
		}
		return &delivery{doc: doc, recipients: []store.ID{out.Target.ID}}, nil
	case activityBlock, activityUnblock:
		doc := em.Block(actorURI+"#blocks/"+store.FormatID(out.Target.ID), actorURI, out.Target.URI)
		if out.Kind == activityUnblock {
			doc = em.Undo(doc)
		}
		return &delivery{doc: doc, recipients: []store.ID{out.Target.ID}}, nil
	case activityUpdateAccount:
		tags, err := tx.FeaturedTagNames(out.Actor.ID)
		if err != nil {
			return nil, err
		}
		actor, err := a.actorDocument(out.Actor, tx.Account, tags)
		if err != nil {
			return nil, err
		}
		return &delivery{doc: em.UpdateActor(actor, time.Now()), followers: true}, nil
	case activityFeatureTag, activityUnfeatureTag:
		id := actorURI + "#featured_tags/" + store.FormatID(out.FeaturedTag.ID)
		doc := em.AddTag(id, out.Actor.Username, out.FeaturedTag.Name)
		if out.Kind == activityUnfeatureTag {
			doc = em.RemoveTag(id+"/undo", out.Actor.Username, out.FeaturedTag.Name)
		}
		return &delivery{doc: doc, followers: true}, nil
	case activityMove:
		doc := em.Move(actorURI+"#moves/"+store.FormatID(out.Target.ID), actorURI, out.Target.URI)
		return &delivery{doc: doc, followers: true}, nil
	case activityPollVote:
		return a.pollVoteActivity(out), nil
	case activityPin, activityUnpin:
		id := actorURI + "#pins/" + store.FormatID(out.Status.ID)
		doc := em.Add(id, out.Actor.Username, out.Status.URI)
		if out.Kind == activityUnpin {
			doc = em.Remove(id+"/undo", out.Actor.Username, out.Status.URI)
		}
		return &delivery{doc: doc, followers: true}, nil
	}
	return nil, nil
}

// statusActivity is the Create or Update of a status, sent to whoever it is
// addressed to.
func (a *Actions) statusActivity(tx *store.Tx, out outgoing) (*delivery, error) {
	mentioned, err := tx.MentionedIDs(out.Status.ID)
	if err != nil {
		return nil, err
	}
	parts, err := a.txNoteParts(tx, out.Actor, out.Status, mentioned)
	if err != nil {
		return nil, err
	}
	em := ap.NewEmitter(a.Paths)
	note := em.Note(out.Status, parts)
	var doc any = em.Create(note)
	if out.Kind == activityUpdateStatus {
		at := time.Now()
		if out.Status.EditedAt != nil {
			at = *out.Status.EditedAt
		}
		doc = em.UpdateNote(note, at)
	}
	if out.Kind == activityPollCounts {
		// New counts, not an edit: each gets its own id, since several
		// votes a second must not be taken for one repeated activity.
		upd := em.UpdateNote(note, time.Now())
		upd.ID = note.ID + "#updates/poll-" + store.FormatID(a.DB.NewID())
		doc = upd
	}
	return &delivery{doc: doc, followers: out.Status.Visibility != store.VisibilityDirect,
		recipients: append(append(mentioned, out.Audience...), repliedTo(out.Status)...)}, nil
}

// repliedTo is the author of the status a public or unlisted reply answers:
// Mastodon delivers such replies to them even when they are not mentioned,
// so that their thread shows the reply.
func repliedTo(s *store.Status) []store.ID {
	distributable := s.Visibility == store.VisibilityPublic || s.Visibility == store.VisibilityUnlisted
	if !distributable || s.InReplyToAccountID == nil {
		return nil
	}
	return []store.ID{*s.InReplyToAccountID}
}

// deleteActivity tells everyone who received the Create that a status is
// gone; deleting a reblog is an Undo of its Announce, as in Mastodon.
func (a *Actions) deleteActivity(tx *store.Tx, out outgoing) (*delivery, error) {
	if out.Status.ReblogOfID != nil {
		return a.announceActivity(tx, outgoing{Kind: activityUnreblog, Actor: out.Actor, Status: out.Status})
	}
	mentioned := make([]string, 0, len(out.Audience))
	for _, id := range out.Audience {
		acc, err := tx.Account(id)
		if err != nil {
			return nil, err
		}
		mentioned = append(mentioned, acc.URI)
	}
	doc := ap.NewEmitter(a.Paths).DeleteNote(out.Status, out.Actor, mentioned)
	return &delivery{doc: doc, followers: out.Status.Visibility != store.VisibilityDirect,
		recipients: append(slices.Clone(out.Audience), repliedTo(out.Status)...)}, nil
}

// announceActivity is a reblog's Announce (or its Undo), sent to the
// booster's followers and the original's author.
func (a *Actions) announceActivity(tx *store.Tx, out outgoing) (*delivery, error) {
	if out.Status.ReblogOfID == nil {
		return nil, nil
	}
	orig, err := tx.Status(*out.Status.ReblogOfID)
	if err != nil {
		return nil, err
	}
	author, err := tx.Account(orig.AccountID)
	if err != nil {
		return nil, err
	}
	em := ap.NewEmitter(a.Paths)
	doc := em.Announce(announced(out.Status), out.Actor, orig.URI, author.URI)
	if out.Kind == activityUnreblog {
		doc = em.Undo(doc)
	}
	return &delivery{doc: doc, followers: true, recipients: []store.ID{orig.AccountID}}, nil
}

// announced adapts a reblog for ap.Emitter.Announce, which names the
// Announce after the reblog's status IRI plus "/activity", as Mastodon
// does. Roost's reblogs already carry the ".../activity" IRI as their uri,
// which is the Announce's id; without this it would end "/activity/activity".
func announced(reblog *store.Status) *store.Status {
	c := *reblog
	c.URI = strings.TrimSuffix(c.URI, "/activity")
	return &c
}

// followActivity asks a remote account to accept a follow, or withdraws it.
func (a *Actions) followActivity(tx *store.Tx, out outgoing) (*delivery, error) {
	if out.Target.Local() {
		return nil, nil
	}
	actorURI := a.Paths.Actor(out.Actor.Username)
	uri := out.FollowURI
	if uri == "" {
		var err error
		if uri, err = tx.FollowURI(out.Actor.ID, out.Target.ID); err != nil {
			return nil, err
		}
	}
	if uri == "" {
		uri = actorURI + "#follows/" + store.FormatID(out.Target.ID)
	}
	em := ap.NewEmitter(a.Paths)
	doc := em.Follow(uri, actorURI, out.Target.URI)
	if out.Kind == activityUnfollow {
		doc = em.Undo(doc)
	}
	return &delivery{doc: doc, recipients: []store.ID{out.Target.ID}}, nil
}

// pollVoteActivity is one choice of a vote on a remote poll: Mastodon's
// shape is one Create(Note) a choice.
func (a *Actions) pollVoteActivity(out outgoing) *delivery {
	actorURI := a.Paths.Actor(out.Actor.Username)
	id := actorURI + "#votes/" + store.FormatID(*out.Status.PollID) + "/" + itoa(out.Choice)
	doc := ap.NewEmitter(a.Paths).PollVote(id, actorURI, out.Status.URI, out.Target.URI, out.ChoiceTitle)
	return &delivery{doc: doc, recipients: []store.ID{out.Target.ID}}
}
