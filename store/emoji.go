package store

import (
	"context"
	"time"
)

// LocalEmoji is one of this instance's custom emojis.
type LocalEmoji struct {
	ID              ID
	Shortcode       string
	MediaPath       string
	ContentType     string
	Category        string
	VisibleInPicker bool
	CreatedAt       time.Time
}

// InsertLocalEmoji adds a custom emoji; ErrConflict when the shortcode is taken.
func (tx *Tx) InsertLocalEmoji(e *LocalEmoji) error {
	now := Millis(e.CreatedAt)
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO custom_emojis (id, shortcode, domain, media_path, content_type, category,
		visible_in_picker, created_at, updated_at) VALUES (?, ?, '', ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Shortcode, e.MediaPath, e.ContentType, e.Category, e.VisibleInPicker, now, now)
	return conflict(err)
}

// DeleteLocalEmoji removes a local custom emoji and returns its file's path.
func (tx *Tx) DeleteLocalEmoji(id ID) (string, error) {
	var path string
	err := tx.QueryRowContext(tx.ctx, "DELETE FROM custom_emojis WHERE id = ? AND domain = '' RETURNING media_path", id).Scan(&path)
	return path, notFound(err)
}

// LocalEmojis lists this instance's enabled custom emojis by shortcode.
func (db *DB) LocalEmojis(ctx context.Context) ([]*LocalEmoji, error) {
	rows, err := db.R().QueryContext(ctx, `SELECT id, shortcode, media_path, content_type, category, visible_in_picker,
		created_at FROM custom_emojis WHERE domain = '' AND disabled = 0 ORDER BY shortcode`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*LocalEmoji
	for rows.Next() {
		var e LocalEmoji
		var created int64
		if err := rows.Scan(&e.ID, &e.Shortcode, &e.MediaPath, &e.ContentType, &e.Category, &e.VisibleInPicker, &created); err != nil {
			return nil, err
		}
		e.CreatedAt = FromMillis(created)
		out = append(out, &e)
	}
	return out, rows.Err()
}

// LinkStatusEmojis replaces the custom emojis a local status uses.
func (tx *Tx) LinkStatusEmojis(statusID ID, emojiIDs []ID) error {
	if _, err := tx.ExecContext(tx.ctx, "DELETE FROM status_emojis WHERE status_id = ?", statusID); err != nil {
		return err
	}
	for _, id := range emojiIDs {
		if _, err := tx.ExecContext(tx.ctx, "INSERT INTO status_emojis (status_id, emoji_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
			statusID, id); err != nil {
			return err
		}
	}
	return nil
}

// StatusEmojis returns the custom emojis each status uses, keyed by status
// id: URL is the remote image, Path the local file ("" for a remote one
// not copied here, or whose copy is of an image it no longer uses).
func (db *DB) StatusEmojis(ctx context.Context, statusIDs []ID) (map[ID][]CustomEmoji, error) {
	out := map[ID][]CustomEmoji{}
	if len(statusIDs) == 0 {
		return out, nil
	}
	rows, err := db.R().QueryContext(ctx, `SELECT se.status_id, e.id, e.shortcode, e.domain, e.image_remote_url, `+emojiPath+`
		FROM status_emojis se JOIN custom_emojis e ON e.id = se.emoji_id
		WHERE se.status_id IN (`+placeholders(len(statusIDs))+`) AND e.disabled = 0 ORDER BY e.shortcode`, idArgs(statusIDs)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sid ID
		var e CustomEmoji
		if err := rows.Scan(&sid, &e.ID, &e.Shortcode, &e.Domain, &e.URL, &e.Path); err != nil {
			return nil, err
		}
		out[sid] = append(out[sid], e)
	}
	return out, rows.Err()
}

// TxStatusEmojis is StatusEmojis for one status inside a transaction.
func (tx *Tx) TxStatusEmojis(statusID ID) ([]CustomEmoji, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT e.id, e.shortcode, e.domain, e.image_remote_url, `+emojiPath+`
		FROM status_emojis se JOIN custom_emojis e ON e.id = se.emoji_id WHERE se.status_id = ? ORDER BY e.shortcode`, statusID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CustomEmoji
	for rows.Next() {
		var e CustomEmoji
		if err := rows.Scan(&e.ID, &e.Shortcode, &e.Domain, &e.URL, &e.Path); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// LocalEmojiIDs returns the ids of the enabled local emojis among shortcodes.
func (tx *Tx) LocalEmojiIDs(shortcodes []string) ([]ID, error) {
	if len(shortcodes) == 0 {
		return nil, nil
	}
	args := make([]any, len(shortcodes))
	for i, s := range shortcodes {
		args[i] = s
	}
	return queryIDs(tx.ctx, tx, `SELECT id FROM custom_emojis WHERE domain = '' AND disabled = 0
		AND shortcode IN (`+placeholders(len(shortcodes))+`)`, args...)
}

// LocalEmojisNamed returns the enabled local emojis among shortcodes.
func (tx *Tx) LocalEmojisNamed(shortcodes []string) ([]CustomEmoji, error) {
	if len(shortcodes) == 0 {
		return nil, nil
	}
	args := make([]any, len(shortcodes))
	for i, s := range shortcodes {
		args[i] = s
	}
	rows, err := tx.QueryContext(tx.ctx, `SELECT id, shortcode, domain, image_remote_url, media_path FROM custom_emojis
		WHERE domain = '' AND disabled = 0 AND shortcode IN (`+placeholders(len(shortcodes))+`) ORDER BY shortcode`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CustomEmoji
	for rows.Next() {
		var e CustomEmoji
		if err := rows.Scan(&e.ID, &e.Shortcode, &e.Domain, &e.URL, &e.Path); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
