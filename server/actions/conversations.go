package actions

import (
	"context"
	"errors"
	"slices"

	"roost/store"
)

// recordConversation files a direct status s under each local
// participant's conversations, in the transaction that stores it:
// participantIDs are the accounts the status is addressed to (its
// mentions); its author is added here. The author's copy is read, the
// others' unread. PostStatus calls it for local direct statuses; the
// inbox must call it, in the same transaction, for a remote direct status
// once its mentions are stored, so remote DMs reach the conversations
// list too. Statuses that are not direct are ignored.
func (a *Actions) recordConversation(tx *store.Tx, s *store.Status, participantIDs []store.ID) error {
	if s.Visibility != store.VisibilityDirect || s.ReblogOfID != nil {
		return nil
	}
	thread := threadOf(s)
	everyone := unique(append([]store.ID{s.AccountID}, participantIDs...))
	locals, err := tx.LocalAccountIDs(everyone)
	if err != nil {
		return err
	}
	for _, owner := range locals {
		others := slices.DeleteFunc(slices.Clone(everyone), func(id store.ID) bool { return id == owner })
		if _, err := tx.UpsertConversation(a.DB.NewID(), owner, thread, s.ID, others, owner != s.AccountID); err != nil {
			return err
		}
	}
	return nil
}

// threadOf is the conversation a status belongs to: its thread's root.
func threadOf(s *store.Status) store.ID {
	if s.ConversationID != nil {
		return *s.ConversationID
	}
	return s.ID
}

// Conversations is a page of the viewer's direct-message threads.
type Conversations struct {
	List    []*store.Conversation
	Cursors []store.ID
	*Related
}

// Conversations lists the viewer's direct-message threads, newest first.
func (a *Actions) Conversations(ctx context.Context, viewer *store.Account, p store.Page) (*Conversations, error) {
	list, cursors, err := a.DB.Conversations(ctx, viewer.ID, p)
	if err != nil {
		return nil, err
	}
	return a.conversations(ctx, viewer, list, cursors)
}

func (a *Actions) conversations(ctx context.Context, viewer *store.Account, list []*store.Conversation, cursors []store.ID) (*Conversations, error) {
	var ids, people []store.ID
	for _, c := range list {
		ids = append(ids, c.LastStatusID)
		people = append(people, c.ParticipantIDs...)
	}
	statuses, err := a.DB.StatusesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var last []*store.Status
	for _, id := range ids {
		if s := statuses[id]; s != nil {
			last = append(last, s)
		}
	}
	rel, err := a.relate(ctx, viewer, last, unique(people))
	if err != nil {
		return nil, err
	}
	return &Conversations{List: list, Cursors: cursors, Related: rel}, nil
}

// ReadConversation marks one of the viewer's conversations read.
func (a *Actions) ReadConversation(ctx context.Context, viewer *store.Account, id store.ID) (*Conversations, error) {
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		found, err := tx.MarkConversationRead(viewer.ID, id)
		if err == nil && !found {
			return ErrNotFound
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	c, err := a.DB.Conversation(ctx, viewer.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return a.conversations(ctx, viewer, []*store.Conversation{c}, []store.ID{c.LastStatusID})
}

// RemoveConversation takes a thread off the viewer's list; its statuses
// stay, and a new message brings it back.
func (a *Actions) RemoveConversation(ctx context.Context, viewer *store.Account, id store.ID) error {
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		removed, err := tx.DeleteConversation(viewer.ID, id)
		if err == nil && !removed {
			return ErrNotFound
		}
		return err
	})
}
