package actions

import (
	"context"

	"roost/store"
)

// RemoveFromFollowers ends an account's follow of the viewer. A remote
// follower's server is sent a Reject of its Follow, as Mastodon does, so
// the follow ends there too.
func (a *Actions) RemoveFromFollowers(ctx context.Context, viewer *store.Account, followerID store.ID) (*store.Relationship, error) {
	follower, err := a.targetAccount(ctx, followerID)
	if err != nil {
		return nil, err
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		following, err := tx.Following(follower.ID, viewer.ID)
		if err != nil || !following {
			return err
		}
		return a.rejectFollower(tx, viewer, follower.ID)
	})
	if err != nil {
		return nil, err
	}
	return a.relationship(ctx, viewer, follower.ID)
}

// FamiliarFollowers are the accounts the viewer follows that follow one account.
type FamiliarFollowers struct {
	AccountID store.ID
	Accounts  []*store.Account
}

// FamiliarFollowers answers, for each known account, which accounts the
// viewer follows also follow it. Followers who hide their network are
// left out (as in Mastodon), and so is everything about an account that
// hides its followers from others.
func (a *Actions) FamiliarFollowers(ctx context.Context, viewer *store.Account, ids []store.ID) ([]FamiliarFollowers, error) {
	ids = firstIDs(ids)
	known, err := a.DB.AccountsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var open []store.ID
	for _, id := range ids {
		if acct := known[id]; acct != nil && acct.SuspendedAt == nil && (!acct.HideCollections || acct.ID == viewer.ID) {
			open = append(open, id)
		}
	}
	byTarget, err := a.DB.FamiliarFollowers(ctx, viewer.ID, open)
	if err != nil {
		return nil, err
	}
	out := []FamiliarFollowers{}
	for _, id := range ids {
		if acct := known[id]; acct != nil && acct.SuspendedAt == nil {
			out = append(out, FamiliarFollowers{AccountID: id, Accounts: byTarget[id]})
		}
	}
	return out, nil
}
