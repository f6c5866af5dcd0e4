package actions

import (
	"context"
	"strings"

	"golang.org/x/net/idna"

	"roost/store"
)

// MutedAccounts lists whom the viewer mutes (live mutes only).
func (a *Actions) MutedAccounts(ctx context.Context, viewer *store.Account, p store.Page) (*Accounts, error) {
	list, cursors, err := a.DB.MutedAccounts(ctx, viewer.ID, p)
	return &Accounts{List: list, Cursors: cursors}, err
}

// MutesOf returns the viewer's live mutes of the listed accounts (for
// their expiry and whether notifications are hidden).
func (a *Actions) MutesOf(ctx context.Context, viewer *store.Account, accounts []*store.Account) (map[store.ID]*store.Mute, error) {
	ids := make([]store.ID, 0, len(accounts))
	for _, acct := range accounts {
		ids = append(ids, acct.ID)
	}
	return a.DB.MutesOf(ctx, viewer.ID, ids)
}

// BlockedAccounts lists whom the viewer blocks.
func (a *Actions) BlockedAccounts(ctx context.Context, viewer *store.Account, p store.Page) (*Accounts, error) {
	list, cursors, err := a.DB.BlockedAccounts(ctx, viewer.ID, p)
	return &Accounts{List: list, Cursors: cursors}, err
}

// normalDomain checks a domain a person typed and returns it as accounts
// store it: lower case, punycode, no scheme, path or port.
func normalDomain(raw string) (string, error) {
	d := strings.ToLower(strings.TrimSpace(raw))
	d = strings.TrimPrefix(strings.TrimPrefix(d, "https://"), "http://")
	d, _, _ = strings.Cut(d, "/")
	d = strings.TrimPrefix(d, "@")
	if d == "" {
		return "", invalid("domain", "can't be blank")
	}
	ascii, err := idna.Lookup.ToASCII(d)
	if err != nil || !strings.Contains(ascii, ".") || strings.ContainsAny(ascii, " :@") {
		return "", invalid("domain", "is not a valid domain name")
	}
	return ascii, nil
}

// BlockDomain hides a whole domain from the viewer, as Mastodon does: its
// accounts' statuses and notifications disappear for the viewer, and
// follows both ways between the viewer and its accounts end (with an Undo
// and a Reject to their server; the block itself is not announced).
func (a *Actions) BlockDomain(ctx context.Context, viewer *store.Account, raw string) error {
	domain, err := normalDomain(raw)
	if err != nil {
		return err
	}
	if domain == a.Config.Host {
		return invalid("domain", "can't be your own server")
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertUserDomainBlock(viewer.ID, domain); err != nil {
			return err
		}
		followers, err := tx.FollowersOnDomain(viewer.ID, domain)
		if err != nil {
			return err
		}
		for _, id := range followers {
			if err := a.rejectFollower(tx, viewer, id); err != nil {
				return err
			}
		}
		followed, err := tx.FollowedOnDomain(viewer.ID, domain)
		if err != nil {
			return err
		}
		for _, id := range followed {
			target, err := tx.Account(id)
			if err != nil {
				return err
			}
			followURI, err := tx.FollowURI(viewer.ID, id)
			if err != nil {
				return err
			}
			if _, err := tx.DeleteFollow(viewer.ID, id); err != nil {
				return err
			}
			if _, err := tx.DeleteFollowRequest(viewer.ID, id); err != nil {
				return err
			}
			if err := a.federate(tx, outgoing{Kind: activityUnfollow, Actor: viewer, Target: target, FollowURI: followURI}); err != nil {
				return err
			}
		}
		return nil
	})
}

// rejectFollower ends a remote account's follow of (or request to follow)
// the viewer, and tells its server with a Reject, as Mastodon does.
func (a *Actions) rejectFollower(tx *store.Tx, viewer *store.Account, id store.ID) error {
	follower, err := tx.Account(id)
	if err != nil {
		return err
	}
	followURI, err := tx.FollowURI(id, viewer.ID)
	if err != nil {
		return err
	}
	if _, err := tx.DeleteFollow(id, viewer.ID); err != nil {
		return err
	}
	if _, err := tx.DeleteFollowRequest(id, viewer.ID); err != nil {
		return err
	}
	return a.federate(tx, outgoing{Kind: activityRejectFollow, Actor: viewer, Target: follower, FollowURI: followURI})
}

// UnblockDomain lifts a domain block.
func (a *Actions) UnblockDomain(ctx context.Context, viewer *store.Account, raw string) error {
	domain, err := normalDomain(raw)
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteUserDomainBlock(viewer.ID, domain) })
}

// BlockedDomains lists the domains the viewer blocks.
func (a *Actions) BlockedDomains(ctx context.Context, viewer *store.Account, p store.Page) ([]string, []store.ID, error) {
	return a.DB.UserDomainBlocks(ctx, viewer.ID, p)
}
