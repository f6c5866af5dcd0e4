package store

import (
	"context"
	"time"
)

// InsertFavourite records a favourite; it reports false when it already existed.
func (tx *Tx) InsertFavourite(id, account, status ID, uri string) (bool, error) {
	return tx.insertOnce("INSERT INTO favourites (id, account_id, status_id, uri, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
		id, account, status, uri, Millis(time.Now()))
}

// DeleteFavourite removes a favourite; it reports whether there was one.
func (tx *Tx) DeleteFavourite(account, status ID) (bool, error) {
	return tx.insertOnce("DELETE FROM favourites WHERE account_id = ? AND status_id = ?", account, status)
}

// insertOnce runs a statement and reports whether it changed a row.
func (tx *Tx) insertOnce(query string, args ...any) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, query, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// ReblogBy returns account's reblog of status, or ErrNotFound.
func (tx *Tx) ReblogBy(account, status ID) (*Status, error) {
	return scanStatus(tx.QueryRowContext(tx.ctx, "SELECT "+statusColumns+" FROM statuses WHERE account_id = ? AND reblog_of_id = ?", account, status))
}

// ReblogIDs lists the ids of a status's reblogs.
func (tx *Tx) ReblogIDs(status ID) ([]ID, error) {
	return queryIDs(tx.ctx, tx, "SELECT id FROM statuses WHERE reblog_of_id = ?", status)
}

// InsertBookmark bookmarks a status (idempotently).
func (tx *Tx) InsertBookmark(id, account, status ID) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO bookmarks (id, account_id, status_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
		id, account, status, Millis(time.Now()))
	return err
}

// DeleteBookmark removes a bookmark.
func (tx *Tx) DeleteBookmark(account, status ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM bookmarks WHERE account_id = ? AND status_id = ?", account, status)
	return err
}

// InsertPin pins a status to its author's profile (idempotently).
func (tx *Tx) InsertPin(account, status ID) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO pins (account_id, status_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		account, status, Millis(time.Now()))
	return err
}

// DeletePin unpins a status.
func (tx *Tx) DeletePin(account, status ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM pins WHERE account_id = ? AND status_id = ?", account, status)
	return err
}

// PinCount counts an account's pinned statuses.
func (tx *Tx) PinCount(account ID) (int, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, "SELECT COUNT(*) FROM pins WHERE account_id = ?", account).Scan(&n)
	return n, err
}

// Pinned reports whether account pinned status.
func (tx *Tx) Pinned(account, status ID) (bool, error) {
	return tx.exists("SELECT 1 FROM pins WHERE account_id = ? AND status_id = ?", account, status)
}

// ViewerFlags are the per-viewer booleans of a Status entity.
type ViewerFlags struct {
	Favourited bool
	Reblogged  bool
	Bookmarked bool
	Pinned     bool
	Muted      bool
}

// ViewerFlagsOf returns the viewer's flags for each status, in five queries for the whole page.
func (db *DB) ViewerFlagsOf(ctx context.Context, viewer ID, statusIDs []ID) (map[ID]*ViewerFlags, error) {
	out := make(map[ID]*ViewerFlags, len(statusIDs))
	for _, id := range statusIDs {
		out[id] = &ViewerFlags{}
	}
	if viewer == 0 || len(statusIDs) == 0 {
		return out, nil
	}
	in := placeholders(len(statusIDs))
	args := append([]any{viewer}, idArgs(statusIDs)...)
	sets := []struct {
		query string
		set   func(*ViewerFlags)
	}{
		{"SELECT status_id FROM favourites WHERE account_id = ? AND status_id IN (" + in + ")", func(f *ViewerFlags) { f.Favourited = true }},
		// "+account_id" keeps SQLite on the reblog index: through the
		// account index it would walk all of a prolific viewer's statuses.
		{"SELECT reblog_of_id FROM statuses WHERE +account_id = ? AND reblog_of_id IN (" + in + ")", func(f *ViewerFlags) { f.Reblogged = true }},
		{"SELECT status_id FROM bookmarks WHERE account_id = ? AND status_id IN (" + in + ")", func(f *ViewerFlags) { f.Bookmarked = true }},
		{"SELECT status_id FROM pins WHERE account_id = ? AND status_id IN (" + in + ")", func(f *ViewerFlags) { f.Pinned = true }},
		{"SELECT s.id FROM conversation_mutes m JOIN statuses s ON s.conversation_id = m.conversation_id WHERE m.account_id = ? AND s.id IN (" + in + ")",
			func(f *ViewerFlags) { f.Muted = true }},
	}
	for _, s := range sets {
		ids, err := queryIDs(ctx, db.reader, s.query, args...)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if f := out[id]; f != nil {
				s.set(f)
			}
		}
	}
	return out, nil
}
