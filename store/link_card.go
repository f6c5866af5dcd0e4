package store

import (
	"context"
	"time"
)

// LinkCard returns the cached preview of url ("" when its fetch failed)
// and when it was fetched; ErrNotFound when it never was.
func (db *DB) LinkCard(ctx context.Context, url string) (card string, fetchedAt time.Time, err error) {
	var at int64
	err = db.reader.QueryRowContext(ctx, "SELECT card, fetched_at FROM link_cards WHERE url = ?", url).Scan(&card, &at)
	if err != nil {
		return "", time.Time{}, notFound(err)
	}
	return card, FromMillis(at), nil
}

// PutLinkCard caches url's preview ("" for a failure) as fetched at at.
func (tx *Tx) PutLinkCard(url, card string, at time.Time) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO link_cards (url, card, fetched_at) VALUES (?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET card = excluded.card, fetched_at = excluded.fetched_at`, url, card, at.UnixMilli())
	return err
}

// SetStatusCard stores a status's preview card (JSON, "" for none).
func (tx *Tx) SetStatusCard(id ID, card string) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE statuses SET card = ? WHERE id = ?", card, id)
	return err
}
