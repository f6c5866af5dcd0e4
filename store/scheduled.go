package store

import (
	"context"
	"time"
)

// ScheduledStatus is a status waiting to be published; Params is the JSON
// of its arguments, which the store keeps opaque.
type ScheduledStatus struct {
	ID          ID
	AccountID   ID
	ScheduledAt time.Time
	Params      string
	CreatedAt   time.Time
}

const scheduledColumns = "id, account_id, scheduled_at, params, created_at"

func scanScheduled(row scanner) (*ScheduledStatus, error) {
	var s ScheduledStatus
	var at, created int64
	if err := row.Scan(&s.ID, &s.AccountID, &at, &s.Params, &created); err != nil {
		return nil, notFound(err)
	}
	s.ScheduledAt, s.CreatedAt = FromMillis(at), FromMillis(created)
	return &s, nil
}

func queryScheduled(ctx context.Context, q Querier, query string, args ...any) ([]*ScheduledStatus, []ID, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []*ScheduledStatus
	var cursors []ID
	for rows.Next() {
		s, err := scanScheduled(rows)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, s)
		cursors = append(cursors, s.ID)
	}
	return out, cursors, rows.Err()
}

// InsertScheduledStatus stores a status to publish later.
func (tx *Tx) InsertScheduledStatus(s *ScheduledStatus) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO scheduled_statuses ("+scheduledColumns+") VALUES (?, ?, ?, ?, ?)",
		s.ID, s.AccountID, Millis(s.ScheduledAt), s.Params, Millis(s.CreatedAt))
	return err
}

// RescheduleStatus moves a scheduled status to another time.
func (tx *Tx) RescheduleStatus(id ID, at time.Time) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE scheduled_statuses SET scheduled_at = ? WHERE id = ?", Millis(at), id)
	return err
}

// DeleteScheduledStatus removes a scheduled status; it reports whether it
// was there, so that two publishers cannot both claim it.
func (tx *Tx) DeleteScheduledStatus(id ID) (bool, error) {
	return tx.insertOnce("DELETE FROM scheduled_statuses WHERE id = ?", id)
}

// ScheduledStatus returns one of account's scheduled statuses.
func (db *DB) ScheduledStatus(ctx context.Context, account, id ID) (*ScheduledStatus, error) {
	return scanScheduled(db.reader.QueryRowContext(ctx, "SELECT "+scheduledColumns+" FROM scheduled_statuses WHERE id = ? AND account_id = ?", id, account))
}

// ScheduledStatuses lists account's scheduled statuses, cut on their ids.
func (db *DB) ScheduledStatuses(ctx context.Context, account ID, p Page) ([]*ScheduledStatus, []ID, error) {
	bounds, boundArgs, tail := p.bounds("id")
	list, cursors, err := queryScheduled(ctx, db.reader, "SELECT "+scheduledColumns+" FROM scheduled_statuses WHERE account_id = ? AND "+bounds+tail,
		append([]any{account}, boundArgs...)...)
	if err != nil {
		return nil, nil, err
	}
	list, cursors = finish(p, list, cursors)
	return list, cursors, nil
}

// DueScheduledStatuses returns up to limit statuses due at now, oldest first.
func (db *DB) DueScheduledStatuses(ctx context.Context, now time.Time, limit int) ([]*ScheduledStatus, error) {
	list, _, err := queryScheduled(ctx, db.reader, "SELECT "+scheduledColumns+
		" FROM scheduled_statuses WHERE scheduled_at <= ? ORDER BY scheduled_at, id LIMIT ?", Millis(now), limit)
	return list, err
}

// NextScheduledAt returns when the next scheduled status is due; ok is
// false when none is waiting.
func (db *DB) NextScheduledAt(ctx context.Context) (at time.Time, ok bool, err error) {
	var ms *int64
	if err := db.reader.QueryRowContext(ctx, "SELECT MIN(scheduled_at) FROM scheduled_statuses").Scan(&ms); err != nil {
		return time.Time{}, false, err
	}
	if ms == nil {
		return time.Time{}, false, nil
	}
	return FromMillis(*ms), true, nil
}

// ScheduledStatusCount counts account's scheduled statuses due in [from, to).
func (db *DB) ScheduledStatusCount(ctx context.Context, account ID, from, to time.Time) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM scheduled_statuses WHERE account_id = ? AND scheduled_at >= ? AND scheduled_at < ?",
		account, Millis(from), Millis(to)).Scan(&n)
	return n, err
}
