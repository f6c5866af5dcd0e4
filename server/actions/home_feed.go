package actions

import (
	"context"
	"errors"

	"roost/store"
)

// CreateHomeFeed gives the user a new private feed address and returns its
// secret, shown once: only its hash is kept. An older address stops working,
// so one live address exists at a time.
func (a *Actions) CreateHomeFeed(ctx context.Context, u *store.User) (string, error) {
	secret, err := newSecret()
	if err != nil {
		return "", err
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeUserFeedTokens(u.ID); err != nil {
			return err
		}
		userID := u.ID
		return tx.InsertToken(&store.Token{ID: a.DB.NewID(), UserID: &userID, Scopes: []string{"read:statuses"}, Kind: store.TokenKindFeed}, secret)
	})
	return secret, err
}

// RevokeHomeFeed makes the user's feed address stop working at once.
func (a *Actions) RevokeHomeFeed(ctx context.Context, u *store.User) error {
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.RevokeUserFeedTokens(u.ID) })
}

// HomeFeedToken returns the user's live feed token, nil when it has none.
func (a *Actions) HomeFeedToken(ctx context.Context, u *store.User) (*store.Token, error) {
	tok, err := a.DB.UserFeedToken(ctx, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return tok, err
}

// HomeFeed is the home timeline of the owner of a feed secret, exactly as
// HomeTimeline shows it to them: the secret stands for the signed-in user.
// An unknown or revoked secret, or a user who can no longer sign in, is
// ErrNotFound, so a feed address reveals nothing about why it fails.
func (a *Actions) HomeFeed(ctx context.Context, secret string, p store.Page) (*store.Account, *Statuses, error) {
	tok, err := a.DB.FeedTokenBySecret(ctx, secret)
	if errors.Is(err, store.ErrNotFound) || err == nil && tok.UserID == nil {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	u, err := a.DB.User(ctx, *tok.UserID)
	if err != nil {
		return nil, nil, err
	}
	acct, err := a.DB.Account(ctx, u.AccountID)
	if err != nil {
		return nil, nil, err
	}
	if acct.SuspendedAt != nil || u.DisabledAt != nil || u.ApprovedAt == nil {
		return nil, nil, ErrNotFound
	}
	if err := a.touch(ctx, tok); err != nil {
		return nil, nil, err
	}
	list, err := a.HomeTimeline(ctx, acct, p)
	return acct, list, err
}
