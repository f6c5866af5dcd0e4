package store

import (
	"context"
	"errors"
	"time"
)

// StatusesByIDs returns the statuses with these ids, keyed by id.
func (db *DB) StatusesByIDs(ctx context.Context, ids []ID) (map[ID]*Status, error) {
	out := make(map[ID]*Status, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	list, err := queryStatuses(ctx, db.reader, "SELECT "+statusColumns+" FROM statuses WHERE id IN ("+placeholders(len(ids))+")", idArgs(ids)...)
	for _, s := range list {
		out[s.ID] = s
	}
	return out, err
}

func queryStatuses(ctx context.Context, q Querier, query string, args ...any) ([]*Status, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Status
	for rows.Next() {
		s, err := scanStatus(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// UpdateStatusContent rewrites what an edit may change.
func (tx *Tx) UpdateStatusContent(s *Status) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE statuses SET text=?, content=?, spoiler_text=?, sensitive=?, language=?,
		edited_at=? WHERE id=?`, s.Text, s.Content, s.SpoilerText, s.Sensitive, s.Language, optMillis(s.EditedAt), s.ID)
	return err
}

// DeleteStatus removes a status; its reblogs, favourites, mentions and
// notifications go with it through ON DELETE CASCADE.
func (tx *Tx) DeleteStatus(id ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM statuses WHERE id = ?", id)
	return err
}

// Status counters that change with replies, reblogs and favourites.
const (
	CounterReplies    = "replies_count"
	CounterReblogs    = "reblogs_count"
	CounterFavourites = "favourites_count"
)

// AddToStatusCounter moves one of a status's counters by delta, never below zero.
func (tx *Tx) AddToStatusCounter(id ID, counter string, delta int) error {
	switch counter {
	case CounterReplies, CounterReblogs, CounterFavourites:
	default:
		return errors.New("store: unknown status counter " + counter)
	}
	_, err := tx.ExecContext(tx.ctx, "UPDATE statuses SET "+counter+" = MAX(0, "+counter+" + ?) WHERE id = ?", delta, id)
	return err
}

// AddToStatusesCount moves an account's statuses_count, stamping
// last_status_at when a status is added.
func (tx *Tx) AddToStatusesCount(accountID ID, delta int, at time.Time) error {
	if delta > 0 {
		_, err := tx.ExecContext(tx.ctx, "UPDATE accounts SET statuses_count = statuses_count + ?, last_status_at = ? WHERE id = ?", delta, Millis(at), accountID)
		return err
	}
	_, err := tx.ExecContext(tx.ctx, "UPDATE accounts SET statuses_count = MAX(0, statuses_count + ?) WHERE id = ?", delta, accountID)
	return err
}

// InsertMention records that a status mentions an account.
func (tx *Tx) InsertMention(statusID, accountID ID) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT OR IGNORE INTO mentions (status_id, account_id) VALUES (?, ?)", statusID, accountID)
	return err
}

// DeleteMentions forgets a status's mentions (before an edit writes them anew).
func (tx *Tx) DeleteMentions(statusID ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM mentions WHERE status_id = ?", statusID)
	return err
}

// MentionedIDs lists the accounts a status mentions.
func (tx *Tx) MentionedIDs(statusID ID) ([]ID, error) {
	return queryIDs(tx.ctx, tx, "SELECT account_id FROM mentions WHERE status_id = ?", statusID)
}

// MentionsOf returns the mentioned account ids of each status.
func (db *DB) MentionsOf(ctx context.Context, statusIDs []ID) (map[ID][]ID, error) {
	return pairs(ctx, db.reader, "SELECT status_id, account_id FROM mentions WHERE status_id IN (", statusIDs, ")")
}

func queryIDs(ctx context.Context, q Querier, query string, args ...any) ([]ID, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ID
	for rows.Next() {
		var id ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// pairs runs a two-column id query over keys, grouping the second column by the first.
func pairs(ctx context.Context, q Querier, head string, keys []ID, tail string) (map[ID][]ID, error) {
	out := map[ID][]ID{}
	if len(keys) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, head+placeholders(len(keys))+tail, idArgs(keys)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v ID
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = append(out[k], v)
	}
	return out, rows.Err()
}

// StatusEdit is an earlier version of an edited status.
type StatusEdit struct {
	ID          ID
	StatusID    ID
	Content     string
	SpoilerText string
	Sensitive   bool
	CreatedAt   time.Time
}

// InsertStatusEdit keeps a version of a status in its history.
func (tx *Tx) InsertStatusEdit(e *StatusEdit) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO status_edits (id, status_id, content, spoiler_text, sensitive, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, e.ID, e.StatusID, e.Content, e.SpoilerText, e.Sensitive, Millis(e.CreatedAt))
	return err
}

// StatusEdits lists a status's versions, oldest first.
func (db *DB) StatusEdits(ctx context.Context, statusID ID) ([]*StatusEdit, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, status_id, content, spoiler_text, sensitive, created_at
		FROM status_edits WHERE status_id = ? ORDER BY id`, statusID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*StatusEdit
	for rows.Next() {
		var e StatusEdit
		var created int64
		if err := rows.Scan(&e.ID, &e.StatusID, &e.Content, &e.SpoilerText, &e.Sensitive, &created); err != nil {
			return nil, err
		}
		e.CreatedAt = FromMillis(created)
		out = append(out, &e)
	}
	return out, rows.Err()
}

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
