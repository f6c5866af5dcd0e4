package actions

import (
	"context"
	"errors"
	"strings"
	"time"

	"roost/server/text"
	"roost/store"
)

// ListArgs are a list's title and options as a client sends them; nil
// fields keep their current value on an update.
type ListArgs struct {
	Title         *string
	RepliesPolicy *string
	Exclusive     *bool
}

// maxListTitle bounds a list's title, in characters.
const maxListTitle = 100

func (args ListArgs) apply(l *store.List) error {
	if args.Title != nil {
		l.Title = strings.TrimSpace(*args.Title)
	}
	if l.Title == "" {
		return invalid("title", "can't be blank")
	}
	if text.Length(l.Title) > maxListTitle {
		return invalid("title", "is too long (maximum is 100 characters)")
	}
	if args.RepliesPolicy != nil && *args.RepliesPolicy != "" {
		l.RepliesPolicy = *args.RepliesPolicy
	}
	switch l.RepliesPolicy {
	case "followed", "list", "none":
	default:
		return invalid("replies_policy", "must be one of followed, list, none")
	}
	if args.Exclusive != nil {
		l.Exclusive = *args.Exclusive
	}
	return nil
}

// CreateList makes a new list for the viewer.
func (a *Actions) CreateList(ctx context.Context, viewer *store.Account, args ListArgs) (*store.List, error) {
	l := &store.List{ID: a.DB.NewID(), AccountID: viewer.ID, RepliesPolicy: "list", CreatedAt: time.Now()}
	if err := args.apply(l); err != nil {
		return nil, err
	}
	return l, a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertList(l) })
}

// List returns one of the viewer's lists; another's is not found.
func (a *Actions) List(ctx context.Context, viewer *store.Account, id store.ID) (*store.List, error) {
	l, err := a.DB.List(ctx, viewer.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	return l, err
}

// Lists returns the viewer's lists.
func (a *Actions) Lists(ctx context.Context, viewer *store.Account) ([]*store.List, error) {
	return a.DB.Lists(ctx, viewer.ID)
}

// UpdateList renames a list or changes its options.
func (a *Actions) UpdateList(ctx context.Context, viewer *store.Account, id store.ID, args ListArgs) (*store.List, error) {
	l, err := a.List(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	if err := args.apply(l); err != nil {
		return nil, err
	}
	return l, a.DB.Write(ctx, func(tx *store.Tx) error { return tx.UpdateList(l) })
}

// DeleteList removes one of the viewer's lists.
func (a *Actions) DeleteList(ctx context.Context, viewer *store.Account, id store.ID) error {
	l, err := a.List(ctx, viewer, id)
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteList(l.ID) })
}

// ListMembers lists the accounts on one of the viewer's lists.
func (a *Actions) ListMembers(ctx context.Context, viewer *store.Account, id store.ID, p store.Page) (*Accounts, error) {
	l, err := a.List(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	list, cursors, err := a.DB.ListMembers(ctx, l.ID, p)
	return &Accounts{List: list, Cursors: cursors}, err
}

// AddToList puts accounts on one of the viewer's lists. Only accounts the
// viewer follows may be listed, as in Mastodon: anyone else fails the
// whole request.
func (a *Actions) AddToList(ctx context.Context, viewer *store.Account, id store.ID, accounts []store.ID) error {
	l, err := a.List(ctx, viewer, id)
	if err != nil {
		return err
	}
	if len(accounts) == 0 {
		return invalid("account_ids", "can't be blank")
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		for _, acct := range unique(accounts) {
			following, err := tx.Following(viewer.ID, acct)
			if err != nil {
				return err
			}
			// As in Mastodon, an account asked to follow may be listed
			// already: its posts show once it accepts.
			requested, err := tx.Requested(viewer.ID, acct)
			if err != nil {
				return err
			}
			if !following && !requested {
				return invalid("account_ids", "must be accounts you follow")
			}
		}
		return tx.InsertListAccounts(l.ID, unique(accounts))
	})
}

// RemoveFromList takes accounts off one of the viewer's lists.
func (a *Actions) RemoveFromList(ctx context.Context, viewer *store.Account, id store.ID, accounts []store.ID) error {
	l, err := a.List(ctx, viewer, id)
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteListAccounts(l.ID, accounts) })
}

// AccountLists returns the viewer's lists that hold an account.
func (a *Actions) AccountLists(ctx context.Context, viewer *store.Account, accountID store.ID) ([]*store.List, error) {
	if _, err := a.targetAccount(ctx, accountID); err != nil {
		return nil, err
	}
	return a.DB.ListsWithMember(ctx, viewer.ID, accountID)
}

// ListTimeline is the feed of one of the viewer's lists.
func (a *Actions) ListTimeline(ctx context.Context, viewer *store.Account, id store.ID, p store.Page) (*Statuses, error) {
	l, err := a.List(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	list, err := a.DB.ListTimeline(ctx, l, p)
	if err != nil {
		return nil, err
	}
	return a.filteredStatuses(ctx, viewer, FilterHome, list)
}
