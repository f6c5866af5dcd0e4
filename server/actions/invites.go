package actions

import (
	"context"
	"crypto/rand"
	"time"

	"roost/store"
)

// InviteArgs is an invite link's limits; zero means none.
type InviteArgs struct {
	MaxUses   int
	ExpiresIn time.Duration
}

// maxInviteUses and maxInviteLife bound what the form offers.
const (
	maxInviteUses = 100
	maxInviteLife = 366 * 24 * time.Hour
)

// CreateInvite makes an invite link for an approved user. Staff may invite
// whatever the registrations mode; others only when sign-ups are not
// closed (an invite then skips the approval queue).
func (a *Actions) CreateInvite(ctx context.Context, by *store.User, args InviteArgs) (*store.Invite, error) {
	if by == nil || by.ApprovedAt == nil {
		return nil, ErrForbidden
	}
	if !CanModerate(by) {
		s, err := a.InstanceSettings(ctx)
		if err != nil {
			return nil, err
		}
		if s.Registrations == RegistrationsClosed {
			return nil, ErrForbidden
		}
	}
	if args.MaxUses < 0 || args.MaxUses > maxInviteUses {
		return nil, invalid("max_uses", "must be between 1 and 100, or no limit")
	}
	if args.ExpiresIn < 0 || args.ExpiresIn > maxInviteLife {
		return nil, invalid("expires_in", "must be at most a year, or never")
	}
	now := time.Now()
	inv := &store.Invite{ID: a.DB.NewID(), Code: rand.Text()[:12], UserID: by.ID, CreatedAt: now}
	if args.MaxUses > 0 {
		inv.MaxUses = &args.MaxUses
	}
	if args.ExpiresIn > 0 {
		t := now.Add(args.ExpiresIn)
		inv.ExpiresAt = &t
	}
	return inv, a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertInvite(inv) })
}

// Invites lists a user's invite links.
func (a *Actions) Invites(ctx context.Context, by *store.User) ([]*store.Invite, error) {
	return a.DB.InvitesOf(ctx, by.ID)
}

// DeleteInvite withdraws one of the user's invite links.
func (a *Actions) DeleteInvite(ctx context.Context, by *store.User, id store.ID) error {
	return notFoundAs(a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteInvite(by.ID, id) }))
}

// UsableInvite returns the invite with code if it still lets someone sign
// up; otherwise ErrNotFound.
func (a *Actions) UsableInvite(ctx context.Context, code string) (*store.Invite, error) {
	inv, err := a.DB.InviteByCode(ctx, code)
	if err != nil {
		return nil, notFoundAs(err)
	}
	if !inv.Usable(time.Now()) {
		return nil, ErrNotFound
	}
	return inv, nil
}
