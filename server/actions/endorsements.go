package actions

import (
	"context"
	"unicode/utf8"

	"roost/store"
)

// MaxAccountNoteChars is the longest private note, as in Mastodon.
const MaxAccountNoteChars = 2000

// SetAccountNote keeps the viewer's private note on an account (shown
// only to the viewer, as Relationship.note); an empty comment removes it.
func (a *Actions) SetAccountNote(ctx context.Context, viewer *store.Account, targetID store.ID, comment string) (*store.Relationship, error) {
	target, err := a.targetAccount(ctx, targetID)
	if err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(comment) > MaxAccountNoteChars {
		return nil, invalid("comment", "is too long (maximum is 2000 characters)")
	}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.SetAccountNote(viewer.ID, target.ID, comment) }); err != nil {
		return nil, err
	}
	return a.relationship(ctx, viewer, target.ID)
}

// Endorse features an account the viewer follows on the viewer's profile.
// Mastodon refuses anyone else with a validation error (422).
func (a *Actions) Endorse(ctx context.Context, viewer *store.Account, targetID store.ID) (*store.Relationship, error) {
	target, err := a.targetAccount(ctx, targetID)
	if err != nil {
		return nil, err
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		following, err := tx.Following(viewer.ID, target.ID)
		if err != nil {
			return err
		}
		if !following {
			return invalid("account", "You must be already following the person you want to endorse")
		}
		return tx.InsertEndorsement(a.DB.NewID(), viewer.ID, target.ID)
	})
	if err != nil {
		return nil, err
	}
	return a.relationship(ctx, viewer, target.ID)
}

// Unendorse takes an account off the viewer's profile.
func (a *Actions) Unendorse(ctx context.Context, viewer *store.Account, targetID store.ID) (*store.Relationship, error) {
	target, err := a.targetAccount(ctx, targetID)
	if err != nil {
		return nil, err
	}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteEndorsement(viewer.ID, target.ID) }); err != nil {
		return nil, err
	}
	return a.relationship(ctx, viewer, target.ID)
}

// Endorsements lists the accounts the viewer features, newest first.
func (a *Actions) Endorsements(ctx context.Context, viewer *store.Account, p store.Page) (*Accounts, error) {
	list, cursors, err := a.DB.EndorsedAccounts(ctx, viewer.ID, p)
	return &Accounts{List: list, Cursors: cursors}, err
}

// FeaturedAccounts is the start of the list a profile shows: the accounts
// account features, newest first. Only a local account's endorsements are
// known here; a remote one has none.
func (a *Actions) FeaturedAccounts(ctx context.Context, account store.ID, limit int) ([]*store.Account, error) {
	list, _, err := a.DB.EndorsedAccounts(ctx, account, store.Page{Limit: limit})
	return list, err
}
