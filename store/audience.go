package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// RemoteFollowers lists the remote accounts that follow account: the
// audience of its followers-addressed activities. It reads inside the
// writing transaction so the audience matches the change being made.
func (tx *Tx) RemoteFollowers(account ID) ([]*Account, error) {
	rows, err := tx.QueryContext(tx.ctx, "SELECT "+prefixed("a.", accountColumns)+` FROM follows f
		JOIN accounts a ON a.id = f.account_id WHERE f.target_account_id = ? AND a.domain != '' AND a.suspended_at IS NULL`, account)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FollowURI returns the ActivityPub id of follower's follow (or pending
// request) of target, "" when it has none; an Undo or Accept names it.
func (tx *Tx) FollowURI(follower, target ID) (string, error) {
	var uri string
	err := tx.QueryRowContext(tx.ctx, `SELECT uri FROM follows WHERE account_id = ? AND target_account_id = ?
		UNION ALL SELECT uri FROM follow_requests WHERE account_id = ? AND target_account_id = ? LIMIT 1`,
		follower, target, follower, target).Scan(&uri)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return uri, err
}

// ActiveLocalUserCount counts local, unsuspended users who signed in or
// posted since a time (NodeInfo's activeMonth and activeHalfyear).
func (db *DB) ActiveLocalUserCount(ctx context.Context, since time.Time) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts a JOIN users u ON u.account_id = a.id
		WHERE a.domain = '' AND a.suspended_at IS NULL AND (u.last_sign_in_at >= ? OR a.last_status_at >= ?)`,
		Millis(since), Millis(since)).Scan(&n)
	return n, err
}

// StatusTagNames lists a status's hashtags inside the writing transaction,
// so a new status's activity carries the tags written with it.
func (tx *Tx) StatusTagNames(statusID ID) ([]string, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT t.name FROM status_tags st JOIN tags t ON t.id = st.tag_id
		WHERE st.status_id = ? ORDER BY t.name`, statusID)
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

// StatusAttachment is a media attachment as a status's Note shows it.
type StatusAttachment struct {
	ID            ID
	ThumbnailPath string // relative to the media folder; "" if none
	StatusID      ID
	Kind          string // image, gifv, video, audio, unknown
	ContentType   string
	FilePath      string // relative to the media folder; "" if not stored locally
	RemoteURL     string
	Description   string
	Blurhash      string
	FocusX        float64
	FocusY        float64
	Meta          string // JSON: {"original": {"width": …, "height": …}, …}
}

const statusAttachmentQuery = `SELECT id, thumbnail_path, status_id, kind, content_type, file_path, remote_url, description, blurhash,
	focus_x, focus_y, meta FROM media_attachments WHERE status_id IN (`

func statusAttachments(ctx context.Context, q Querier, statusIDs []ID) (map[ID][]StatusAttachment, error) {
	out := map[ID][]StatusAttachment{}
	if len(statusIDs) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, statusAttachmentQuery+placeholders(len(statusIDs))+") ORDER BY status_id, position, id",
		idArgs(statusIDs)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m StatusAttachment
		if err := rows.Scan(&m.ID, &m.ThumbnailPath, &m.StatusID, &m.Kind, &m.ContentType, &m.FilePath, &m.RemoteURL, &m.Description, &m.Blurhash,
			&m.FocusX, &m.FocusY, &m.Meta); err != nil {
			return nil, err
		}
		out[m.StatusID] = append(out[m.StatusID], m)
	}
	return out, rows.Err()
}

// StatusAttachments returns each status's media, in order.
func (db *DB) StatusAttachments(ctx context.Context, statusIDs []ID) (map[ID][]StatusAttachment, error) {
	return statusAttachments(ctx, db.reader, statusIDs)
}

// StatusAttachments reads a status's media inside the transaction that attached it.
func (tx *Tx) StatusAttachments(statusID ID) ([]StatusAttachment, error) {
	m, err := statusAttachments(tx.ctx, tx, []ID{statusID})
	return m[statusID], err
}
