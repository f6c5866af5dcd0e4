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

// TagDay is one day of a hashtag's use in public and unlisted statuses.
type TagDay struct {
	Day      time.Time // midnight UTC
	Uses     int
	Accounts int // distinct authors
}

// TagHistory returns each tag's use over the last days (today first, UTC),
// read off the status ids, which carry their time.
func (db *DB) TagHistory(ctx context.Context, tagIDs []ID, days int, now time.Time) (map[ID][]TagDay, error) {
	out := make(map[ID][]TagDay, len(tagIDs))
	if len(tagIDs) == 0 {
		return out, nil
	}
	const dayMillis = 24 * 60 * 60 * 1000
	today := now.UTC().Truncate(24 * time.Hour)
	oldest := today.AddDate(0, 0, -(days - 1))
	for _, id := range tagIDs {
		list := make([]TagDay, days)
		for i := range list {
			list[i].Day = today.AddDate(0, 0, -i)
		}
		out[id] = list
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT st.tag_id, (st.status_id >> 16) / ?, COUNT(*), COUNT(DISTINCT s.account_id)
		FROM status_tags st JOIN statuses s ON s.id = st.status_id
		WHERE st.tag_id IN (`+placeholders(len(tagIDs))+`) AND st.status_id >= ? AND s.visibility IN ('public', 'unlisted')
		GROUP BY 1, 2`, append(append([]any{dayMillis}, idArgs(tagIDs)...), MinIDAt(oldest))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var tag ID
		var day int64
		var d TagDay
		if err := rows.Scan(&tag, &day, &d.Uses, &d.Accounts); err != nil {
			return nil, err
		}
		if i := int(today.Sub(time.UnixMilli(day*dayMillis).UTC()) / (24 * time.Hour)); i >= 0 && i < days {
			out[tag][i].Uses, out[tag][i].Accounts = d.Uses, d.Accounts
		}
	}
	return out, rows.Err()
}
