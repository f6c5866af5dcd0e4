package actions

import (
	"context"
	"errors"
	"strings"
	"time"

	"roost/server/events"
	"roost/server/text"
	"roost/store"
)

// PostStatusArgs is a new status as a client sends it.
type PostStatusArgs struct {
	Text        string
	Visibility  string // "" for the author's default
	SpoilerText string
	Sensitive   bool
	Language    string
	InReplyToID store.ID // 0: not a reply
	MediaIDs    []store.ID
	Poll        *PollArgs // nil: no poll
	// IdempotencyKey makes a retried request return the first one's status.
	IdempotencyKey string
	ApplicationID  *store.ID
}

// idempotencyWindow is how long a key is remembered, as in Mastodon.
const idempotencyWindow = time.Hour

// maxMedia is the most attachments a status may carry.
const maxMedia = 4

// PostStatus publishes a status by author: it checks the text, stores the
// status with its mentions and tags, moves the counters, notifies local
// accounts and queues the activity, all in one transaction.
func (a *Actions) PostStatus(ctx context.Context, author *store.Account, args PostStatusArgs) (*StatusView, error) {
	if err := a.checkPost(ctx, author, &args); err != nil {
		return nil, err
	}
	var parent *store.Status
	if args.InReplyToID != 0 {
		var err error
		if parent, err = a.visibleStatus(ctx, author, args.InReplyToID); err != nil {
			return nil, err
		}
	}
	f, err := a.format(ctx, args.Text)
	if err != nil {
		return nil, err
	}
	id := a.DB.NewID()
	s := &store.Status{
		ID: id, URI: a.Paths.Status(author.Username, store.FormatID(id)), URL: a.Paths.StatusPage(author.Username, store.FormatID(id)),
		AccountID: author.ID, Local: true, Visibility: args.Visibility, Text: args.Text, Content: f.HTML,
		SpoilerText: args.SpoilerText, Sensitive: args.Sensitive || args.SpoilerText != "", Language: args.Language,
		ApplicationID: args.ApplicationID, CreatedAt: time.Now(),
	}
	if parent != nil {
		s.InReplyToID, s.InReplyToAccountID, s.InReplyToURI = &parent.ID, &parent.AccountID, parent.URI
		s.ConversationID = parent.ConversationID
	}
	if s.ConversationID == nil {
		s.ConversationID = &id
	}
	var existing store.ID
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if args.IdempotencyKey != "" {
			prev, err := tx.IdempotentStatus(author.ID, args.IdempotencyKey, time.Now().Add(-idempotencyWindow))
			if err == nil {
				existing = prev
				return nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return a.insertStatus(tx, author, s, parent, f, args)
	})
	if err != nil {
		return nil, err
	}
	if existing != 0 {
		prev, err := a.DB.Status(ctx, existing)
		if err != nil {
			return nil, err
		}
		s = prev
	}
	return a.statusView(ctx, author, s)
}

func (a *Actions) checkPost(ctx context.Context, author *store.Account, args *PostStatusArgs) error {
	if strings.TrimSpace(args.Text) == "" && len(args.MediaIDs) == 0 {
		return invalid("text", "can't be blank")
	}
	if text.Length(args.Text)+text.Length(args.SpoilerText) > a.Config.MaxStatusChars {
		return invalid("text", "is too long (maximum is "+itoa(a.Config.MaxStatusChars)+" characters)")
	}
	if len(args.MediaIDs) > maxMedia {
		return invalid("media_ids", "must not be more than 4")
	}
	if args.Poll != nil {
		if len(args.MediaIDs) > 0 {
			return invalid("poll", "cannot be combined with media")
		}
		if err := a.checkPoll(args.Poll); err != nil {
			return err
		}
	}
	if args.Visibility == "" || args.Language == "" {
		u, err := a.DB.UserByAccount(ctx, author.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if u != nil && args.Visibility == "" {
			args.Visibility = u.Settings.DefaultPrivacy
		}
		if u != nil && args.Language == "" {
			args.Language = u.Settings.DefaultLanguage
		}
	}
	if args.Visibility == "" {
		args.Visibility = store.VisibilityPublic
	}
	if err := checkVisibility(args.Visibility); err != nil {
		return err
	}
	return checkLanguage(args.Language)
}

func checkVisibility(v string) error {
	switch v {
	case store.VisibilityPublic, store.VisibilityUnlisted, store.VisibilityPrivate, store.VisibilityDirect:
		return nil
	}
	return invalid("visibility", "must be one of public, unlisted, private, direct")
}

func (a *Actions) insertStatus(tx *store.Tx, author *store.Account, s, parent *store.Status, f *formatted, args PostStatusArgs) error {
	if err := checkAttachable(tx, author, 0, args.MediaIDs); err != nil {
		return err
	}
	if err := tx.InsertStatus(s); err != nil {
		return err
	}
	tx.AfterCommit(func() { a.queueCard(s, false) })
	if err := tx.AttachMedia(s.ID, unique(args.MediaIDs)); err != nil {
		return err
	}
	if args.Poll != nil {
		if err := a.insertPoll(tx, s, args.Poll); err != nil {
			return err
		}
	}
	if err := a.linkLocalEmojis(tx, s); err != nil {
		return err
	}
	if err := a.writeMentionsAndTags(tx, author.ID, s.ID, f); err != nil {
		return err
	}
	if err := tx.AddToStatusesCount(author.ID, 1, s.CreatedAt); err != nil {
		return err
	}
	if parent != nil {
		if err := tx.AddToStatusCounter(parent.ID, store.CounterReplies, 1); err != nil {
			return err
		}
	}
	if args.IdempotencyKey != "" {
		if err := tx.InsertIdempotencyKey(author.ID, args.IdempotencyKey, s.ID); err != nil {
			return err
		}
	}
	if err := a.notifyNewStatus(tx, author, s, f.Mentions); err != nil {
		return err
	}
	if err := a.publishStatus(tx, events.Update, s); err != nil {
		return err
	}
	var audience []store.ID
	for _, m := range f.Mentions {
		audience = append(audience, m.ID)
	}
	if err := a.recordConversation(tx, s, audience); err != nil {
		return err
	}
	return a.federate(tx, outgoing{Kind: activityCreateStatus, Actor: author, Status: s, Audience: audience})
}

// checkAttachable refuses media that is not the author's own processed
// upload, unattached or already on statusID.
func checkAttachable(tx *store.Tx, author *store.Account, statusID store.ID, ids []store.ID) error {
	ids = unique(ids)
	if len(ids) == 0 {
		return nil
	}
	n, err := tx.AttachableMediaCount(author.ID, statusID, ids)
	if err != nil {
		return err
	}
	if n != len(ids) {
		return invalid("media_ids", "contains an unknown, unfinished or already attached media id")
	}
	return nil
}

// notifyNewStatus tells mentioned local accounts, and followers who asked
// to hear of every post, about a new status.
func (a *Actions) notifyNewStatus(tx *store.Tx, author *store.Account, s *store.Status, mentions []*store.Account) error {
	told := map[store.ID]bool{}
	for _, m := range mentions {
		if !m.Local() {
			continue
		}
		told[m.ID] = true
		if err := a.notify(tx, m.ID, author.ID, store.NotifyMention, &s.ID); err != nil {
			return err
		}
	}
	isOtherReply := s.InReplyToAccountID != nil && *s.InReplyToAccountID != author.ID
	if s.Visibility == store.VisibilityDirect || isOtherReply {
		return nil
	}
	followers, err := tx.NotifyFollowerIDs(author.ID)
	if err != nil {
		return err
	}
	for _, f := range followers {
		if !told[f] {
			if err := a.notify(tx, f, author.ID, store.NotifyStatus, &s.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// Status returns one status the viewer may see.
func (a *Actions) Status(ctx context.Context, viewer *store.Account, id store.ID) (*StatusView, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	return a.statusView(ctx, viewer, s)
}

// ownStatus loads one of the viewer's own statuses. Someone else's is
// ErrNotFound, as Mastodon looks these up among the viewer's statuses only
// (delete, edit, source).
func (a *Actions) ownStatus(ctx context.Context, viewer *store.Account, id store.ID) (*store.Status, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	if s.AccountID != viewer.ID {
		return nil, ErrNotFound
	}
	return s, nil
}

// DeleteStatus deletes one of the viewer's statuses and returns it as it
// was, with its source text, so apps can offer to redraft it.
func (a *Actions) DeleteStatus(ctx context.Context, viewer *store.Account, id store.ID) (*StatusView, error) {
	s, err := a.ownStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	view, err := a.statusView(ctx, viewer, s)
	if err != nil {
		return nil, err
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		// Read before the delete cascades them away: the Delete goes where the Create went.
		mentioned, err := tx.MentionedIDs(s.ID)
		if err != nil {
			return err
		}
		if err := a.publishDelete(tx, s); err != nil {
			return err
		}
		if err := tx.DeleteStatus(s.ID); err != nil {
			return err
		}
		if s.ReblogOfID != nil {
			if err := tx.AddToStatusCounter(*s.ReblogOfID, store.CounterReblogs, -1); err != nil {
				return err
			}
		} else if err := tx.AddToStatusesCount(viewer.ID, -1, time.Now()); err != nil {
			return err
		}
		if s.InReplyToID != nil {
			if err := tx.AddToStatusCounter(*s.InReplyToID, store.CounterReplies, -1); err != nil {
				return err
			}
		}
		return a.federate(tx, outgoing{Kind: activityDeleteStatus, Actor: viewer, Status: s, Audience: mentioned})
	})
	return view, err
}

// Context is a status's thread as the viewer may see it.
type Context struct {
	Ancestors   []*store.Status
	Descendants []*store.Status
	*Related
}

// StatusContext returns the ancestors and descendants of a visible status.
func (a *Actions) StatusContext(ctx context.Context, viewer *store.Account, id store.ID) (*Context, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	up, err := a.DB.Ancestors(ctx, idOf(viewer), s)
	if err != nil {
		return nil, err
	}
	// Remote threads fill in the background: the viewed status's missing
	// parents and replies, and the replies to the thread's first post.
	a.QueueThreadBackfill(s)
	if len(up) > 0 {
		a.QueueThreadBackfill(up[0])
	}
	down, err := a.DB.Descendants(ctx, idOf(viewer), s)
	if err != nil {
		return nil, err
	}
	rel, err := a.relate(ctx, viewer, append(append([]*store.Status{}, up...), down...), nil)
	if err != nil {
		return nil, err
	}
	if up, err = a.applyFilters(ctx, viewer, FilterThread, rel, up); err != nil {
		return nil, err
	}
	if down, err = a.applyFilters(ctx, viewer, FilterThread, rel, down); err != nil {
		return nil, err
	}
	return &Context{Ancestors: up, Descendants: down, Related: rel}, nil
}

func itoa(n int) string { return store.FormatID(int64(n)) }
