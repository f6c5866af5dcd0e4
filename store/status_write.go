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
	if err != nil {
		return err
	}
	return tx.indexStatus(s)
}

// DeleteStatus removes a status; its reblogs, favourites, mentions and
// notifications go with it through ON DELETE CASCADE.
// Conversations that ended on it fall back to their previous direct
// status first, whoever deletes it (the author here, a remote Delete).
func (tx *Tx) DeleteStatus(id ID) error {
	if err := tx.RewindConversations(id); err != nil {
		return err
	}
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
