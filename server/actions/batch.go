package actions

import (
	"context"

	"roost/store"
)

// maxBatch is how many ids one multi-get reads; more are ignored.
const maxBatch = 40

// StatusesByIDs returns the statuses among ids the viewer may see, in the
// order asked (Mastodon 4.3's GET /api/v1/statuses?id[]=). Each status
// goes through CanSee: an id the viewer may not see is left out exactly
// like an unknown one, so the answer reveals nothing about it.
func (a *Actions) StatusesByIDs(ctx context.Context, viewer *store.Account, ids []store.ID) (*Statuses, error) {
	ids = firstIDs(ids)
	found, err := a.DB.StatusesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var list []*store.Status
	for _, id := range ids {
		s := found[id]
		if s == nil {
			continue
		}
		ok, err := a.CanSee(ctx, viewer, s)
		if err != nil {
			return nil, err
		}
		if ok {
			list = append(list, s)
		}
	}
	return a.statuses(ctx, viewer, list, nil)
}

// AccountsByIDs returns the known, unsuspended accounts among ids, in the
// order asked (GET /api/v1/accounts?id[]=).
func (a *Actions) AccountsByIDs(ctx context.Context, ids []store.ID) ([]*store.Account, error) {
	ids = firstIDs(ids)
	found, err := a.DB.AccountsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var list []*store.Account
	for _, id := range ids {
		if acct := found[id]; acct != nil && acct.SuspendedAt == nil {
			list = append(list, acct)
		}
	}
	return list, nil
}

// firstIDs drops repeats and keeps at most maxBatch ids.
func firstIDs(ids []store.ID) []store.ID {
	ids = unique(ids)
	if len(ids) > maxBatch {
		ids = ids[:maxBatch]
	}
	return ids
}
