package store

import (
	"context"
	"time"
)

// Invite is a sign-up link a user made.
type Invite struct {
	ID        ID
	Code      string
	UserID    ID
	MaxUses   *int // nil: no limit
	Uses      int
	ExpiresAt *time.Time // nil: never
	CreatedAt time.Time
}

// Usable reports whether the invite still lets someone sign up at now.
func (i *Invite) Usable(now time.Time) bool {
	return (i.ExpiresAt == nil || now.Before(*i.ExpiresAt)) && (i.MaxUses == nil || i.Uses < *i.MaxUses)
}

const inviteColumns = "id, code, user_id, max_uses, uses, expires_at, created_at"

func scanInvite(row interface{ Scan(...any) error }) (*Invite, error) {
	var i Invite
	var expires *int64
	var created int64
	if err := notFound(row.Scan(&i.ID, &i.Code, &i.UserID, &i.MaxUses, &i.Uses, &expires, &created)); err != nil {
		return nil, err
	}
	i.ExpiresAt, i.CreatedAt = nullMillis(expires), FromMillis(created)
	return &i, nil
}

// InsertInvite stores a new invite.
func (tx *Tx) InsertInvite(i *Invite) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO invites ("+inviteColumns+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		i.ID, i.Code, i.UserID, i.MaxUses, i.Uses, optMillis(i.ExpiresAt), Millis(i.CreatedAt))
	return err
}

// UseInvite counts one sign-up on the invite with code, if it is still
// usable at now; otherwise ErrNotFound. Check and count are one statement,
// so two sign-ups cannot both take the last use.
func (tx *Tx) UseInvite(code string, now time.Time) error {
	return affectOne(tx.ExecContext(tx.ctx, `UPDATE invites SET uses = uses + 1 WHERE code = ?
		AND (expires_at IS NULL OR expires_at > ?) AND (max_uses IS NULL OR uses < max_uses)`, code, Millis(now)))
}

// InviteByCode returns an invite by its code.
func (db *DB) InviteByCode(ctx context.Context, code string) (*Invite, error) {
	return scanInvite(db.reader.QueryRowContext(ctx, "SELECT "+inviteColumns+" FROM invites WHERE code = ?", code))
}

// InvitesOf lists a user's invites, newest first.
func (db *DB) InvitesOf(ctx context.Context, user ID) ([]*Invite, error) {
	rows, err := db.reader.QueryContext(ctx, "SELECT "+inviteColumns+" FROM invites WHERE user_id = ? ORDER BY id DESC", user)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Invite
	for rows.Next() {
		i, err := scanInvite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// DeleteInvite removes one of a user's invites.
func (tx *Tx) DeleteInvite(user, id ID) error {
	return affectOne(tx.ExecContext(tx.ctx, "DELETE FROM invites WHERE id = ? AND user_id = ?", id, user))
}
