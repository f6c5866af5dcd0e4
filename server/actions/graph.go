package actions

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"roost/store"
)

// targetAccount loads an account the viewer acts on; suspended ones do not exist.
func (a *Actions) targetAccount(ctx context.Context, id store.ID) (*store.Account, error) {
	acct, err := a.DB.Account(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && acct.SuspendedAt != nil {
		return nil, ErrNotFound
	}
	return acct, err
}

// FollowArgs are a follow's options.
type FollowArgs struct {
	Reblogs bool // show the target's reblogs in home
	Notify  bool // notify of every status the target posts
	// Languages keeps home to the target's statuses in these ISO 639-1
	// codes (a status without a language always shows). Nil leaves a
	// follow's choice as it is (all, for a new one), as Mastodon does when
	// the parameter is absent; empty means all.
	Languages *[]string
}

// maxFollowLanguages bounds a follow's languages: there are fewer than
// 200 ISO 639-1 codes.
const maxFollowLanguages = 200

// followLanguages checks and tidies a follow's languages: lower case, no
// blanks, no repeats.
func followLanguages(codes []string) ([]string, error) {
	var out []string
	for _, c := range codes {
		c = strings.ToLower(strings.TrimSpace(c))
		if c == "" || slices.Contains(out, c) {
			continue
		}
		if err := checkLanguage(c); err != nil {
			return nil, invalid("languages", "contains an invalid language code")
		}
		out = append(out, c)
	}
	if len(out) > maxFollowLanguages {
		return nil, invalid("languages", "has too many languages")
	}
	return out, nil
}

// Follow follows an account. A locked or remote account gets a follow
// request instead, which stands until it is accepted. Following again only
// updates the options.
func (a *Actions) Follow(ctx context.Context, viewer *store.Account, targetID store.ID, args FollowArgs) (*store.Relationship, error) {
	target, err := a.targetAccount(ctx, targetID)
	if err != nil {
		return nil, err
	}
	if target.ID == viewer.ID {
		return nil, ErrForbidden
	}
	var languages []string
	if args.Languages != nil {
		if languages, err = followLanguages(*args.Languages); err != nil {
			return nil, err
		}
	}
	a.QueueBackfill(target)
	f := &store.Follow{ID: a.DB.NewID(), AccountID: viewer.ID, TargetAccountID: target.ID, ShowReblogs: args.Reblogs,
		Notify: args.Notify, CreatedAt: time.Now()}
	// The id of the Follow activity: the Accept and the Undo name it.
	f.URI = a.Paths.Actor(viewer.Username) + "#follows/" + store.FormatID(f.ID)
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		for _, pair := range [][2]store.ID{{target.ID, viewer.ID}, {viewer.ID, target.ID}} {
			blocked, err := tx.Blocking(pair[0], pair[1])
			if err != nil {
				return err
			}
			if blocked {
				return ErrForbidden
			}
		}
		f.Languages = languages
		if args.Languages == nil {
			if f.Languages, err = tx.FollowLanguages(viewer.ID, target.ID); err != nil {
				return err
			}
		}
		following, err := tx.Following(viewer.ID, target.ID)
		if err != nil {
			return err
		}
		if following {
			return tx.InsertFollow(f) // only the options change; nothing to send
		}
		if !target.Locked && target.Local() {
			if err := tx.InsertFollow(f); err != nil {
				return err
			}
			if err := a.notify(tx, target.ID, viewer.ID, store.NotifyFollow, nil); err != nil {
				return err
			}
		} else {
			_, err := tx.FollowRequest(viewer.ID, target.ID)
			if err == nil {
				return tx.InsertFollowRequest(f) // already asked: update the options
			}
			if !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if err := tx.InsertFollowRequest(f); err != nil {
				return err
			}
			if target.Local() {
				if err := a.notify(tx, target.ID, viewer.ID, store.NotifyFollowRequest, nil); err != nil {
					return err
				}
			}
		}
		return a.federate(tx, outgoing{Kind: activityFollow, Actor: viewer, Target: target})
	})
	if err != nil {
		return nil, err
	}
	return a.relationship(ctx, viewer, target.ID)
}

func (a *Actions) relationship(ctx context.Context, viewer *store.Account, target store.ID) (*store.Relationship, error) {
	rels, err := a.DB.Relationships(ctx, viewer.ID, []store.ID{target})
	if err != nil {
		return nil, err
	}
	return &rels[0], nil
}

// Unfollow stops following an account, or withdraws a pending request.
func (a *Actions) Unfollow(ctx context.Context, viewer *store.Account, targetID store.ID) (*store.Relationship, error) {
	target, err := a.targetAccount(ctx, targetID)
	if err != nil {
		return nil, err
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		followURI, err := tx.FollowURI(viewer.ID, target.ID)
		if err != nil {
			return err
		}
		followed, err := tx.DeleteFollow(viewer.ID, target.ID)
		if err != nil {
			return err
		}
		requested, err := tx.DeleteFollowRequest(viewer.ID, target.ID)
		if err != nil {
			return err
		}
		if !followed && !requested {
			return nil
		}
		if err := tx.DeleteNotificationsAbout(target.ID, viewer.ID, store.NotifyFollowRequest, nil); err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityUnfollow, Actor: viewer, Target: target, FollowURI: followURI})
	})
	if err != nil {
		return nil, err
	}
	return a.relationship(ctx, viewer, target.ID)
}

// Block blocks an account: follows both ways end, and it sees nothing of the viewer.
func (a *Actions) Block(ctx context.Context, viewer *store.Account, targetID store.ID) (*store.Relationship, error) {
	target, err := a.targetAccount(ctx, targetID)
	if err != nil {
		return nil, err
	}
	if target.ID == viewer.ID {
		return nil, ErrForbidden
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		for _, pair := range [][2]store.ID{{viewer.ID, target.ID}, {target.ID, viewer.ID}} {
			if _, err := tx.DeleteFollow(pair[0], pair[1]); err != nil {
				return err
			}
			if _, err := tx.DeleteFollowRequest(pair[0], pair[1]); err != nil {
				return err
			}
		}
		if err := tx.InsertBlock(a.DB.NewID(), viewer.ID, target.ID, ""); err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityBlock, Actor: viewer, Target: target})
	})
	if err != nil {
		return nil, err
	}
	return a.relationship(ctx, viewer, target.ID)
}

// Unblock lifts a block.
func (a *Actions) Unblock(ctx context.Context, viewer *store.Account, targetID store.ID) (*store.Relationship, error) {
	target, err := a.targetAccount(ctx, targetID)
	if err != nil {
		return nil, err
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		removed, err := tx.DeleteBlock(viewer.ID, target.ID)
		if err != nil || !removed {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityUnblock, Actor: viewer, Target: target})
	})
	if err != nil {
		return nil, err
	}
	return a.relationship(ctx, viewer, target.ID)
}

// MuteArgs are a mute's options.
type MuteArgs struct {
	Notifications bool          // also hide notifications from the account
	Duration      time.Duration // 0: until unmuted
}

// Mute hides an account from the viewer's timelines (mutes are private: no activity).
func (a *Actions) Mute(ctx context.Context, viewer *store.Account, targetID store.ID, args MuteArgs) (*store.Relationship, error) {
	target, err := a.targetAccount(ctx, targetID)
	if err != nil {
		return nil, err
	}
	if target.ID == viewer.ID {
		return nil, ErrForbidden
	}
	var expires *time.Time
	if args.Duration > 0 {
		t := time.Now().Add(args.Duration)
		expires = &t
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		return tx.InsertMute(a.DB.NewID(), viewer.ID, target.ID, args.Notifications, expires)
	})
	if err != nil {
		return nil, err
	}
	return a.relationship(ctx, viewer, target.ID)
}

// Unmute lifts a mute.
func (a *Actions) Unmute(ctx context.Context, viewer *store.Account, targetID store.ID) (*store.Relationship, error) {
	target, err := a.targetAccount(ctx, targetID)
	if err != nil {
		return nil, err
	}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteMute(viewer.ID, target.ID) }); err != nil {
		return nil, err
	}
	return a.relationship(ctx, viewer, target.ID)
}

// Relationships returns the viewer's relationship with each account, in order;
// unknown ids are left out.
func (a *Actions) Relationships(ctx context.Context, viewer *store.Account, ids []store.ID) ([]store.Relationship, error) {
	known, err := a.DB.AccountsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var keep []store.ID
	for _, id := range unique(ids) {
		if known[id] != nil {
			keep = append(keep, id)
		}
	}
	return a.DB.Relationships(ctx, viewer.ID, keep)
}

// FollowRequests lists who asks to follow the viewer.
func (a *Actions) FollowRequests(ctx context.Context, viewer *store.Account, p store.Page) (*Accounts, error) {
	list, cursors, err := a.DB.FollowRequesters(ctx, viewer.ID, p)
	return &Accounts{List: list, Cursors: cursors}, err
}

// AnswerFollowRequest accepts or rejects a pending request to follow the viewer.
func (a *Actions) AnswerFollowRequest(ctx context.Context, viewer *store.Account, fromID store.ID, accept bool) (*store.Relationship, error) {
	from, err := a.targetAccount(ctx, fromID)
	if err != nil {
		return nil, err
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		req, err := tx.FollowRequest(from.ID, viewer.ID)
		if errors.Is(err, store.ErrNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		kind := activityRejectFollow
		if accept {
			kind = activityAcceptFollow
			req.ID, req.CreatedAt = a.DB.NewID(), time.Now()
			if err := tx.InsertFollow(req); err != nil {
				return err
			}
		}
		if _, err := tx.DeleteFollowRequest(from.ID, viewer.ID); err != nil {
			return err
		}
		if err := tx.DeleteNotificationsAbout(viewer.ID, from.ID, store.NotifyFollowRequest, nil); err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: kind, Actor: viewer, Target: from, FollowURI: req.URI})
	})
	if err != nil {
		return nil, err
	}
	return a.relationship(ctx, viewer, from.ID)
}
