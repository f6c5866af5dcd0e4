package actions

import (
	"context"
	"errors"
	"time"

	"roost/federation/ap"
	"roost/server/events"
	"roost/store"
)

// ReceiveUpdate applies an edit of the actor's own post (keeping the
// earlier version in its history and telling who reblogged or was
// mentioned), or refreshes the actor's own profile.
func (a *Actions) ReceiveUpdate(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	switch obj := act.Object; {
	case obj.Actor != nil:
		if obj.Actor.ID != actor.URI {
			return ErrForbidden
		}
		_, err := a.saveActor(ctx, obj.Actor)
		return err
	case obj.Note != nil:
		if obj.Note.AttributedTo != actor.URI || !ap.SameOrigin(obj.Note.ID, actor.URI) {
			return ErrForbidden
		}
		return a.updateRemoteStatus(ctx, actor, obj.Note)
	case obj.IRI == actor.URI:
		_, err := a.refreshAccount(ctx, actor.URI)
		return dropRemote(err)
	}
	return nil
}

func (a *Actions) updateRemoteStatus(ctx context.Context, author *store.Account, note *ap.Note) error {
	s, err := a.knownStatus(ctx, note.ID)
	if err != nil {
		return dropRemote(err) // an edit of a post we never stored
	}
	if s.AccountID != author.ID {
		return ErrForbidden
	}
	mentioned, err := a.noteMentions(ctx, note)
	if err != nil {
		return err
	}
	if note.Poll != nil && s.PollID != nil && note.Content == s.Content && note.Summary == s.SpoilerText &&
		note.Sensitive == s.Sensitive {
		// Only the counts moved: Mastodon sends an Update(Question) on
		// votes, which is no edit.
		return a.DB.Write(ctx, func(tx *store.Tx) error {
			if stale, err := stalePollCounts(tx, *s.PollID, note.Poll); err != nil || stale {
				return err
			}
			if err := a.writeRemotePoll(tx, s, note.Poll); err != nil {
				return err
			}
			return a.publishStatus(tx, events.StatusUpdate, s)
		})
	}
	before := *s
	now := time.Now()
	edited := note.Updated
	if edited.IsZero() || edited.After(now) {
		edited = now
	}
	s.Content, s.SpoilerText, s.Sensitive, s.Language = note.Content, note.Summary, note.Sensitive, note.Language
	s.QuoteURI = note.ToStatus("").QuoteURI // an edit may add, change or drop a quote
	s.EditedAt, s.FetchedAt = &edited, &now
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if before.EditedAt == nil {
			if err := tx.InsertStatusEdit(&store.StatusEdit{ID: a.DB.IDAt(before.CreatedAt), StatusID: s.ID, Content: before.Content,
				SpoilerText: before.SpoilerText, Sensitive: before.Sensitive, CreatedAt: before.CreatedAt}); err != nil {
				return err
			}
		}
		if err := tx.InsertStatusEdit(&store.StatusEdit{ID: a.DB.IDAt(edited), StatusID: s.ID, Content: s.Content,
			SpoilerText: s.SpoilerText, Sensitive: s.Sensitive, CreatedAt: edited}); err != nil {
			return err
		}
		if err := tx.UpdateRemoteStatus(s); err != nil {
			return err
		}
		if cardChanged(before.Content, s.Content) {
			// The new link is previewed lazily, when the status is next shown.
			s.Card = ""
			if err := tx.SetStatusCard(s.ID, ""); err != nil {
				return err
			}
		}
		if _, err := a.writeRemoteExtras(tx, author, s, note, mentioned); err != nil {
			return err
		}
		if err := a.notifyEdit(tx, author, s); err != nil {
			return err
		}
		return a.publishStatus(tx, events.StatusUpdate, s)
	})
	if err == nil {
		a.queueQuote(s)
	}
	return err
}

// ReceiveDelete removes the actor's own post, or, when the actor deletes
// itself, everything it posted and its follows, leaving the account suspended.
func (a *Actions) ReceiveDelete(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	if act.Object.IRI == actor.URI {
		var files []string
		err := a.DB.Write(ctx, func(tx *store.Tx) error {
			now := time.Now()
			if err := tx.SetAccountSuspended(actor.ID, &now); err != nil {
				return err
			}
			if err := tx.DeleteAccountContent(actor.ID); err != nil {
				return err
			}
			var err error
			files, err = tx.DropRemoteAccountMedia(actor.ID)
			return err
		})
		if err == nil {
			a.deleteFiles(files)
		}
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		s, err := tx.StatusByURI(act.Object.IRI)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if s.AccountID != actor.ID {
			return ErrForbidden
		}
		if err := a.publishDelete(tx, s); err != nil {
			return err
		}
		return deleteRemoteStatus(tx, s)
	})
}

// deleteRemoteStatus deletes a status (its reblogs, mentions and
// notifications go with it by cascade) and moves the counters it counted in.
func deleteRemoteStatus(tx *store.Tx, s *store.Status) error {
	if err := tx.DeleteStatus(s.ID); err != nil {
		return err
	}
	switch {
	case s.ReblogOfID != nil:
		if err := tx.AddToStatusCounter(*s.ReblogOfID, store.CounterReblogs, -1); err != nil {
			return err
		}
	default:
		if err := tx.AddToStatusesCount(s.AccountID, -1, time.Now()); err != nil {
			return err
		}
	}
	if s.InReplyToID != nil {
		return tx.AddToStatusCounter(*s.InReplyToID, store.CounterReplies, -1)
	}
	return nil
}

// stalePollCounts reports whether an Update(Question) carries fewer votes
// than already stored: updates can arrive out of order, and counts of an
// open poll only grow, so the older one is dropped.
func stalePollCounts(tx *store.Tx, pollID store.ID, poll *ap.Poll) (bool, error) {
	stored, err := tx.Poll(pollID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	votes := 0
	for _, o := range poll.Options {
		votes += o.Votes
	}
	return poll.Closed.IsZero() && votes < stored.VotesCount, nil
}
