package store

import "context"

// FamiliarFollowers returns, for each target, the accounts viewer follows
// that follow it, leaving out suspended accounts and those that hide their
// network.
func (db *DB) FamiliarFollowers(ctx context.Context, viewer ID, targets []ID) (map[ID][]*Account, error) {
	out := map[ID][]*Account{}
	if len(targets) == 0 {
		return out, nil
	}
	rows, err := db.reader.QueryContext(ctx, "SELECT "+prefixed("a.", accountColumns)+`, f.target_account_id
		FROM follows f JOIN follows mine ON mine.target_account_id = f.account_id AND mine.account_id = ?
		JOIN accounts a ON a.id = f.account_id
		WHERE f.target_account_id IN (`+placeholders(len(targets))+`) AND a.suspended_at IS NULL AND a.hide_collections = 0
		ORDER BY f.id DESC`, append([]any{viewer}, idArgs(targets)...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var target ID
		a, err := scanAccountAnd(rows, &target)
		if err != nil {
			return nil, err
		}
		out[target] = append(out[target], a)
	}
	return out, rows.Err()
}
