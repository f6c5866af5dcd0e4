package actions

import (
	"context"
	"errors"
	"slices"
	"strings"

	"roost/server/events"
	"roost/store"
)

// streamBuffer is how many events a streaming connection may fall behind
// before it is dropped.
const streamBuffer = 64

// publish hands ev to the hub once tx has committed, so that no client
// hears of a change that was rolled back.
func (a *Actions) publish(tx *store.Tx, ev *events.Event) {
	tx.AfterCommit(func() { a.Events.Publish(ev) })
}

// publishStatus announces a new (kind update) or edited (status.update)
// status to its real-time audience, and a new direct status to its
// participants' direct streams.
func (a *Actions) publishStatus(tx *store.Tx, kind string, s *store.Status) error {
	ev, aud, err := a.statusEvent(tx, kind, s)
	if err != nil {
		return err
	}
	a.publish(tx, ev)
	if kind == events.Update && s.Visibility == store.VisibilityDirect {
		participants := aud.Mentioned
		if s.Local {
			participants = append(participants, s.AccountID)
		}
		a.publish(tx, &events.Event{Kind: events.Conversation, StatusID: s.ID, Accounts: participants})
	}
	return nil
}

// publishDelete announces a deleted status to everyone who may have it on
// screen; call it before the status's rows are gone.
func (a *Actions) publishDelete(tx *store.Tx, s *store.Status) error {
	ev, aud, err := a.statusEvent(tx, events.Delete, s)
	if err != nil {
		return err
	}
	ev.Accounts = append(ev.Accounts, aud.Mentioned...)
	a.publish(tx, ev)
	return nil
}

func (a *Actions) statusEvent(tx *store.Tx, kind string, s *store.Status) (*events.Event, *store.StatusAudience, error) {
	aud, err := tx.StatusAudience(s)
	if err != nil {
		return nil, nil, err
	}
	ev := &events.Event{Kind: kind, StatusID: s.ID, Accounts: aud.Home, Lists: aud.Lists, Local: s.Local, Media: aud.HasMedia,
		Public: s.Visibility == store.VisibilityPublic && s.ReblogOfID == nil}
	if ev.Public {
		// A limited author's posts stay off the public and hashtag
		// streams, as off those timelines; followers get them at home.
		limited, err := tx.AccountLimited(s.AccountID)
		if err != nil {
			return nil, nil, err
		}
		ev.Public = !limited
	}
	if ev.Public {
		if ev.Tags, err = lowerTagNames(tx, s.ID); err != nil {
			return nil, nil, err
		}
	}
	return ev, aud, nil
}

// StreamRequest names a stream as a client asks for it.
type StreamRequest struct {
	Name string
	Tag  string
	List string
}

// Subscribe opens a subscription to the hub for viewer (nil: anonymous).
func (a *Actions) Subscribe(viewer *store.Account) *events.Subscriber {
	return a.Events.Subscribe(idOf(viewer), streamBuffer)
}

// CheckStream validates a stream request for a viewer holding scopes:
// public streams are open to anyone, the others need a user token with
// the read scope of what they carry, and a list must be the viewer's own.
func (a *Actions) CheckStream(ctx context.Context, viewer *store.Account, scopes []string, req StreamRequest) (events.Stream, error) {
	st := events.Stream{Name: req.Name}
	switch req.Name {
	case events.Public, events.PublicLocal, events.PublicRemote, events.PublicMedia, events.PublicLocalMedia, events.PublicRemoteMedia:
	case events.Hashtag, events.HashtagLocal:
		st.Tag = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(req.Tag), "#"))
		if st.Tag == "" {
			return st, invalid("tag", "No tag for stream provided")
		}
	case events.User, events.Direct, events.List:
		if req.Name == events.List {
			id, ok := store.ParseID(req.List)
			if !ok {
				return st, invalid("list", "No list for stream provided")
			}
			st.List = id
		}
	case events.UserNotification:
	default:
		return st, invalid("stream", "Unknown stream type")
	}
	if viewer == nil {
		if st.IsPublic() {
			return st, nil
		}
		return st, ErrUnauthorized
	}
	need := "read:statuses"
	if st.Name == events.UserNotification {
		need = "read:notifications"
	}
	if !ScopeAllows(scopes, need) {
		return st, ErrForbidden
	}
	if st.List != 0 {
		owner, err := a.DB.ListOwner(ctx, st.List)
		if errors.Is(err, store.ErrNotFound) || err == nil && owner != viewer.ID {
			return st, ErrNotFound
		}
		if err != nil {
			return st, err
		}
	}
	return st, nil
}

// StreamItem is one event ready to render for one subscriber.
type StreamItem struct {
	Kind    string
	Streams []events.Stream
	// Status is the status of update, status.update and conversation events.
	Status *StatusView
	// Participants are the other accounts of a conversation (in Status.Related).
	Participants []store.ID
	// Conversation is the viewer's conversations row of a conversation
	// event; nil when the thread has none (yet).
	Conversation *store.Conversation
	Notification *Notifications
	DeletedID    store.ID
	// Announcement is the announcement of an announcement event.
	Announcement *AnnouncementView
	// AnnouncementID, Reaction and ReactionTally describe announcement.reaction
	// and announcement.delete events.
	AnnouncementID store.ID
	Reaction       string
	ReactionTally  int
}

// StreamItem prepares a delivered event for viewer (nil: anonymous), or
// returns ErrNotFound when the viewer must not or does not want to see it:
// the one visibility rule, then the viewer's blocks and mutes. A status
// that is not public never goes out on a public stream, whatever the event
// said, and notifications need the read:notifications scope.
func (a *Actions) StreamItem(ctx context.Context, viewer *store.Account, scopes []string, d events.Delivery) (*StreamItem, error) {
	ev := d.Event
	item := &StreamItem{Kind: ev.Kind, Streams: d.Streams}
	switch ev.Kind {
	case events.Delete:
		item.DeletedID = ev.StatusID
		return item, nil
	case events.Announcement, events.AnnouncementReaction, events.AnnouncementDelete:
		return a.announcementItem(ctx, viewer, item, ev)
	case events.Notification:
		if viewer == nil || !ScopeAllows(scopes, "read:notifications") {
			return nil, ErrNotFound
		}
		n, err := a.Notification(ctx, viewer, ev.NotificationID)
		item.Notification = n
		return item, err
	}
	view, err := a.Status(ctx, viewer, ev.StatusID)
	if err != nil {
		return nil, err
	}
	if ok, err := a.wantsStatus(ctx, viewer, view); err != nil || !ok {
		return nil, cmpErr(err, ErrNotFound)
	}
	if view.Status.Visibility != store.VisibilityPublic || view.Status.ReblogOfID != nil {
		item.Streams = slices.DeleteFunc(item.Streams, events.Stream.IsPublic)
		if len(item.Streams) == 0 {
			return nil, ErrNotFound
		}
	}
	item.Status = view
	if err := a.filterStreamItem(ctx, viewer, item); err != nil {
		return nil, err
	}
	if ev.Kind == events.Conversation {
		if err := a.addParticipants(ctx, viewer, item); err != nil {
			return nil, err
		}
		conv, err := a.DB.ConversationOf(ctx, idOf(viewer), threadOf(view.Status))
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		item.Conversation = conv
	}
	return item, nil
}

// wantsStatus is false when the viewer blocks or mutes the author, the
// reblogged author or a mentioned account, or the author blocks the viewer.
func (a *Actions) wantsStatus(ctx context.Context, viewer *store.Account, view *StatusView) (bool, error) {
	if viewer == nil {
		return true, nil
	}
	var ids []store.ID
	for _, s := range []*store.Status{view.Status, view.Statuses[ptrOr(view.Status.ReblogOfID)]} {
		if s != nil {
			ids = append(ids, s.AccountID)
			ids = append(ids, view.Mentions[s.ID]...)
		}
	}
	ids = slices.DeleteFunc(unique(ids), func(id store.ID) bool { return id == viewer.ID })
	rels, err := a.DB.Relationships(ctx, viewer.ID, ids)
	if err != nil {
		return false, err
	}
	for _, r := range rels {
		if r.Blocking || r.Muting || r.BlockedBy {
			return false, nil
		}
	}
	return true, nil
}

func (a *Actions) addParticipants(ctx context.Context, viewer *store.Account, item *StreamItem) error {
	s := item.Status.Status
	ids := append([]store.ID{s.AccountID}, item.Status.Mentions[s.ID]...)
	ids = slices.DeleteFunc(unique(ids), func(id store.ID) bool { return viewer != nil && id == viewer.ID })
	rel, err := a.relate(ctx, viewer, []*store.Status{s}, ids)
	if err != nil {
		return err
	}
	item.Status.Related, item.Participants = rel, ids
	return nil
}

func ptrOr(id *store.ID) store.ID {
	if id == nil {
		return 0
	}
	return *id
}

// cmpErr returns err when set, else fallback.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// lowerTagNames lists a status's hashtags in lower case, as hashtag streams match them.
func lowerTagNames(tx *store.Tx, statusID store.ID) ([]string, error) {
	names, err := tx.StatusTagNames(statusID)
	for i, n := range names {
		names[i] = strings.ToLower(n)
	}
	return names, err
}

// announcementItem prepares an announcement event: the announcement as the
// viewer sees it, or the reaction's new tally, or the deleted id.
func (a *Actions) announcementItem(ctx context.Context, viewer *store.Account, item *StreamItem, ev *events.Event) (*StreamItem, error) {
	if viewer == nil {
		return nil, ErrNotFound
	}
	item.AnnouncementID, item.Reaction, item.ReactionTally = ev.AnnouncementID, ev.Reaction, ev.ReactionTally
	if ev.Kind != events.Announcement {
		return item, nil
	}
	ann, err := a.activeAnnouncement(ctx, ev.AnnouncementID)
	if err != nil {
		return nil, err
	}
	views, err := a.announcementViews(ctx, viewer, []*store.Announcement{ann}, true)
	if err != nil || len(views) == 0 {
		return nil, cmpErr(err, ErrNotFound)
	}
	item.Announcement = views[0]
	return item, nil
}
