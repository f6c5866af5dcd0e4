package store

import (
	"context"
	"time"
)

// MediaAttachment is one row of media_attachments: a local upload (FilePath
// set) or a remote file known by its URL (RemoteURL set, FilePath "" until
// cached).
type MediaAttachment struct {
	ID            ID
	AccountID     ID
	StatusID      *ID
	Position      int
	Kind          string // image, gifv, video, audio, unknown
	ContentType   string
	FilePath      string // relative to the media folder
	ThumbnailPath string
	RemoteURL     string
	Description   string
	Blurhash      string
	FocusX        float64
	FocusY        float64
	Meta          string // JSON, as Mastodon's meta
	FileSize      int64
	Processing    bool
	CreatedAt     time.Time
	// CachedAt is when a remote file was last downloaded, or tried.
	CachedAt *time.Time
}

const mediaColumns = `id, account_id, status_id, position, kind, content_type, file_path, thumbnail_path, remote_url,
	description, blurhash, focus_x, focus_y, meta, file_size, processing, created_at, cached_at`

func scanMedia(row scanner) (*MediaAttachment, error) {
	var m MediaAttachment
	var created int64
	var cached *int64
	err := row.Scan(&m.ID, &m.AccountID, &m.StatusID, &m.Position, &m.Kind, &m.ContentType, &m.FilePath, &m.ThumbnailPath,
		&m.RemoteURL, &m.Description, &m.Blurhash, &m.FocusX, &m.FocusY, &m.Meta, &m.FileSize, &m.Processing, &created, &cached)
	if err != nil {
		return nil, notFound(err)
	}
	m.CreatedAt, m.CachedAt = FromMillis(created), nullMillis(cached)
	return &m, nil
}

// InsertMedia stores a new attachment row.
func (tx *Tx) InsertMedia(m *MediaAttachment) error {
	if m.Meta == "" {
		m.Meta = "{}"
	}
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO media_attachments ("+mediaColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.AccountID, m.StatusID, m.Position, m.Kind, m.ContentType, m.FilePath, m.ThumbnailPath, m.RemoteURL,
		m.Description, m.Blurhash, m.FocusX, m.FocusY, m.Meta, m.FileSize, m.Processing, Millis(m.CreatedAt), optMillis(m.CachedAt))
	return err
}

// UpdateMedia rewrites an attachment's files, description, focus and meta.
func (tx *Tx) UpdateMedia(m *MediaAttachment) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE media_attachments SET content_type = ?, file_path = ?, thumbnail_path = ?,
		description = ?, blurhash = ?, focus_x = ?, focus_y = ?, meta = ?, file_size = ?, processing = ? WHERE id = ?`,
		m.ContentType, m.FilePath, m.ThumbnailPath, m.Description, m.Blurhash, m.FocusX, m.FocusY, m.Meta, m.FileSize,
		m.Processing, m.ID)
	return err
}

// Media reads one attachment.
func (db *DB) Media(ctx context.Context, id ID) (*MediaAttachment, error) {
	return scanMedia(db.reader.QueryRowContext(ctx, "SELECT "+mediaColumns+" FROM media_attachments WHERE id = ?", id))
}

// Media reads one attachment inside a transaction.
func (tx *Tx) Media(id ID) (*MediaAttachment, error) {
	return scanMedia(tx.QueryRowContext(tx.ctx, "SELECT "+mediaColumns+" FROM media_attachments WHERE id = ?", id))
}

// DeleteMedia removes an attachment row (its files are the caller's).
func (tx *Tx) DeleteMedia(id ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM media_attachments WHERE id = ?", id)
	return err
}

// StaleUploads lists up to limit local uploads made before before that no
// status, avatar or header uses.
func (db *DB) StaleUploads(ctx context.Context, before time.Time, limit int) ([]*MediaAttachment, error) {
	rows, err := db.reader.QueryContext(ctx, "SELECT "+mediaColumns+` FROM media_attachments m
		WHERE status_id IS NULL AND created_at < ? AND remote_url = ''
		AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.avatar_media_id = m.id OR a.header_media_id = m.id)
		ORDER BY created_at LIMIT ?`, Millis(before), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*MediaAttachment
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// StatusMediaIDs lists the ids of a status's attachments in order.
func (tx *Tx) StatusMediaIDs(statusID ID) ([]ID, error) {
	return queryIDs(tx.ctx, tx, "SELECT id FROM media_attachments WHERE status_id = ? ORDER BY position, id", statusID)
}

// AttachableMediaCount counts which of ids are the account's processed
// uploads that are either unattached or already on statusID (an edit may
// keep them; 0 for a new status).
func (tx *Tx) AttachableMediaCount(accountID, statusID ID, ids []ID) (int, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, `SELECT COUNT(*) FROM media_attachments WHERE account_id = ? AND remote_url = ''
		AND processing = 0 AND (status_id IS NULL OR status_id = ?) AND id IN (`+placeholders(len(ids))+")",
		append([]any{accountID, statusID}, idArgs(ids)...)...).Scan(&n)
	return n, err
}

// DetachMedia takes every attachment off a status (an edit then attaches
// the ones it keeps); detached uploads are pruned like unattached ones.
func (tx *Tx) DetachMedia(statusID ID) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE media_attachments SET status_id = NULL, position = 0 WHERE status_id = ?", statusID)
	return err
}

// Attachment is the row as a status shows it.
func (m *MediaAttachment) Attachment() StatusAttachment {
	out := StatusAttachment{ID: m.ID, ThumbnailPath: m.ThumbnailPath, Kind: m.Kind, ContentType: m.ContentType,
		FilePath: m.FilePath, RemoteURL: m.RemoteURL, Description: m.Description, Blurhash: m.Blurhash,
		FocusX: m.FocusX, FocusY: m.FocusY, Meta: m.Meta}
	if m.StatusID != nil {
		out.StatusID = *m.StatusID
	}
	return out
}

// MediaByIDs reads attachments by id (for a status's earlier versions).
func (db *DB) MediaByIDs(ctx context.Context, ids []ID) (map[ID]*MediaAttachment, error) {
	out := map[ID]*MediaAttachment{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.reader.QueryContext(ctx, "SELECT "+mediaColumns+" FROM media_attachments WHERE id IN ("+
		placeholders(len(ids))+")", idArgs(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, err
		}
		out[m.ID] = m
	}
	return out, rows.Err()
}

// SetMediaCache records a remote file's local copy, or with empty paths
// that the copy is gone (or a download was tried and failed) at at.
func (tx *Tx) SetMediaCache(m *MediaAttachment, at *time.Time) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE media_attachments SET file_path = ?, thumbnail_path = ?, blurhash = ?,
		meta = ?, file_size = ?, cached_at = ? WHERE id = ?`,
		m.FilePath, m.ThumbnailPath, m.Blurhash, m.Meta, m.FileSize, optMillis(at), m.ID)
	return err
}

// CachedRemoteMedia lists up to limit remote attachments with a local copy
// made before before, oldest first; count is how many there are in all.
func (db *DB) CachedRemoteMedia(ctx context.Context, before time.Time, limit int) (list []*MediaAttachment, count int, err error) {
	const where = ` FROM media_attachments WHERE remote_url != '' AND file_path != '' AND cached_at < ?`
	if err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*)"+where, Millis(before)).Scan(&count); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader.QueryContext(ctx, "SELECT "+mediaColumns+where+" ORDER BY cached_at LIMIT ?", Millis(before), limit)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, m)
	}
	return list, count, rows.Err()
}
