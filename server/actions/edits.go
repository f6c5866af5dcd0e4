package actions

import (
	"context"
	"time"

	"roost/server/events"
	"roost/server/text"
	"roost/store"
)

// EditStatusArgs is what an edit may change.
type EditStatusArgs struct {
	Text        string
	SpoilerText string
	Sensitive   bool
	Language    string // "" keeps the current one
	// MediaIDs replaces the attachments, in order; nil keeps them.
	MediaIDs *[]store.ID
}

// EditStatus rewrites one of the viewer's statuses, keeping the earlier
// version in its history, and tells who mentioned or reblogged it.
func (a *Actions) EditStatus(ctx context.Context, viewer *store.Account, id store.ID, args EditStatusArgs) (*StatusView, error) {
	s, err := a.ownStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	if s.ReblogOfID != nil {
		return nil, ErrForbidden
	}
	if text.Length(args.Text)+text.Length(args.SpoilerText) > a.Config.MaxStatusChars {
		return nil, invalid("text", "is too long (maximum is "+itoa(a.Config.MaxStatusChars)+" characters)")
	}
	if args.MediaIDs != nil && len(unique(*args.MediaIDs)) > maxMedia {
		return nil, invalid("media_ids", "must not be more than 4")
	}
	if args.Text == "" && (args.MediaIDs == nil || len(*args.MediaIDs) == 0) {
		return nil, invalid("text", "can't be blank")
	}
	if err := checkLanguage(args.Language); err != nil {
		return nil, err
	}
	f, err := a.format(ctx, args.Text)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	before := *s
	s.Text, s.Content, s.SpoilerText, s.Sensitive = args.Text, f.HTML, args.SpoilerText, args.Sensitive || args.SpoilerText != ""
	if args.Language != "" {
		s.Language = args.Language
	}
	s.EditedAt = &now
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		beforeMedia, err := tx.StatusMediaIDs(s.ID)
		if err != nil {
			return err
		}
		if before.EditedAt == nil {
			// The first edit also keeps the original, so history shows every version.
			if err := tx.InsertStatusEdit(&store.StatusEdit{ID: a.DB.IDAt(before.CreatedAt), StatusID: s.ID, Content: before.Content,
				SpoilerText: before.SpoilerText, Sensitive: before.Sensitive, MediaIDs: beforeMedia, CreatedAt: before.CreatedAt}); err != nil {
				return err
			}
		}
		afterMedia, err := a.replaceMedia(tx, viewer, s.ID, beforeMedia, args.MediaIDs)
		if err != nil {
			return err
		}
		if err := tx.InsertStatusEdit(&store.StatusEdit{ID: a.DB.NewID(), StatusID: s.ID, Content: s.Content,
			SpoilerText: s.SpoilerText, Sensitive: s.Sensitive, MediaIDs: afterMedia, CreatedAt: now}); err != nil {
			return err
		}
		if err := tx.UpdateStatusContent(s); err != nil {
			return err
		}
		if cardChanged(before.Content, s.Content) {
			s.Card = ""
			if err := tx.SetStatusCard(s.ID, ""); err != nil {
				return err
			}
			tx.AfterCommit(func() { a.queueCard(s, false) })
		}
		if err := a.writeMentionsAndTags(tx, viewer.ID, s.ID, f); err != nil {
			return err
		}
		if err := a.linkLocalEmojis(tx, s); err != nil {
			return err
		}
		if err := a.notifyEdit(tx, viewer, s); err != nil {
			return err
		}
		if err := a.publishStatus(tx, events.StatusUpdate, s); err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityUpdateStatus, Actor: viewer, Status: s})
	})
	if err != nil {
		return nil, err
	}
	return a.statusView(ctx, viewer, s)
}

// replaceMedia puts an edit's attachments on the status; nil keeps them.
func (a *Actions) replaceMedia(tx *store.Tx, author *store.Account, statusID store.ID, current []store.ID, next *[]store.ID) ([]store.ID, error) {
	if next == nil {
		return current, nil
	}
	ids := unique(*next)
	if err := checkAttachable(tx, author, statusID, ids); err != nil {
		return nil, err
	}
	if err := tx.DetachMedia(statusID); err != nil {
		return nil, err
	}
	return ids, tx.AttachMedia(statusID, ids)
}

// notifyEdit tells accounts the status mentions or that reblogged it.
func (a *Actions) notifyEdit(tx *store.Tx, author *store.Account, s *store.Status) error {
	mentioned, err := tx.MentionedIDs(s.ID)
	if err != nil {
		return err
	}
	reblogs, err := tx.ReblogIDs(s.ID)
	if err != nil {
		return err
	}
	told := map[store.ID]bool{}
	for _, rid := range reblogs {
		r, err := tx.Status(rid)
		if err != nil {
			return err
		}
		mentioned = append(mentioned, r.AccountID)
	}
	for _, id := range mentioned {
		if told[id] || id == author.ID {
			continue
		}
		told[id] = true
		acct, err := tx.Account(id)
		if err != nil {
			return err
		}
		if acct.Local() {
			if err := a.notify(tx, id, author.ID, store.NotifyUpdate, &s.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// StatusHistory is every version of a status, oldest first.
type StatusHistory struct {
	Status   *store.Status
	Versions []*store.StatusEdit
	// Media holds the attachments any version showed.
	Media map[store.ID]*store.MediaAttachment
	*Related
}

// StatusHistory returns a visible status's versions; a status never edited has one.
func (a *Actions) StatusHistory(ctx context.Context, viewer *store.Account, id store.ID) (*StatusHistory, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	versions, err := a.DB.StatusEdits(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	if len(versions) == 0 {
		versions = []*store.StatusEdit{{StatusID: s.ID, Content: s.Content, SpoilerText: s.SpoilerText, Sensitive: s.Sensitive, CreatedAt: s.CreatedAt}}
	}
	rel, err := a.relate(ctx, viewer, []*store.Status{s}, nil)
	if err != nil {
		return nil, err
	}
	if len(versions) == 1 && versions[0].ID == 0 { // never edited: the one version shows today's media
		for _, m := range rel.Media[s.ID] {
			versions[0].MediaIDs = append(versions[0].MediaIDs, m.ID)
		}
	}
	var mediaIDs []store.ID
	for _, v := range versions {
		mediaIDs = append(mediaIDs, v.MediaIDs...)
	}
	media, err := a.DB.MediaByIDs(ctx, unique(mediaIDs))
	if err != nil {
		return nil, err
	}
	return &StatusHistory{Status: s, Versions: versions, Media: media, Related: rel}, nil
}

// StatusSource returns one of the viewer's statuses, for its source text.
func (a *Actions) StatusSource(ctx context.Context, viewer *store.Account, id store.ID) (*store.Status, error) {
	return a.ownStatus(ctx, viewer, id)
}
