package store

import (
	"context"
	"time"
)

// ClaimInboxActivity records that the inbox is handling the activity uri and
// reports whether it is new: a redelivered activity is claimed only once.
func (tx *Tx) ClaimInboxActivity(uri string, at time.Time) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, "INSERT INTO inbox_seen (activity_uri, seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
		uri, Millis(at))
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ReleaseInboxActivity forgets a claim whose handling failed, so that the
// sender's retry is handled again.
func (tx *Tx) ReleaseInboxActivity(uri string) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM inbox_seen WHERE activity_uri = ?", uri)
	return err
}

// PruneInboxSeen forgets activity ids seen before t; senders stop retrying
// long before, so older ids cannot come back as retries.
func (tx *Tx) PruneInboxSeen(before time.Time) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM inbox_seen WHERE seen_at < ?", Millis(before))
	return err
}

// InboxSeenCount counts remembered activity ids (tests and metrics).
func (db *DB) InboxSeenCount(ctx context.Context) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM inbox_seen").Scan(&n)
	return n, err
}
