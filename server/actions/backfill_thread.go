package actions

import (
	"context"
	"time"

	"roost/federation/ap"
	"roost/store"
)

// maxBackfillReplies bounds the replies fetched for one viewed status.
const maxBackfillReplies = 20

// QueueThreadBackfill asks the background worker to complete the thread
// of a remote status being viewed: its missing parents and the replies its
// server lists. It never waits; the thread fills in on the next load.
func (a *Actions) QueueThreadBackfill(s *store.Status) {
	if a.BackfillWorker == nil || a.Config.BackfillPosts <= 0 || s == nil || s.Local || s.ReblogOfID != nil {
		return
	}
	id := s.ID
	if err := a.BackfillWorker.Submit(func(ctx context.Context) { a.backfillThread(ctx, id) }); err != nil && a.Log != nil {
		a.Log.Debug("backfill queue full", "status", s.URI)
	}
}

func (a *Actions) backfillThread(ctx context.Context, id store.ID) {
	now := time.Now()
	var fresh bool
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		var err error
		fresh, err = tx.MarkRepliesFetched(id, now, now.Add(-backfillRefresh))
		return err
	})
	if err != nil || !fresh || !pause(ctx) {
		return
	}
	s, err := a.DB.Status(ctx, id)
	if err != nil {
		return
	}
	if s.InReplyToURI != "" && s.InReplyToID == nil && a.backfill.take(s.InReplyToURI) {
		a.backfillParent(ctx, s.InReplyToURI)
	}
	a.backfillReplies(ctx, s)
}

// backfillParent fetches a missing parent (and its own parents, within
// the usual bounds) and links the replies that waited for it.
func (a *Actions) backfillParent(ctx context.Context, uri string) {
	parent, err := a.resolveStatus(ctx, uri, newBudget())
	if err != nil {
		a.logBackfill("parent not fetched", uri, err)
		return
	}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.AdoptReplies(parent) }); err != nil {
		a.logBackfill("replies not linked", uri, err)
	}
}

// backfillReplies reads the replies collection the status's own server
// publishes and fetches each reply from its origin: a listed id is only a
// hint, never trusted content.
func (a *Actions) backfillReplies(ctx context.Context, s *store.Status) {
	if !a.backfill.take(s.URI) {
		return
	}
	resp, err := a.fetchObject(ctx, s.URI)
	if err != nil {
		a.logBackfill("status not refetched", s.URI, err)
		return
	}
	note, err := ap.ParseNote(resp.Body)
	if err != nil || note.ID != s.URI || note.Replies == "" {
		return
	}
	c, err := a.fetchCollection(ctx, note.Replies, s.URI)
	if err == nil && len(c.Items) == 0 && (c.First != "" || c.Next != "") {
		next := c.First
		if next == "" {
			next = c.Next
		}
		c, err = a.fetchCollection(ctx, next, s.URI)
	}
	if err != nil {
		a.logBackfill("replies not read", note.Replies, err)
		return
	}
	b := &budget{fetches: maxBackfillReplies, depth: 0}
	for i, item := range c.Items {
		if i == maxBackfillReplies || ctx.Err() != nil {
			return
		}
		if item.Announce || item.IRI == "" {
			continue
		}
		if _, err := a.DB.StatusByURI(ctx, item.IRI); err == nil || !a.backfill.take(item.IRI) {
			continue
		}
		if _, err := a.resolveStatus(ctx, item.IRI, b); err != nil {
			a.logBackfill("reply not fetched", item.IRI, err)
		}
	}
}
