package actions

import (
	"context"
	"time"

	"roost/store"
)

// CanModerate reports whether a user may see the admin area's user list,
// approve sign-ups and suspend accounts.
func CanModerate(u *store.User) bool {
	return u != nil && (u.Role == store.RoleModerator || u.Role == store.RoleAdmin)
}

// IsAdmin reports whether a user may change roles and instance settings.
func IsAdmin(u *store.User) bool { return u != nil && u.Role == store.RoleAdmin }

// ListUsers lists every local user for moderators.
func (a *Actions) ListUsers(ctx context.Context, by *store.User) ([]store.LocalUser, error) {
	if !CanModerate(by) {
		return nil, ErrForbidden
	}
	return a.DB.LocalUsers(ctx)
}

// moderatedUser finds the user a moderator acts on. Nobody acts on
// themselves here, and only admins act on staff, so a moderator cannot
// lock out the people above them.
func (a *Actions) moderatedUser(ctx context.Context, by *store.User, username string) (*store.User, error) {
	if !CanModerate(by) {
		return nil, ErrForbidden
	}
	u, err := a.localUser(ctx, username)
	if err != nil {
		return nil, err
	}
	if u.ID == by.ID || u.Role != store.RoleUser && !IsAdmin(by) {
		return nil, ErrForbidden
	}
	return u, nil
}

// ApproveUser lets a user who signed up under approval sign in.
func (a *Actions) ApproveUser(ctx context.Context, by *store.User, username string) error {
	u, err := a.moderatedUser(ctx, by, username)
	if err != nil {
		return err
	}
	if u.ApprovedAt != nil {
		return nil
	}
	now := time.Now()
	u.ApprovedAt = &now
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.UpdateUser(u) })
}

// RejectUser turns down a pending sign-up: the account and user are
// deleted, so the username and address can be used again.
func (a *Actions) RejectUser(ctx context.Context, by *store.User, username string) error {
	u, err := a.moderatedUser(ctx, by, username)
	if err != nil {
		return err
	}
	if u.ApprovedAt != nil {
		return invalid("username", "is already approved")
	}
	return notFoundAs(a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeletePendingAccount(u.AccountID) }))
}

// SuspendUser suspends or unsuspends a local account on a moderator's word.
func (a *Actions) SuspendUser(ctx context.Context, by *store.User, username string, suspended bool) error {
	if _, err := a.moderatedUser(ctx, by, username); err != nil {
		return err
	}
	return a.SetSuspended(ctx, username, suspended)
}

// SetRole changes a local user's role; only admins may.
func (a *Actions) SetRole(ctx context.Context, by *store.User, username, role string) error {
	if !IsAdmin(by) {
		return ErrForbidden
	}
	if role != store.RoleUser && role != store.RoleModerator && role != store.RoleAdmin {
		return invalid("role", "must be one of user, moderator, admin")
	}
	u, err := a.moderatedUser(ctx, by, username)
	if err != nil {
		return err
	}
	u.Role = role
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.UpdateUser(u) })
}
