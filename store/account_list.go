package store

import "context"

// accountPage runs one paginated account query, cut on cursor.
func (db *DB) accountPage(ctx context.Context, p Page, cursor, from, where string, args ...any) ([]*Account, []ID, error) {
	bounds, boundArgs, tail := p.bounds(cursor)
	query := "SELECT " + prefixed("a.", accountColumns) + ", " + cursor + " FROM " + from + " WHERE " + where +
		" AND a.suspended_at IS NULL AND " + bounds + tail
	rows, err := db.reader.QueryContext(ctx, query, append(append([]any{}, args...), boundArgs...)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var list []*Account
	var cursors []ID
	for rows.Next() {
		var c ID
		a, err := scanAccountAnd(rows, &c)
		if err != nil {
			return nil, nil, err
		}
		list = append(list, a)
		cursors = append(cursors, c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	list, cursors = finish(p, list, cursors)
	return list, cursors, nil
}

// Followers lists who follows account, newest follow first.
func (db *DB) Followers(ctx context.Context, account ID, p Page) ([]*Account, []ID, error) {
	return db.accountPage(ctx, p, "f.id", "follows f JOIN accounts a ON a.id = f.account_id", "f.target_account_id = ?", account)
}

// Followings lists whom account follows, newest follow first.
func (db *DB) Followings(ctx context.Context, account ID, p Page) ([]*Account, []ID, error) {
	return db.accountPage(ctx, p, "f.id", "follows f JOIN accounts a ON a.id = f.target_account_id", "f.account_id = ?", account)
}

// FollowRequesters lists who asked to follow account.
func (db *DB) FollowRequesters(ctx context.Context, account ID, p Page) ([]*Account, []ID, error) {
	return db.accountPage(ctx, p, "fr.id", "follow_requests fr JOIN accounts a ON a.id = fr.account_id", "fr.target_account_id = ?", account)
}

// Favouriters lists who favourited a status.
func (db *DB) Favouriters(ctx context.Context, status ID, p Page) ([]*Account, []ID, error) {
	return db.accountPage(ctx, p, "fv.id", "favourites fv JOIN accounts a ON a.id = fv.account_id", "fv.status_id = ?", status)
}

// Rebloggers lists who reblogged a status.
func (db *DB) Rebloggers(ctx context.Context, status ID, p Page) ([]*Account, []ID, error) {
	return db.accountPage(ctx, p, "rb.id", "statuses rb JOIN accounts a ON a.id = rb.account_id", "rb.reblog_of_id = ?", status)
}
