package store

import (
	"context"
	"time"
)

// FollowTag makes account follow a hashtag; following it twice is a no-op.
func (tx *Tx) FollowTag(account, tag ID) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT OR IGNORE INTO followed_tags (account_id, tag_id, created_at) VALUES (?, ?, ?)",
		account, tag, Millis(time.Now()))
	return err
}

// UnfollowTag stops account following a hashtag.
func (tx *Tx) UnfollowTag(account, tag ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM followed_tags WHERE account_id = ? AND tag_id = ?", account, tag)
	return err
}

// FollowsTag reports whether account follows the hashtag.
func (db *DB) FollowsTag(ctx context.Context, account, tag ID) (bool, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM followed_tags WHERE account_id = ? AND tag_id = ?", account, tag).Scan(&n)
	return n > 0, err
}

// FollowedTags pages the hashtags account follows, cut on the tag id
// (followed_tags has no id of its own, and a tag id is time-sortable).
func (db *DB) FollowedTags(ctx context.Context, account ID, p Page) ([]Tag, error) {
	bounds, args, tail := p.bounds("t.id")
	rows, err := db.reader.QueryContext(ctx, "SELECT t.id, t.name FROM followed_tags ft JOIN tags t ON t.id = ft.tag_id WHERE ft.account_id = ? AND "+
		bounds+tail, append([]any{account}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Tag
	for rows.Next() {
		var t Tag
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, err
		}
		list = append(list, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if p.ascending() {
		for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
			list[i], list[j] = list[j], list[i]
		}
	}
	return list, nil
}
