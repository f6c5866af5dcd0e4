package actions

import (
	"context"
	"errors"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"roost/store"
)

// Profile limits, as in Mastodon.
const (
	MaxDisplayNameChars = 30
	MaxNoteChars        = 500
	maxFields           = 4
	maxFieldText        = 255
)

// Account returns a visible account; a remote one seen for the first time
// gets its recent posts fetched in the background.
func (a *Actions) Account(ctx context.Context, id store.ID) (*store.Account, error) {
	acct, err := a.targetAccount(ctx, id)
	if err == nil {
		a.QueueBackfill(acct)
	}
	return acct, err
}

// LookupAccount finds an account by its handle: "user", "@user",
// "user@host" (this host means local) or "user@remote".
func (a *Actions) LookupAccount(ctx context.Context, acct string) (*store.Account, error) {
	acct = strings.TrimPrefix(strings.TrimSpace(acct), "@")
	username, domain, _ := strings.Cut(acct, "@")
	if strings.EqualFold(domain, a.Config.Host) {
		domain = ""
	}
	if username == "" {
		return nil, ErrNotFound
	}
	found, err := a.DB.AccountByHandle(ctx, username, domain)
	if errors.Is(err, store.ErrNotFound) || err == nil && found.SuspendedAt != nil {
		return nil, ErrNotFound
	}
	if err == nil {
		a.QueueBackfill(found)
	}
	return found, err
}

// AccountStatuses lists an account's statuses as the viewer may see them.
func (a *Actions) AccountStatuses(ctx context.Context, viewer *store.Account, id store.ID, f store.AccountFilter, tag string, p store.Page) (*Statuses, error) {
	acct, err := a.targetAccount(ctx, id)
	if err != nil {
		return nil, err
	}
	a.QueueBackfill(acct)
	if tag != "" {
		t, err := a.DB.TagByName(ctx, tag)
		if errors.Is(err, store.ErrNotFound) {
			return &Statuses{Related: &Related{}}, nil
		}
		if err != nil {
			return nil, err
		}
		f.TagID = t.ID
	}
	list, err := a.DB.AccountStatuses(ctx, idOf(viewer), acct.ID, f, p)
	if err != nil {
		return nil, err
	}
	return a.filteredStatuses(ctx, viewer, FilterAccount, list)
}

// Followers lists an account's followers; an account that hides its
// collections shows them only to itself.
func (a *Actions) Followers(ctx context.Context, viewer *store.Account, id store.ID, p store.Page) (*Accounts, error) {
	return a.collection(ctx, viewer, id, p, a.DB.Followers)
}

// Following lists whom an account follows, under the same rule as Followers.
func (a *Actions) Following(ctx context.Context, viewer *store.Account, id store.ID, p store.Page) (*Accounts, error) {
	return a.collection(ctx, viewer, id, p, a.DB.Followings)
}

func (a *Actions) collection(ctx context.Context, viewer *store.Account, id store.ID, p store.Page,
	list func(context.Context, store.ID, store.Page) ([]*store.Account, []store.ID, error)) (*Accounts, error) {
	acct, err := a.targetAccount(ctx, id)
	if err != nil {
		return nil, err
	}
	if acct.HideCollections && idOf(viewer) != acct.ID {
		return &Accounts{}, nil
	}
	accounts, cursors, err := list(ctx, acct.ID, p)
	return &Accounts{List: accounts, Cursors: cursors}, err
}

// Credentials is the viewer's own account with its private settings.
type Credentials struct {
	Account             *store.Account
	User                *store.User
	FollowRequestsCount int
}

// VerifyCredentials returns the viewer's account and settings.
func (a *Actions) VerifyCredentials(ctx context.Context, viewer *store.Account) (*Credentials, error) {
	acct, err := a.DB.Account(ctx, viewer.ID)
	if err != nil {
		return nil, err
	}
	u, err := a.DB.UserByAccount(ctx, viewer.ID)
	if err != nil {
		return nil, err
	}
	n, err := a.DB.FollowRequestCount(ctx, viewer.ID)
	if err != nil {
		return nil, err
	}
	return &Credentials{Account: acct, User: u, FollowRequestsCount: n}, nil
}

// FieldInput is a profile field as the user typed it.
type FieldInput struct {
	Name  string
	Value string
}

// UpdateCredentialsArgs holds the profile changes; nil means unchanged.
type UpdateCredentialsArgs struct {
	DisplayName     *string
	Note            *string
	Locked          *bool
	Bot             *bool
	Discoverable    *bool
	Indexable       *bool
	HideCollections *bool
	Fields          []FieldInput // nil: unchanged
	Privacy         *string
	Sensitive       *bool
	Language        *string
	// Avatar and Header are uploaded pictures; nil keeps the current one.
	Avatar []byte
	Header []byte
}

// UpdateCredentials changes the viewer's profile and posting defaults.
func (a *Actions) UpdateCredentials(ctx context.Context, viewer *store.Account, args UpdateCredentialsArgs) (*Credentials, error) {
	if err := checkProfile(args); err != nil {
		return nil, err
	}
	var note *formatted
	if args.Note != nil {
		var err error
		if note, err = a.format(ctx, *args.Note); err != nil {
			return nil, err
		}
	}
	var avatar, header *store.MediaAttachment
	var err error
	if args.Avatar != nil {
		if avatar, err = a.profilePicture(ctx, viewer, "avatar", args.Avatar); err != nil {
			return nil, err
		}
	}
	if args.Header != nil {
		if header, err = a.profilePicture(ctx, viewer, "header", args.Header); err != nil {
			return nil, err
		}
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		acct, err := tx.Account(viewer.ID)
		if err != nil {
			return err
		}
		applyProfile(acct, args, note)
		// A replaced picture's row is no longer referenced: pruning removes it.
		for _, p := range []struct {
			m   *store.MediaAttachment
			dst **store.ID
		}{{avatar, &acct.AvatarMediaID}, {header, &acct.HeaderMediaID}} {
			if p.m != nil {
				if err := tx.InsertMedia(p.m); err != nil {
					return err
				}
				*p.dst = &p.m.ID
			}
		}
		if acct.Emojis, err = a.profileEmojis(tx, acct); err != nil {
			return err
		}
		if err := tx.UpdateAccount(acct); err != nil {
			return err
		}
		if args.Privacy != nil || args.Sensitive != nil || args.Language != nil {
			if err := a.updatePostingDefaults(ctx, tx, viewer.ID, args); err != nil {
				return err
			}
		}
		return a.federate(tx, outgoing{Kind: activityUpdateAccount, Actor: acct})
	})
	if err != nil {
		return nil, err
	}
	if args.Fields != nil {
		a.queueLinkCheck(viewer.ID)
	}
	return a.VerifyCredentials(ctx, viewer)
}

func checkProfile(args UpdateCredentialsArgs) error {
	if args.DisplayName != nil && utf8.RuneCountInString(*args.DisplayName) > MaxDisplayNameChars {
		return invalid("display_name", "is too long (maximum is 30 characters)")
	}
	if args.Note != nil && utf8.RuneCountInString(*args.Note) > MaxNoteChars {
		return invalid("note", "is too long (maximum is 500 characters)")
	}
	if len(args.Fields) > maxFields {
		return invalid("fields", "must not be more than 4")
	}
	for _, f := range args.Fields {
		if utf8.RuneCountInString(f.Name) > maxFieldText || utf8.RuneCountInString(f.Value) > maxFieldText {
			return invalid("fields", "name and value must each be at most 255 characters")
		}
	}
	if args.Privacy != nil && (checkVisibility(*args.Privacy) != nil || *args.Privacy == store.VisibilityDirect) {
		return invalid("source[privacy]", "must be one of public, unlisted, private")
	}
	if args.Language != nil {
		return checkLanguage(*args.Language)
	}
	return nil
}

func applyProfile(acct *store.Account, args UpdateCredentialsArgs, note *formatted) {
	set := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	if args.DisplayName != nil {
		acct.DisplayName = strings.TrimSpace(*args.DisplayName)
	}
	if note != nil {
		acct.NoteSource, acct.Note = *args.Note, note.HTML
	}
	set(&acct.Locked, args.Locked)
	set(&acct.Bot, args.Bot)
	set(&acct.Discoverable, args.Discoverable)
	set(&acct.Indexable, args.Indexable)
	set(&acct.HideCollections, args.HideCollections)
	if args.Bot != nil {
		acct.ActorType = "Person"
		if *args.Bot {
			acct.ActorType = "Service"
		}
	}
	if args.Fields != nil {
		// A link that stays the same stays verified until the next check.
		wasVerified := map[string]*time.Time{}
		for _, f := range acct.Fields {
			wasVerified[f.Value] = f.VerifiedAt
		}
		acct.Fields = acct.Fields[:0]
		for _, f := range args.Fields {
			if f.Name == "" && f.Value == "" {
				continue
			}
			value := html.EscapeString(f.Value)
			acct.Fields = append(acct.Fields, store.Field{Name: f.Name, Value: value, Source: f.Value,
				VerifiedAt: wasVerified[value]})
		}
	}
}

func (a *Actions) updatePostingDefaults(ctx context.Context, tx *store.Tx, accountID store.ID, args UpdateCredentialsArgs) error {
	u, err := a.DB.UserByAccount(ctx, accountID)
	if err != nil {
		return err
	}
	if args.Privacy != nil {
		u.Settings.DefaultPrivacy = *args.Privacy
	}
	if args.Sensitive != nil {
		u.Settings.DefaultSensitive = *args.Sensitive
	}
	if args.Language != nil {
		u.Settings.DefaultLanguage = *args.Language
	}
	return tx.UpdateUser(u)
}
