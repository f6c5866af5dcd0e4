package store

import (
	"context"
	"strings"
	"time"
)

// RecoveryCodeHashes lists the hashes of a user's unused recovery codes.
// Each hash carries its own salt, so the caller compares them one by one.
func (db *DB) RecoveryCodeHashes(ctx context.Context, userID ID) ([]string, error) {
	rows, err := db.reader.QueryContext(ctx, "SELECT code_hash FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// ReplaceRecoveryCodes drops a user's recovery codes and stores new ones.
func (tx *Tx) ReplaceRecoveryCodes(userID ID, hashes []string) error {
	if err := tx.DeleteRecoveryCodes(userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(tx.ctx, "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)", userID, h); err != nil {
			return conflict(err)
		}
	}
	return nil
}

// DeleteRecoveryCodes drops every recovery code of a user.
func (tx *Tx) DeleteRecoveryCodes(userID ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID)
	return err
}

// UseRecoveryCode marks an unused code used; false when it was already
// used (or does not exist), so two requests racing cannot both use it.
func (tx *Tx) UseRecoveryCode(userID ID, hash string) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
		Millis(time.Now()), userID, hash)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// AdvanceTOTPStep records the time step of an accepted one-time code; false
// when that step or a later one was already used, which refuses a replay.
func (tx *Tx) AdvanceTOTPStep(userID ID, step int64) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", step, userID, step)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// UserToken is a live token of a user with the name of its app, for the
// list of sessions and authorised apps.
type UserToken struct {
	Token   *Token
	AppName string
}

// UserTokens lists a user's live web sessions and app tokens, newest first.
func (db *DB) UserTokens(ctx context.Context, userID ID) ([]UserToken, error) {
	rows, err := db.reader.QueryContext(ctx, "SELECT "+prefixed("t.", tokenColumns)+`, COALESCE(a.name, '')
		FROM oauth_tokens t LEFT JOIN oauth_apps a ON a.id = t.app_id
		WHERE t.user_id = ? AND t.revoked_at IS NULL AND t.kind IN ('session', 'oauth') ORDER BY t.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []UserToken
	for rows.Next() {
		var ut UserToken
		var scopes string
		var created int64
		var lastUsed, revoked *int64
		t := &Token{}
		if err := rows.Scan(&t.ID, &t.AppID, &t.UserID, &scopes, &t.Kind, &t.UserAgent, &t.IP, &created, &lastUsed, &revoked, &ut.AppName); err != nil {
			return nil, err
		}
		t.Scopes = strings.Fields(scopes)
		t.CreatedAt = FromMillis(created)
		t.LastUsedAt, t.RevokedAt = nullMillis(lastUsed), nullMillis(revoked)
		ut.Token = t
		out = append(out, ut)
	}
	return out, rows.Err()
}

// RevokeUserToken revokes one of a user's tokens; false when the user has
// no such live token.
func (tx *Tx) RevokeUserToken(userID, tokenID ID) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, "UPDATE oauth_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
		Millis(time.Now()), tokenID, userID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// RevokeUserAppTokens revokes every token a user gave one app; false when
// there was none.
func (tx *Tx) RevokeUserAppTokens(userID, appID ID) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, "UPDATE oauth_tokens SET revoked_at = ? WHERE app_id = ? AND user_id = ? AND kind = 'oauth' AND revoked_at IS NULL",
		Millis(time.Now()), appID, userID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// TouchToken records when a token was last used.
func (tx *Tx) TouchToken(id ID, at time.Time) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE oauth_tokens SET last_used_at = ? WHERE id = ?", Millis(at), id)
	return err
}

// InsertPasswordReset stores a reset token under the hash of its secret,
// dropping expired ones on the way.
func (tx *Tx) InsertPasswordReset(userID ID, secret string, now, expires time.Time) error {
	if _, err := tx.ExecContext(tx.ctx, "DELETE FROM password_resets WHERE expires_at < ?", Millis(now)); err != nil {
		return err
	}
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)",
		HashSecret(secret), userID, Millis(now), Millis(expires))
	return conflict(err)
}

// TakePasswordReset deletes the reset token with this secret and returns
// its user and expiry, so a token works once at most.
func (tx *Tx) TakePasswordReset(secret string) (ID, time.Time, error) {
	var userID ID
	var expires int64
	err := tx.QueryRowContext(tx.ctx, "DELETE FROM password_resets WHERE token_hash = ? RETURNING user_id, expires_at",
		HashSecret(secret)).Scan(&userID, &expires)
	if err != nil {
		return 0, time.Time{}, notFound(err)
	}
	return userID, FromMillis(expires), nil
}

// PasswordResetValid reports whether a reset token exists and has not expired.
func (db *DB) PasswordResetValid(ctx context.Context, secret string, now time.Time) (ID, error) {
	var userID ID
	err := db.reader.QueryRowContext(ctx, "SELECT user_id FROM password_resets WHERE token_hash = ? AND expires_at > ?",
		HashSecret(secret), Millis(now)).Scan(&userID)
	return userID, notFound(err)
}

// DeletePasswordResets drops a user's reset tokens (after a password change).
func (tx *Tx) DeletePasswordResets(userID ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM password_resets WHERE user_id = ?", userID)
	return err
}

// LocalAccountsWithFields lists the ids of local accounts that have profile
// fields, for the periodic re-verification of their links.
func (db *DB) LocalAccountsWithFields(ctx context.Context) ([]ID, error) {
	return queryIDs(ctx, db.reader, "SELECT id FROM accounts WHERE domain = '' AND fields != '[]' AND fields != ''")
}

// SetAccountFields rewrites only an account's fields, so a link check that
// finishes after another profile change does not undo it.
func (tx *Tx) SetAccountFields(id ID, fields []Field) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE accounts SET fields = ? WHERE id = ?", jsonList(fields), id)
	return err
}

// SetPasswordHash replaces a user's password hash.
func (tx *Tx) SetPasswordHash(userID ID, hash string) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, userID)
	return err
}
