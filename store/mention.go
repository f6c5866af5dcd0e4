package store

import "context"

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
