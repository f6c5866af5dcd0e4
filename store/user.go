package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Roles a local user can have.
const (
	RoleUser      = "user"
	RoleModerator = "moderator"
	RoleAdmin     = "admin"
)

// User is a local sign-in identity attached to an account.
type User struct {
	ID            ID
	AccountID     ID
	Email         string
	PasswordHash  string
	Role          string
	Locale        string
	SignupReason  string
	Settings      UserSettings
	TOTPSecret    string
	TOTPEnabledAt *time.Time
	TOTPLastStep  int64
	CreatedAt     time.Time
	ConfirmedAt   *time.Time
	ApprovedAt    *time.Time
	DisabledAt    *time.Time
	LastSignInAt  *time.Time
}

// UserSettings are a user's posting and reading preferences.
type UserSettings struct {
	DefaultPrivacy   string `json:"default_privacy,omitempty"`
	DefaultSensitive bool   `json:"default_sensitive,omitempty"`
	DefaultLanguage  string `json:"default_language,omitempty"`
	ExpandSpoilers   bool   `json:"expand_spoilers,omitempty"`
	ExpandMedia      string `json:"expand_media,omitempty"`
}

const userColumns = `id, account_id, email, password_hash, role, locale, signup_reason, settings, totp_secret,
	totp_enabled_at, totp_last_step, created_at, confirmed_at, approved_at, disabled_at, last_sign_in_at`

func scanUser(row scanner) (*User, error) {
	var u User
	var settings string
	var created int64
	var totp, confirmed, approved, disabled, lastSignIn *int64
	err := row.Scan(&u.ID, &u.AccountID, &u.Email, &u.PasswordHash, &u.Role, &u.Locale, &u.SignupReason, &settings,
		&u.TOTPSecret, &totp, &u.TOTPLastStep, &created, &confirmed, &approved, &disabled, &lastSignIn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	unmarshalLoose(settings, &u.Settings)
	u.CreatedAt = FromMillis(created)
	u.TOTPEnabledAt, u.ConfirmedAt, u.ApprovedAt = nullMillis(totp), nullMillis(confirmed), nullMillis(approved)
	u.DisabledAt, u.LastSignInAt = nullMillis(disabled), nullMillis(lastSignIn)
	return &u, nil
}

// User returns the user with id.
func (db *DB) User(ctx context.Context, id ID) (*User, error) {
	return scanUser(db.reader.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
}

// UserByAccount returns the user signing in as account id.
func (db *DB) UserByAccount(ctx context.Context, accountID ID) (*User, error) {
	return scanUser(db.reader.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE account_id = ?", accountID))
}

// UserByEmail finds a user by email, ignoring case.
func (db *DB) UserByEmail(ctx context.Context, email string) (*User, error) {
	return scanUser(db.reader.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE email = ? COLLATE NOCASE", email))
}

// UserByUsername finds the user of a local account by username.
func (db *DB) UserByUsername(ctx context.Context, username string) (*User, error) {
	return scanUser(db.reader.QueryRowContext(ctx, "SELECT "+prefixed("u.", userColumns)+
		" FROM users u JOIN accounts a ON a.id = u.account_id WHERE a.domain = '' AND a.username = ? COLLATE NOCASE", username))
}

// EmailTaken reports whether a user already has this email.
func (tx *Tx) EmailTaken(email string) (bool, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, "SELECT COUNT(*) FROM users WHERE email = ? COLLATE NOCASE", email).Scan(&n)
	return n > 0, err
}

// InsertUser stores a new user; ErrConflict when the email is taken.
func (tx *Tx) InsertUser(u *User) error {
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO users ("+userColumns+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		u.ID, u.AccountID, u.Email, u.PasswordHash, u.Role, u.Locale, u.SignupReason, mustJSON(u.Settings), u.TOTPSecret,
		optMillis(u.TOTPEnabledAt), u.TOTPLastStep, u.CreatedAt.UnixMilli(), optMillis(u.ConfirmedAt),
		optMillis(u.ApprovedAt), optMillis(u.DisabledAt), optMillis(u.LastSignInAt))
	return conflict(err)
}

// UpdateUser rewrites a user's mutable columns. The one-time code step only
// moves forward: a stale copy of the user must not re-open a used code.
func (tx *Tx) UpdateUser(u *User) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE users SET email=?, password_hash=?, role=?, locale=?, settings=?,
		totp_secret=?, totp_enabled_at=?, totp_last_step=MAX(totp_last_step, ?), confirmed_at=?, approved_at=?, disabled_at=?,
		last_sign_in_at=? WHERE id=?`,
		u.Email, u.PasswordHash, u.Role, u.Locale, mustJSON(u.Settings), u.TOTPSecret, optMillis(u.TOTPEnabledAt),
		u.TOTPLastStep, optMillis(u.ConfirmedAt), optMillis(u.ApprovedAt), optMillis(u.DisabledAt),
		optMillis(u.LastSignInAt), u.ID)
	return conflict(err)
}

// LocalUser is a user with its account, as admin listings show it.
type LocalUser struct {
	User    *User
	Account *Account
}

// LocalUsers lists every local user with its account, oldest first.
func (db *DB) LocalUsers(ctx context.Context) ([]LocalUser, error) {
	rows, err := db.reader.QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY id")
	if err != nil {
		return nil, err
	}
	var users []*User
	var ids []ID
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		users = append(users, u)
		ids = append(ids, u.AccountID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	accounts, err := db.AccountsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]LocalUser, 0, len(users))
	for _, u := range users {
		out = append(out, LocalUser{User: u, Account: accounts[u.AccountID]})
	}
	return out, nil
}
