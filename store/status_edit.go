package store

import (
	"context"
	"encoding/json"
	"time"
)

// StatusEdit is an earlier version of an edited status.
type StatusEdit struct {
	ID          ID
	StatusID    ID
	Content     string
	SpoilerText string
	Sensitive   bool
	// MediaIDs are the attachments this version showed, in order.
	MediaIDs  []ID
	CreatedAt time.Time
}

// InsertStatusEdit keeps a version of a status in its history.
func (tx *Tx) InsertStatusEdit(e *StatusEdit) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO status_edits (id, status_id, content, spoiler_text, sensitive, media_ids, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, e.ID, e.StatusID, e.Content, e.SpoilerText, e.Sensitive, jsonList(e.MediaIDs), Millis(e.CreatedAt))
	return err
}

// StatusEdits lists a status's versions, oldest first.
func (db *DB) StatusEdits(ctx context.Context, statusID ID) ([]*StatusEdit, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, status_id, content, spoiler_text, sensitive, media_ids, created_at
		FROM status_edits WHERE status_id = ? ORDER BY id`, statusID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*StatusEdit
	for rows.Next() {
		var e StatusEdit
		var created int64
		var media string
		if err := rows.Scan(&e.ID, &e.StatusID, &e.Content, &e.SpoilerText, &e.Sensitive, &media, &created); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(media), &e.MediaIDs) // written by InsertStatusEdit: always a JSON list
		e.CreatedAt = FromMillis(created)
		out = append(out, &e)
	}
	return out, rows.Err()
}
