package store

import (
	"context"
	"time"
)

// InsertEndorsement features target on account's profile; featuring it
// again changes nothing.
func (tx *Tx) InsertEndorsement(id, account, target ID) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO endorsements (id, account_id, target_account_id, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (account_id, target_account_id) DO NOTHING`, id, account, target, Millis(time.Now()))
	return err
}

// DeleteEndorsement takes target off account's profile.
func (tx *Tx) DeleteEndorsement(account, target ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM endorsements WHERE account_id = ? AND target_account_id = ?", account, target)
	return err
}

// EndorsedAccounts lists the accounts account features, newest first, cut
// on the endorsement's id.
func (db *DB) EndorsedAccounts(ctx context.Context, account ID, p Page) ([]*Account, []ID, error) {
	return db.accountPage(ctx, p, "e.id", "endorsements e JOIN accounts a ON a.id = e.target_account_id", "e.account_id = ?", account)
}
