package actions

import (
	"context"
	"errors"
	"slices"
	"strings"

	"roost/store"
)

// maxAliases bounds alsoKnownAs, as Mastodon does.
const maxAliases = 10

// SetAliases sets the accounts the viewer also is (alsoKnownAs), by handle
// (user@host) or actor URI, so that one of them may move here. Followers'
// servers hear of it with an Update of the actor.
func (a *Actions) SetAliases(ctx context.Context, viewer *store.Account, handles []string) (*store.Account, error) {
	if len(handles) > maxAliases {
		return nil, invalid("also_known_as", "has too many accounts (maximum is 10)")
	}
	uris := []string{}
	for _, h := range handles {
		if h = strings.TrimSpace(h); h == "" {
			continue
		}
		acct, err := a.resolveHandleOrURI(ctx, h)
		if err != nil {
			return nil, invalid("also_known_as", "names an account that cannot be found: "+h)
		}
		if acct.ID == viewer.ID {
			return nil, invalid("also_known_as", "cannot name yourself")
		}
		if !slices.Contains(uris, acct.URI) {
			uris = append(uris, acct.URI)
		}
	}
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		fresh, err := tx.Account(viewer.ID)
		if err != nil {
			return err
		}
		fresh.AlsoKnownAs = uris
		if err := tx.UpdateAccount(fresh); err != nil {
			return err
		}
		viewer = fresh
		return a.federate(tx, outgoing{Kind: activityUpdateAccount, Actor: fresh})
	})
	return viewer, err
}

// MoveAccount moves the viewer to another account, which must already
// list the viewer in its alsoKnownAs: the viewer's followers hear a Move
// (their servers move them), local followers are moved here at once, and
// the viewer is marked moved.
func (a *Actions) MoveAccount(ctx context.Context, viewer *store.Account, handle string) (*store.Account, error) {
	target, err := a.resolveHandleOrURI(ctx, strings.TrimSpace(handle))
	if err != nil {
		return nil, invalid("target", "cannot be found")
	}
	if !target.Local() {
		if target, err = a.refreshAccount(ctx, target.URI); err != nil {
			return nil, invalid("target", "cannot be fetched")
		}
	}
	if target.ID == viewer.ID || target.MovedToID != nil {
		return nil, invalid("target", "cannot be this account or one that moved away")
	}
	if !slices.Contains(target.AlsoKnownAs, viewer.URI) {
		return nil, invalid("target", "must list this account as an alias first")
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		fresh, err := tx.Account(viewer.ID)
		if err != nil {
			return err
		}
		fresh.MovedToID = &target.ID
		if err := tx.UpdateAccount(fresh); err != nil {
			return err
		}
		viewer = fresh
		if err := a.federate(tx, outgoing{Kind: activityMove, Actor: fresh, Target: target}); err != nil {
			return err
		}
		followers, err := tx.LocalFollowerIDs(fresh.ID)
		if err != nil {
			return err
		}
		for _, id := range followers {
			if err := a.moveFollower(tx, id, fresh, target); err != nil {
				return err
			}
		}
		return nil
	})
	return viewer, err
}

// resolveHandleOrURI finds an account by user@host (resolved over
// WebFinger when remote) or by actor URI.
func (a *Actions) resolveHandleOrURI(ctx context.Context, s string) (*store.Account, error) {
	if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
		if acct, err := a.DB.AccountByURI(ctx, s); err == nil {
			return acct, nil
		}
		return a.RemoteAccountByURI(ctx, s)
	}
	s = strings.TrimPrefix(s, "@")
	if _, host, ok := strings.Cut(s, "@"); !ok || strings.EqualFold(host, a.Config.Host) {
		return a.LookupAccount(ctx, s)
	}
	return a.ResolveAccount(ctx, s)
}

// AddAlias adds one account (handle or actor URI) to the viewer's aliases.
func (a *Actions) AddAlias(ctx context.Context, viewer *store.Account, handle string) (*store.Account, error) {
	if strings.TrimSpace(handle) == "" {
		return nil, invalid("alias", "can't be blank")
	}
	return a.SetAliases(ctx, viewer, append(slices.Clone(viewer.AlsoKnownAs), handle))
}

// RemoveAlias takes one actor URI off the viewer's aliases.
func (a *Actions) RemoveAlias(ctx context.Context, viewer *store.Account, uri string) (*store.Account, error) {
	kept := slices.DeleteFunc(slices.Clone(viewer.AlsoKnownAs), func(u string) bool { return u == uri })
	if len(kept) == len(viewer.AlsoKnownAs) {
		return nil, ErrNotFound
	}
	return a.SetAliases(ctx, viewer, kept)
}

// ConfirmedMove is MoveAccount asked for from the settings page, where the
// password is typed again: a move cannot be undone from here.
func (a *Actions) ConfirmedMove(ctx context.Context, s *Session, target, password string) (*store.Account, error) {
	if err := a.confirmPassword(s.User, password); err != nil {
		return nil, err
	}
	return a.MoveAccount(ctx, s.Account, target)
}

// Migration is what the migration settings page shows.
type Migration struct {
	// Aliases are the accounts in alsoKnownAs; URIs no longer known here
	// are kept as accounts with only the URI set, so they can be removed.
	Aliases []*store.Account
	MovedTo *store.Account
}

// MigrationSettings gathers the viewer's aliases and where it moved to.
func (a *Actions) MigrationSettings(ctx context.Context, viewer *store.Account) (*Migration, error) {
	m := &Migration{}
	for _, uri := range viewer.AlsoKnownAs {
		acct, err := a.DB.AccountByURI(ctx, uri)
		if errors.Is(err, store.ErrNotFound) {
			acct = &store.Account{URI: uri}
		} else if err != nil {
			return nil, err
		}
		m.Aliases = append(m.Aliases, acct)
	}
	if viewer.MovedToID != nil {
		moved, err := a.DB.Account(ctx, *viewer.MovedToID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		m.MovedTo = moved
	}
	return m, nil
}
