package store

import (
	"context"
	"time"
)

// Marker is a saved reading position in a timeline (home or notifications),
// so that several apps of one user resume at the same place.
type Marker struct {
	Timeline   string
	LastReadID ID
	Version    int
	UpdatedAt  time.Time
}

// Markers returns the account's markers for the given timelines; a timeline
// with no saved position is absent from the result.
func (db *DB) Markers(ctx context.Context, accountID ID, timelines []string) ([]Marker, error) {
	if len(timelines) == 0 {
		return nil, nil
	}
	args := append([]any{accountID}, stringArgs(timelines)...)
	rows, err := db.reader.QueryContext(ctx, `SELECT timeline, last_read_id, version, updated_at FROM markers
		WHERE account_id = ? AND timeline IN (`+placeholders(len(timelines))+`) ORDER BY timeline`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Marker
	for rows.Next() {
		var m Marker
		var updated int64
		if err := rows.Scan(&m.Timeline, &m.LastReadID, &m.Version, &updated); err != nil {
			return nil, err
		}
		m.UpdatedAt = FromMillis(updated)
		out = append(out, m)
	}
	return out, rows.Err()
}

// SaveMarker sets a timeline's reading position, bumping its version, and
// returns the saved marker.
func (tx *Tx) SaveMarker(accountID ID, timeline string, lastReadID ID) (*Marker, error) {
	m := Marker{Timeline: timeline}
	var updated int64
	err := tx.QueryRowContext(tx.ctx, `INSERT INTO markers (account_id, timeline, last_read_id, version, updated_at)
		VALUES (?, ?, ?, 1, ?)
		ON CONFLICT (account_id, timeline) DO UPDATE SET last_read_id = excluded.last_read_id,
			version = markers.version + 1, updated_at = excluded.updated_at
		RETURNING last_read_id, version, updated_at`, accountID, timeline, lastReadID, Millis(time.Now())).
		Scan(&m.LastReadID, &m.Version, &updated)
	if err != nil {
		return nil, err
	}
	m.UpdatedAt = FromMillis(updated)
	return &m, nil
}

func stringArgs(ss []string) []any {
	args := make([]any, len(ss))
	for i, s := range ss {
		args[i] = s
	}
	return args
}
