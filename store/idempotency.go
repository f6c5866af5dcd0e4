package store

import "time"

// IdempotentStatus returns the status an earlier request with the same
// Idempotency-Key created, or ErrNotFound.
func (tx *Tx) IdempotentStatus(accountID ID, key string, since time.Time) (ID, error) {
	var id ID
	err := tx.QueryRowContext(tx.ctx, "SELECT status_id FROM idempotency_keys WHERE account_id = ? AND key = ? AND created_at >= ?",
		accountID, key, Millis(since)).Scan(&id)
	return id, notFound(err)
}

// InsertIdempotencyKey remembers which status a key created, replacing an expired entry.
func (tx *Tx) InsertIdempotencyKey(accountID ID, key string, statusID ID) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO idempotency_keys (account_id, key, status_id, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (account_id, key) DO UPDATE SET status_id = excluded.status_id, created_at = excluded.created_at`,
		accountID, key, statusID, Millis(time.Now()))
	return err
}

// UnattachedMediaCount counts which of ids are the account's media not yet on a status.
func (tx *Tx) UnattachedMediaCount(accountID ID, ids []ID) (int, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, "SELECT COUNT(*) FROM media_attachments WHERE account_id = ? AND status_id IS NULL AND id IN ("+
		placeholders(len(ids))+")", append([]any{accountID}, idArgs(ids)...)...).Scan(&n)
	return n, err
}

// AttachMedia puts media on a status in the given order.
func (tx *Tx) AttachMedia(statusID ID, ids []ID) error {
	for i, id := range ids {
		if _, err := tx.ExecContext(tx.ctx, "UPDATE media_attachments SET status_id = ?, position = ? WHERE id = ?", statusID, i, id); err != nil {
			return err
		}
	}
	return nil
}
