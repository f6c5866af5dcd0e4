package actions

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"roost/server/events"
	"roost/store"
)

// AnnouncementArgs is an announcement as an admin writes it.
type AnnouncementArgs struct {
	Text     string
	StartsAt *time.Time
	EndsAt   *time.Time
	AllDay   bool
	// Publish shows it to users (from StartsAt); false keeps it a draft.
	Publish bool
}

// maxAnnouncementChars bounds an announcement's text.
const maxAnnouncementChars = 5000

// Operator is the person running the server from the command line: the
// admin CLI acts as an admin without an account.
func Operator() *store.User { return &store.User{Role: store.RoleAdmin} }

func checkAnnouncement(args AnnouncementArgs) error {
	if strings.TrimSpace(args.Text) == "" {
		return invalid("text", "can't be blank")
	}
	if utf8.RuneCountInString(args.Text) > maxAnnouncementChars {
		return invalid("text", "is too long (maximum is 5000 characters)")
	}
	if args.StartsAt != nil && args.EndsAt != nil && !args.EndsAt.After(*args.StartsAt) {
		return invalid("ends_at", "must be after starts_at")
	}
	return nil
}

// CreateAnnouncement stores a new announcement; only admins may. A
// published announcement that is showing already reaches open streams.
func (a *Actions) CreateAnnouncement(ctx context.Context, by *store.User, args AnnouncementArgs) (*store.Announcement, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	now := time.Now()
	ann := &store.Announcement{ID: a.DB.NewID(), CreatedAt: now}
	if err := a.fillAnnouncement(ctx, ann, args, now); err != nil {
		return nil, err
	}
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertAnnouncement(ann); err != nil {
			return err
		}
		a.wakeAnnouncements(tx)
		a.publishAnnouncement(tx, ann, now)
		return nil
	})
	return ann, err
}

// UpdateAnnouncement edits an announcement (its text, times and whether it
// is published); only admins may.
func (a *Actions) UpdateAnnouncement(ctx context.Context, by *store.User, id store.ID, args AnnouncementArgs) (*store.Announcement, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	ann, err := a.announcement(ctx, id)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	wasActive := ann.Active(now)
	if err := a.fillAnnouncement(ctx, ann, args, now); err != nil {
		return nil, err
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateAnnouncement(ann); err != nil {
			return err
		}
		a.wakeAnnouncements(tx)
		if wasActive && !ann.Active(now) {
			a.publish(tx, &events.Event{Kind: events.AnnouncementDelete, AnnouncementID: ann.ID})
			return nil
		}
		a.publishAnnouncement(tx, ann, now)
		return nil
	})
	return ann, err
}

func (a *Actions) fillAnnouncement(ctx context.Context, ann *store.Announcement, args AnnouncementArgs, now time.Time) error {
	if err := checkAnnouncement(args); err != nil {
		return err
	}
	f, err := a.format(ctx, args.Text)
	if err != nil {
		return err
	}
	ann.Text, ann.Content, ann.StartsAt, ann.EndsAt, ann.AllDay, ann.UpdatedAt = args.Text, f.HTML, args.StartsAt, args.EndsAt, args.AllDay, now
	switch {
	case !args.Publish:
		ann.PublishedAt = nil
	case ann.PublishedAt == nil:
		ann.PublishedAt = &now
	}
	return nil
}

// publishAnnouncement tells open user streams about an announcement
// showing now; RunAnnouncementSchedule tells them when a later one starts.
func (a *Actions) publishAnnouncement(tx *store.Tx, ann *store.Announcement, now time.Time) {
	if ann.Active(now) {
		a.publish(tx, &events.Event{Kind: events.Announcement, AnnouncementID: ann.ID})
	}
}

// DeleteAnnouncement removes an announcement; only admins may.
func (a *Actions) DeleteAnnouncement(ctx context.Context, by *store.User, id store.ID) error {
	if !IsAdmin(by) {
		return ErrForbidden
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		removed, err := tx.DeleteAnnouncement(id)
		if err == nil && !removed {
			return ErrNotFound
		}
		a.publish(tx, &events.Event{Kind: events.AnnouncementDelete, AnnouncementID: id})
		return err
	})
}

// AllAnnouncements lists every announcement, drafts and past ones too, for admins.
func (a *Actions) AllAnnouncements(ctx context.Context, by *store.User) ([]*store.Announcement, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	return a.DB.Announcements(ctx)
}

// AnnouncementForAdmin returns one announcement to edit.
func (a *Actions) AnnouncementForAdmin(ctx context.Context, by *store.User, id store.ID) (*store.Announcement, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	return a.announcement(ctx, id)
}

func (a *Actions) announcement(ctx context.Context, id store.ID) (*store.Announcement, error) {
	ann, err := a.DB.Announcement(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	return ann, err
}

// AnnouncementView is an announcement as one user sees it.
type AnnouncementView struct {
	*store.Announcement
	Read      bool
	Reactions []store.Reaction
	// EmojiURLs are the images of the custom emojis among the reactions.
	EmojiURLs map[string]string
	Formatted *formatted // mentions and tags of the text
}

// Announcements lists the announcements showing now to viewer; with
// withDismissed false, those the viewer dismissed are left out.
func (a *Actions) Announcements(ctx context.Context, viewer *store.Account, withDismissed bool) ([]*AnnouncementView, error) {
	list, err := a.DB.ActiveAnnouncements(ctx, time.Now())
	if err != nil {
		return nil, err
	}
	return a.announcementViews(ctx, viewer, list, withDismissed)
}

func (a *Actions) announcementViews(ctx context.Context, viewer *store.Account, list []*store.Announcement, withDismissed bool) ([]*AnnouncementView, error) {
	dismissed, err := a.DB.DismissedAnnouncements(ctx, viewer.ID)
	if err != nil {
		return nil, err
	}
	var ids []store.ID
	for _, ann := range list {
		ids = append(ids, ann.ID)
	}
	reactions, err := a.DB.AnnouncementReactions(ctx, viewer.ID, ids)
	if err != nil {
		return nil, err
	}
	out := []*AnnouncementView{}
	for _, ann := range list {
		if dismissed[ann.ID] && !withDismissed {
			continue
		}
		f, err := a.format(ctx, ann.Text)
		if err != nil {
			return nil, err
		}
		view := &AnnouncementView{Announcement: ann, Read: dismissed[ann.ID], Reactions: reactions[ann.ID], Formatted: f,
			EmojiURLs: map[string]string{}}
		for _, r := range view.Reactions {
			if isEmoji(r.Name) {
				continue
			}
			if e, err := a.DB.LocalCustomEmoji(ctx, r.Name); err == nil {
				view.EmojiURLs[r.Name] = cmpOr(e.URL, a.MediaURL(e.Path))
			}
		}
		out = append(out, view)
	}
	return out, nil
}

// Mentions are the accounts an announcement mentions.
func (v *AnnouncementView) Mentions() []*store.Account { return v.Formatted.Mentions }

// Tags are the hashtags of an announcement.
func (v *AnnouncementView) Tags() []string { return v.Formatted.Tags }

// activeAnnouncement loads an announcement users may act on now.
func (a *Actions) activeAnnouncement(ctx context.Context, id store.ID) (*store.Announcement, error) {
	ann, err := a.announcement(ctx, id)
	if err != nil {
		return nil, err
	}
	if !ann.Active(time.Now()) {
		return nil, ErrNotFound
	}
	return ann, nil
}

// DismissAnnouncement marks an announcement read by viewer; twice is fine.
func (a *Actions) DismissAnnouncement(ctx context.Context, viewer *store.Account, id store.ID) error {
	if _, err := a.activeAnnouncement(ctx, id); err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DismissAnnouncement(id, viewer.ID) })
}

// ReactToAnnouncement adds (on) or removes viewer's reaction name: a
// unicode emoji or the shortcode of one of this instance's custom emojis.
func (a *Actions) ReactToAnnouncement(ctx context.Context, viewer *store.Account, id store.ID, name string, on bool) error {
	if _, err := a.activeAnnouncement(ctx, id); err != nil {
		return err
	}
	if on {
		if err := a.checkReaction(ctx, name); err != nil {
			return err
		}
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		var changed bool
		var err error
		if on {
			changed, err = tx.InsertAnnouncementReaction(id, viewer.ID, name)
		} else {
			changed, err = tx.DeleteAnnouncementReaction(id, viewer.ID, name)
		}
		if err != nil || !changed {
			return err
		}
		n, err := tx.ReactionCount(id, name)
		if err != nil {
			return err
		}
		a.publish(tx, &events.Event{Kind: events.AnnouncementReaction, AnnouncementID: id, Reaction: name, ReactionTally: n})
		return nil
	})
}

// checkReaction accepts one unicode emoji (with its modifiers, joiners
// and selectors) or a known local custom emoji's shortcode.
func (a *Actions) checkReaction(ctx context.Context, name string) error {
	if isEmoji(name) {
		return nil
	}
	if name != "" && len(name) <= 64 && strings.IndexFunc(name, func(r rune) bool {
		return !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		_, err := a.DB.LocalCustomEmoji(ctx, name)
		if err == nil {
			return nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return invalid("", "Name is not a recognized emoji")
}

// isEmoji is a lenient test for one emoji: symbol characters joined by
// zero-width joiners, variation selectors, skin tones, keycaps or tags.
func isEmoji(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	symbols := 0
	for _, r := range s {
		switch {
		case r == 0x200D || r == 0xFE0F || r == 0xFE0E || r == 0x20E3 || r >= 0xE0020 && r <= 0xE007F:
		case r >= 0x1F3FB && r <= 0x1F3FF: // skin tones
		case unicode.Is(unicode.So, r) || r >= 0x1F000 && r <= 0x1FAFF:
			symbols++
		case (r == '#' || r == '*' || r >= '0' && r <= '9') && strings.ContainsRune(s, 0x20E3):
			symbols++
		default:
			return false
		}
	}
	return symbols > 0
}

// cmpOr returns s, or fallback when s is empty.
func cmpOr(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}
