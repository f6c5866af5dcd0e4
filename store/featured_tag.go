package store

import (
	"context"
	"time"
)

// FeaturedTag is a hashtag an account shows on its profile, with how
// often and how lately the account used it in public posts.
type FeaturedTag struct {
	ID            ID
	AccountID     ID
	TagID         ID
	Name          string
	StatusesCount int
	LastStatusAt  *time.Time
}

// FeaturedTags lists account's featured hashtags, by name.
func (db *DB) FeaturedTags(ctx context.Context, account ID) ([]*FeaturedTag, error) {
	return db.featuredTags(ctx, "ft.account_id = ?", account)
}

// FeaturedTag returns one of account's featured hashtags, or ErrNotFound.
func (db *DB) FeaturedTag(ctx context.Context, account, id ID) (*FeaturedTag, error) {
	list, err := db.featuredTags(ctx, "ft.account_id = ? AND ft.id = ?", account, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return list[0], nil
}

// featuredTags counts only public and unlisted statuses: the figures are
// shown to anyone who opens the profile.
func (db *DB) featuredTags(ctx context.Context, where string, args ...any) ([]*FeaturedTag, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT ft.id, ft.account_id, ft.tag_id, t.name,
			(SELECT COUNT(*) FROM status_tags st JOIN statuses s ON s.id = st.status_id
				WHERE st.tag_id = ft.tag_id AND s.account_id = ft.account_id AND s.visibility IN ('public', 'unlisted') AND s.reblog_of_id IS NULL),
			(SELECT MAX(s.created_at) FROM status_tags st JOIN statuses s ON s.id = st.status_id
				WHERE st.tag_id = ft.tag_id AND s.account_id = ft.account_id AND s.visibility IN ('public', 'unlisted') AND s.reblog_of_id IS NULL)
		FROM featured_tags ft JOIN tags t ON t.id = ft.tag_id WHERE `+where+` ORDER BY t.name COLLATE NOCASE`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*FeaturedTag
	for rows.Next() {
		var f FeaturedTag
		var last *int64
		if err := rows.Scan(&f.ID, &f.AccountID, &f.TagID, &f.Name, &f.StatusesCount, &last); err != nil {
			return nil, err
		}
		f.LastStatusAt = nullMillis(last)
		out = append(out, &f)
	}
	return out, rows.Err()
}

// InsertFeaturedTag features a tag on account's profile; it reports false
// when it was featured already.
func (tx *Tx) InsertFeaturedTag(id, account, tag ID) (bool, error) {
	return tx.insertOnce("INSERT INTO featured_tags (id, account_id, tag_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
		id, account, tag, Millis(time.Now()))
}

// DeleteFeaturedTag unfeatures one of account's tags; it reports whether there was one.
func (tx *Tx) DeleteFeaturedTag(account, id ID) (bool, error) {
	return tx.insertOnce("DELETE FROM featured_tags WHERE account_id = ? AND id = ?", account, id)
}

// DeleteFeaturedTagByTag unfeatures a tag, named by the tag's id.
func (tx *Tx) DeleteFeaturedTagByTag(account, tag ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM featured_tags WHERE account_id = ? AND tag_id = ?", account, tag)
	return err
}

// FeaturedTagCount counts account's featured tags.
func (tx *Tx) FeaturedTagCount(account ID) (int, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, "SELECT COUNT(*) FROM featured_tags WHERE account_id = ?", account).Scan(&n)
	return n, err
}

// MostUsedTags lists the tags account used most in its newest statuses,
// leaving out those it features already: featured-tag suggestions.
func (db *DB) MostUsedTags(ctx context.Context, account ID, limit int) ([]Tag, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT t.id, t.name FROM status_tags st JOIN tags t ON t.id = st.tag_id
		WHERE st.status_id IN (SELECT id FROM statuses WHERE account_id = ? AND reblog_of_id IS NULL ORDER BY id DESC LIMIT 1000)
		AND NOT EXISTS (SELECT 1 FROM featured_tags ft WHERE ft.account_id = ? AND ft.tag_id = t.id)
		GROUP BY t.id ORDER BY COUNT(*) DESC, t.name LIMIT ?`, account, account, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Tag
	for rows.Next() {
		var t Tag
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// FeaturedTagNames lists the names of account's featured tags, inside a write.
func (tx *Tx) FeaturedTagNames(account ID) ([]string, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT t.name FROM featured_tags ft JOIN tags t ON t.id = ft.tag_id
		WHERE ft.account_id = ? ORDER BY t.name COLLATE NOCASE`, account)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}
