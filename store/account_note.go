package store

import "time"

// SetAccountNote keeps account's private note on target; an empty comment
// removes it.
func (tx *Tx) SetAccountNote(account, target ID, comment string) error {
	if comment == "" {
		_, err := tx.ExecContext(tx.ctx, "DELETE FROM account_notes WHERE account_id = ? AND target_account_id = ?", account, target)
		return err
	}
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO account_notes (account_id, target_account_id, comment, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (account_id, target_account_id) DO UPDATE SET comment = excluded.comment, updated_at = excluded.updated_at`,
		account, target, comment, Millis(time.Now()))
	return err
}
