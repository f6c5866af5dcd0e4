package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Local copies of remote profile pictures and custom emojis. A remote
// account's cached avatar or header is a media_attachments row (remote_url
// set, no status) that avatar_media_id or header_media_id names, exactly
// like a local upload, so its URL still follows from the account row. A
// remote emoji's copy is its custom_emojis row's media_path; an account
// that uses it also keeps the path in its emojis JSON.

// emojiPath is an emoji row's usable local file: a local emoji's, or a
// remote one's copy while it is of the current image. A copy of an image
// the emoji no longer uses (cached_at cleared when the URL changed) keeps
// its media_path until replaced or pruned, so its file is not forgotten.
const emojiPath = `CASE WHEN e.domain = '' OR e.cached_at IS NOT NULL THEN e.media_path ELSE '' END`

// UpsertRemoteEmoji creates or refreshes the row of a remote custom emoji
// (by shortcode and domain) and returns its id. A changed image URL makes
// the local copy stale.
func (tx *Tx) UpsertRemoteEmoji(domain string, e Emoji, newID func() ID) (ID, error) {
	now := Millis(time.Now())
	var id ID
	err := tx.QueryRowContext(tx.ctx, `INSERT INTO custom_emojis (id, shortcode, domain, image_remote_url, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (shortcode, domain) DO UPDATE SET image_remote_url = excluded.image_remote_url,
		cached_at = CASE WHEN image_remote_url = excluded.image_remote_url THEN cached_at ELSE NULL END,
		updated_at = excluded.updated_at RETURNING id`, newID(), e.Shortcode, domain, e.URL, now, now).Scan(&id)
	return id, err
}

// RemoteEmoji reads one remote custom emoji; Path is "" unless its copy
// is of its current image.
func (db *DB) RemoteEmoji(ctx context.Context, id ID) (*CustomEmoji, error) {
	var e CustomEmoji
	err := db.reader.QueryRowContext(ctx, `SELECT e.id, e.shortcode, e.domain, e.image_remote_url, `+emojiPath+`
		FROM custom_emojis e WHERE e.id = ? AND e.domain != ''`, id).Scan(&e.ID, &e.Shortcode, &e.Domain, &e.URL, &e.Path)
	if err != nil {
		return nil, notFound(err)
	}
	return &e, nil
}

// SetEmojiCache records e.Path as the local copy of a remote emoji's
// image, unless the emoji's image URL changed meanwhile (ok false: the
// new copy is stale). stale is the replaced copy of an earlier image, if
// any, now forgotten here and by the accounts that named it; its file is
// the caller's to remove.
func (tx *Tx) SetEmojiCache(e *CustomEmoji, at time.Time) (stale string, ok bool, err error) {
	old := CustomEmoji{ID: e.ID}
	err = tx.QueryRowContext(tx.ctx, `SELECT domain, media_path FROM custom_emojis WHERE id = ? AND domain != ''
		AND image_remote_url = ?`, e.ID, e.URL).Scan(&old.Domain, &old.Path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil // the emoji's image changed meanwhile
	}
	if err != nil {
		return "", false, err
	}
	if old.Path != "" && old.Path != e.Path {
		if err := tx.DropEmojiCache(old); err != nil {
			return "", false, err
		}
		stale = old.Path
	}
	_, err = tx.ExecContext(tx.ctx, "UPDATE custom_emojis SET media_path = ?, cached_at = ? WHERE id = ?", e.Path, Millis(at), e.ID)
	return stale, err == nil, err
}

// CachedRemoteEmojis lists up to limit remote emojis whose local copy was
// made before before, or is of an image they no longer use, oldest first;
// count is how many there are in all.
func (db *DB) CachedRemoteEmojis(ctx context.Context, before time.Time, limit int) (list []CustomEmoji, count int, err error) {
	const where = ` FROM custom_emojis WHERE domain != '' AND media_path != '' AND (cached_at IS NULL OR cached_at < ?)`
	if err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*)"+where, Millis(before)).Scan(&count); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader.QueryContext(ctx, "SELECT id, shortcode, domain, image_remote_url, media_path"+where+
		" ORDER BY cached_at LIMIT ?", Millis(before), limit)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var e CustomEmoji
		if err := rows.Scan(&e.ID, &e.Shortcode, &e.Domain, &e.URL, &e.Path); err != nil {
			return nil, 0, err
		}
		list = append(list, e)
	}
	return list, count, rows.Err()
}

// DropEmojiCache forgets a remote emoji's local copy, here and in the
// emojis of the accounts of its domain that named it (the file is the
// caller's to remove).
func (tx *Tx) DropEmojiCache(e CustomEmoji) error {
	if _, err := tx.ExecContext(tx.ctx, "UPDATE custom_emojis SET media_path = '', cached_at = NULL WHERE id = ?", e.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(tx.ctx, `UPDATE accounts SET emojis = (SELECT json_group_array(
			CASE WHEN json_extract(value, '$.path') = ?1 THEN json_remove(value, '$.path') ELSE json(value) END)
		FROM json_each(accounts.emojis)) WHERE domain = ?2 AND instr(emojis, ?1) > 0`, e.Path, e.Domain)
	return err
}

// SetAccountEmojiPaths records local copies in a remote account's emojis:
// paths maps an image URL to its copy. Emojis whose URL changed meanwhile
// are left alone.
func (tx *Tx) SetAccountEmojiPaths(accountID ID, paths map[string]string) error {
	var raw string
	if err := tx.QueryRowContext(tx.ctx, "SELECT emojis FROM accounts WHERE id = ? AND domain != ''", accountID).Scan(&raw); err != nil {
		return notFound(err)
	}
	var list []Emoji
	jsonListInto(raw, &list)
	for i, e := range list {
		if p, ok := paths[e.URL]; ok && e.Path == "" {
			list[i].Path = p
		}
	}
	_, err := tx.ExecContext(tx.ctx, "UPDATE accounts SET emojis = ? WHERE id = ?", jsonList(list), accountID)
	return err
}

// Profile pictures, for SetRemotePicture.
const (
	PictureAvatar = "avatar"
	PictureHeader = "header"
)

// SetRemotePicture makes m, a stored copy of a remote account's avatar or
// header, the account's picture, unless the account's picture URL is no
// longer m's (false: the copy is stale).
func (tx *Tx) SetRemotePicture(accountID ID, picture string, m *MediaAttachment) (bool, error) {
	query := `UPDATE accounts SET avatar_media_id = ? WHERE id = ? AND domain != '' AND avatar_remote_url = ?`
	if picture == PictureHeader {
		query = `UPDATE accounts SET header_media_id = ? WHERE id = ? AND domain != '' AND header_remote_url = ?`
	}
	res, err := tx.ExecContext(tx.ctx, query, m.ID, accountID, m.RemoteURL)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// DropRemotePicture deletes a remote account's cached picture row and
// unlinks it from the account, which shows its origin's picture again
// (the files are the caller's to remove).
func (tx *Tx) DropRemotePicture(id ID) error {
	for _, q := range []string{
		"UPDATE accounts SET avatar_media_id = NULL WHERE avatar_media_id = ? AND domain != ''",
		"UPDATE accounts SET header_media_id = NULL WHERE header_media_id = ? AND domain != ''",
		"DELETE FROM media_attachments WHERE id = ? AND remote_url != '' AND status_id IS NULL",
	} {
		if _, err := tx.ExecContext(tx.ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// DropRemoteAccountMedia deletes every local copy a remote account's media
// has here (attachments, avatar, header), for an account that deleted
// itself at its origin, and returns the files to remove once committed.
func (tx *Tx) DropRemoteAccountMedia(accountID ID) ([]string, error) {
	files, err := tx.mediaFiles(`SELECT m.file_path, m.thumbnail_path FROM media_attachments m
		JOIN accounts a ON a.id = m.account_id WHERE m.account_id = ? AND a.domain != '' AND m.file_path != ''`, accountID)
	if err != nil {
		return nil, err
	}
	for _, q := range []string{
		"UPDATE accounts SET avatar_media_id = NULL, header_media_id = NULL WHERE id = ? AND domain != ''",
		"DELETE FROM media_attachments WHERE account_id = ? AND account_id IN (SELECT id FROM accounts WHERE domain != '')",
	} {
		if _, err := tx.ExecContext(tx.ctx, q, accountID); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// mediaFiles runs a query of (file, thumbnail) pairs and lists the files
// it names, for deleting once the change that forgot them is committed.
func (tx *Tx) mediaFiles(query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(tx.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var files []string
	for rows.Next() {
		var file, thumb string
		if err := rows.Scan(&file, &thumb); err != nil {
			return nil, err
		}
		files = append(files, file)
		if thumb != "" {
			files = append(files, thumb)
		}
	}
	return files, rows.Err()
}
