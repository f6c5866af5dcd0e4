package store

import (
	"context"
	"time"
)

// Tag is a hashtag.
type Tag struct {
	ID   ID
	Name string
}

// EnsureTag returns the tag with name (matched ignoring case), creating it.
func (tx *Tx) EnsureTag(id ID, name string) (*Tag, error) {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO tags (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", id, name, Millis(time.Now()))
	if err != nil {
		return nil, err
	}
	var t Tag
	err = tx.QueryRowContext(tx.ctx, "SELECT id, name FROM tags WHERE name = ? COLLATE NOCASE", name).Scan(&t.ID, &t.Name)
	return &t, notFound(err)
}

// TagByName finds a tag ignoring case.
func (db *DB) TagByName(ctx context.Context, name string) (*Tag, error) {
	var t Tag
	err := db.reader.QueryRowContext(ctx, "SELECT id, name FROM tags WHERE name = ? COLLATE NOCASE", name).Scan(&t.ID, &t.Name)
	return &t, notFound(err)
}

// SetStatusTags replaces a status's tags.
func (tx *Tx) SetStatusTags(statusID ID, tagIDs []ID) error {
	if _, err := tx.ExecContext(tx.ctx, "DELETE FROM status_tags WHERE status_id = ?", statusID); err != nil {
		return err
	}
	for _, id := range tagIDs {
		if _, err := tx.ExecContext(tx.ctx, "INSERT OR IGNORE INTO status_tags (tag_id, status_id) VALUES (?, ?)", id, statusID); err != nil {
			return err
		}
	}
	return nil
}

// TagsOf returns each status's tags.
func (db *DB) TagsOf(ctx context.Context, statusIDs []ID) (map[ID][]Tag, error) {
	out := map[ID][]Tag{}
	if len(statusIDs) == 0 {
		return out, nil
	}
	rows, err := db.reader.QueryContext(ctx, "SELECT st.status_id, t.id, t.name FROM status_tags st JOIN tags t ON t.id = st.tag_id WHERE st.status_id IN ("+
		placeholders(len(statusIDs))+") ORDER BY t.name", idArgs(statusIDs)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sid ID
		var t Tag
		if err := rows.Scan(&sid, &t.ID, &t.Name); err != nil {
			return nil, err
		}
		out[sid] = append(out[sid], t)
	}
	return out, rows.Err()
}
