package actions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"roost/federation/ap"
	"roost/server/events"
	"roost/server/media"
	"roost/store"
)

// ReceiveCreate stores a remote post delivered to an inbox, if a local
// account follows its author, is mentioned in it, or it replies to a
// status we know (Mastodon's rule: nothing else is worth the disk).
func (a *Actions) ReceiveCreate(ctx context.Context, actor *store.Account, act *ap.Activity) error {
	note := act.Object.Note
	if note == nil {
		if act.Object.IRI == "" || act.Object.Embedded() && !ap.IsNoteType(act.Object.Type) {
			return nil
		}
		// Only the object's IRI: fetch it from its origin.
		_, err := a.ResolveStatus(ctx, act.Object.IRI)
		return dropRemote(err)
	}
	if note.AttributedTo != actor.URI || !ap.SameOrigin(note.ID, actor.URI) {
		return ErrForbidden
	}
	if note.IsPollVote() {
		return a.receivePollVote(ctx, actor, note)
	}
	wanted, err := a.concernsLocal(ctx, actor, note)
	if err != nil || !wanted {
		return err
	}
	a.resolveParent(ctx, note, newBudget())
	_, err = a.storeRemoteStatus(ctx, actor, note)
	return err
}

// dropRemote turns a failed fetch into a silent drop: the sender did
// nothing wrong by naming an object we cannot reach.
func dropRemote(err error) error {
	if errors.Is(err, ErrRemote) || errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// concernsLocal reports whether a remote post concerns a local account.
func (a *Actions) concernsLocal(ctx context.Context, author *store.Account, note *ap.Note) (bool, error) {
	mentioned, err := a.noteMentions(ctx, note)
	if err != nil {
		return false, err
	}
	for _, m := range mentioned {
		if m.Local() {
			return true, nil
		}
	}
	if note.InReplyTo != "" {
		if _, err := a.DB.StatusByURI(ctx, note.InReplyTo); err == nil {
			return true, nil
		}
	}
	return a.DB.HasLocalFollower(ctx, author.ID)
}

// noteMentions returns the known accounts a note mentions, by tag or by
// addressing (a direct message may address someone without a Mention tag).
func (a *Actions) noteMentions(ctx context.Context, note *ap.Note) ([]*store.Account, error) {
	uris := make([]string, 0, len(note.Mentions)+len(note.To)+len(note.Cc))
	for _, m := range note.Mentions {
		uris = append(uris, m.Href)
	}
	uris = append(append(uris, note.To...), note.Cc...)
	seen := map[store.ID]bool{}
	var out []*store.Account
	for _, uri := range uris {
		if uri == "" || uri == ap.Public || len(out) >= 50 {
			continue
		}
		acct, err := a.DB.AccountByURI(ctx, uri)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !seen[acct.ID] && acct.SuspendedAt == nil {
			seen[acct.ID] = true
			out = append(out, acct)
		}
	}
	return out, nil
}

// storeRemoteStatus stores a remote post with its mentions, tags, emojis,
// attachments and poll, and notifies local accounts, in one transaction.
// A post already stored comes back as it is.
func (a *Actions) storeRemoteStatus(ctx context.Context, author *store.Account, note *ap.Note) (*store.Status, error) {
	mentioned, err := a.noteMentions(ctx, note)
	if err != nil {
		return nil, err
	}
	s := note.ToStatus(author.FollowersURL)
	now := time.Now()
	if s.CreatedAt.IsZero() || s.CreatedAt.After(now) {
		s.CreatedAt = now
	}
	s.ID, s.AccountID, s.FetchedAt = a.DB.IDAt(s.CreatedAt), author.ID, &now
	if s.InReplyToURI != "" {
		if parent, err := a.DB.StatusByURI(ctx, s.InReplyToURI); err == nil {
			s.InReplyToID, s.InReplyToAccountID, s.ConversationID = &parent.ID, &parent.AccountID, parent.ConversationID
		}
	}
	if s.ConversationID == nil {
		s.ConversationID = &s.ID
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if prev, err := tx.StatusByURI(s.URI); err == nil {
			s = *prev
			return nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := a.insertRemoteStatus(tx, &s); err != nil {
			return err
		}
		kept, err := a.writeRemoteExtras(tx, author, &s, note, mentioned)
		if err != nil {
			return err
		}
		if err := tx.AddToStatusesCount(author.ID, 1, s.CreatedAt); err != nil {
			return err
		}
		if s.InReplyToID != nil {
			if err := tx.AddToStatusCounter(*s.InReplyToID, store.CounterReplies, 1); err != nil {
				return err
			}
		}
		if err := a.notifyNewStatus(tx, author, &s, kept); err != nil {
			return err
		}
		if err := a.recordConversation(tx, &s, idsOf(kept)); err != nil {
			return err
		}
		return a.publishStatus(tx, events.Update, &s)
	})
	if err != nil {
		return nil, err
	}
	a.queueQuote(&s)
	return &s, nil
}

// insertRemoteStatus inserts a remote status whose id was made from its
// published time: posts published in the same millisecond (many servers
// send whole seconds) may draw the same id, so a clash draws again.
func (a *Actions) insertRemoteStatus(tx *store.Tx, s *store.Status) error {
	for try := 0; ; try++ {
		err := tx.InsertStatus(s)
		if !errors.Is(err, store.ErrConflict) || try == 4 {
			return err
		}
		if _, uerr := tx.StatusByURI(s.URI); uerr == nil {
			return err
		}
		own := s.ConversationID != nil && *s.ConversationID == s.ID
		s.ID = a.DB.IDAt(s.CreatedAt)
		if own {
			s.ConversationID = &s.ID
		}
	}
}

// writeRemoteExtras writes a remote status's side tables, replacing what it
// had. It returns the mentions kept: a local account that blocks the
// author is not mentioned (and so not notified, nor shown a direct post).
func (a *Actions) writeRemoteExtras(tx *store.Tx, author *store.Account, s *store.Status, note *ap.Note, mentioned []*store.Account) ([]*store.Account, error) {
	var kept []*store.Account
	for _, m := range mentioned {
		if m.Local() {
			if blocked, err := tx.Blocking(m.ID, author.ID); err != nil || blocked {
				if err != nil {
					return nil, err
				}
				continue
			}
		}
		kept = append(kept, m)
	}
	f := &formatted{Mentions: kept}
	for _, t := range note.Hashtags {
		f.Tags = append(f.Tags, t.Name)
	}
	if err := a.writeMentionsAndTags(tx, author.ID, s.ID, f); err != nil {
		return nil, err
	}
	// Mastodon keeps a media-rejected domain's attachments as links to
	// their origin, of type unknown, never downloaded; its emojis are dropped.
	rejectMedia, err := a.DB.DomainRejectsMedia(context.WithoutCancel(tx.Context()), hostOf(author.URI))
	if err != nil {
		return nil, err
	}
	emojis := note.Emojis
	if rejectMedia {
		emojis = nil
	}
	if err := tx.SetStatusEmojis(s.ID, author.Domain, emojis, a.DB.NewID); err != nil {
		return nil, err
	}
	attachments := make([]store.RemoteMedia, 0, len(note.Attachments))
	for i, m := range note.Attachments {
		if i == maxRemoteMedia {
			break
		}
		if rejectMedia {
			m.Kind, m.Blurhash = "unknown", ""
		}
		original := mediaSize(media.Size{Width: m.Width, Height: m.Height})
		original.Duration = m.Duration
		attachments = append(attachments, store.RemoteMedia{ID: a.DB.NewID(), AccountID: author.ID, Position: i, Kind: m.Kind,
			ContentType: m.MediaType, RemoteURL: m.URL, Description: m.Description, Blurhash: m.Blurhash,
			FocusX: m.FocusX, FocusY: m.FocusY, Meta: mustJSON(MediaMeta{Original: original})})
	}
	if err := tx.ReplaceRemoteMedia(s.ID, attachments); err != nil {
		return nil, err
	}
	if note.Poll != nil {
		if err := a.writeRemotePoll(tx, s, note.Poll); err != nil {
			return nil, err
		}
	}
	return kept, nil
}

// maxRemoteMedia bounds the attachments kept per remote post (Misskey allows 16).
const maxRemoteMedia = 16

func (a *Actions) writeRemotePoll(tx *store.Tx, s *store.Status, poll *ap.Poll) error {
	type option struct {
		Title      string `json:"title"`
		VotesCount int    `json:"votes_count"`
	}
	opts := make([]option, 0, len(poll.Options))
	votes := 0
	for _, o := range poll.Options {
		opts = append(opts, option{Title: o.Title, VotesCount: o.Votes})
		votes += o.Votes
	}
	raw, err := json.Marshal(opts)
	if err != nil {
		return fmt.Errorf("poll options: %w", err)
	}
	p := &store.RemotePoll{ID: a.DB.NewID(), StatusID: s.ID, Options: string(raw), Multiple: poll.Multiple,
		VotesCount: votes, VotersCount: poll.VotersCount}
	if !poll.EndTime.IsZero() {
		p.ExpiresAt = &poll.EndTime
	}
	if !poll.Closed.IsZero() {
		p.ClosedAt = &poll.Closed
	}
	id, err := tx.UpsertRemotePoll(p)
	s.PollID = &id
	return err
}

// idsOf lists the accounts' ids.
func idsOf(accounts []*store.Account) []store.ID {
	ids := make([]store.ID, len(accounts))
	for i, acct := range accounts {
		ids[i] = acct.ID
	}
	return ids
}
