package store

import (
	"context"
	"time"
)

// AccountByURI finds an account by its ActivityPub id inside a write transaction.
func (tx *Tx) AccountByURI(uri string) (*Account, error) {
	return scanAccount(tx.QueryRowContext(tx.ctx, "SELECT "+accountColumns+" FROM accounts WHERE uri = ?", uri))
}

// StatusByURI finds a status by its ActivityPub id inside a write transaction.
func (tx *Tx) StatusByURI(uri string) (*Status, error) {
	return scanStatus(tx.QueryRowContext(tx.ctx, "SELECT "+statusColumns+" FROM statuses WHERE uri = ?", uri))
}

// HasLocalFollower reports whether any local account follows account: what makes a remote account's posts worth storing.
func (db *DB) HasLocalFollower(ctx context.Context, account ID) (bool, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM follows f JOIN accounts a ON a.id = f.account_id
		WHERE f.target_account_id = ? AND a.domain = '' LIMIT 1)`, account).Scan(&n)
	return n > 0, err
}

// LocalFollowerIDs lists the local accounts following account.
func (tx *Tx) LocalFollowerIDs(account ID) ([]ID, error) {
	return queryIDs(tx.ctx, tx, `SELECT f.account_id FROM follows f JOIN accounts a ON a.id = f.account_id
		WHERE f.target_account_id = ? AND a.domain = ''`, account)
}

// FavouriteByURI returns who favourited which status with the Like uri.
func (tx *Tx) FavouriteByURI(uri string) (account, status ID, err error) {
	err = tx.QueryRowContext(tx.ctx, "SELECT account_id, status_id FROM favourites WHERE uri = ? AND uri != ''", uri).
		Scan(&account, &status)
	return account, status, notFound(err)
}

// FollowByURI returns a follow (or follow request) by its Follow activity's uri.
func (tx *Tx) FollowByURI(uri string) (follower, target ID, err error) {
	err = tx.QueryRowContext(tx.ctx, `SELECT account_id, target_account_id FROM follows WHERE uri = ? AND uri != ''
		UNION ALL SELECT account_id, target_account_id FROM follow_requests WHERE uri = ? AND uri != '' LIMIT 1`, uri, uri).
		Scan(&follower, &target)
	return follower, target, notFound(err)
}

// RemoteMedia is an attachment of a remote status, kept as a link to the
// original file (remote_url) until something caches it.
type RemoteMedia struct {
	ID          ID
	AccountID   ID
	StatusID    ID
	Position    int
	Kind        string
	ContentType string
	RemoteURL   string
	Description string
	Blurhash    string
	FocusX      float64
	FocusY      float64
	Meta        string // JSON, "{}" when nothing is known
}

// ReplaceRemoteMedia replaces a remote status's attachments.
func (tx *Tx) ReplaceRemoteMedia(statusID ID, list []RemoteMedia) error {
	if _, err := tx.ExecContext(tx.ctx, "DELETE FROM media_attachments WHERE status_id = ?", statusID); err != nil {
		return err
	}
	now := Millis(time.Now())
	for _, m := range list {
		if m.Meta == "" {
			m.Meta = "{}"
		}
		_, err := tx.ExecContext(tx.ctx, `INSERT INTO media_attachments (id, account_id, status_id, position, kind,
			content_type, remote_url, description, blurhash, focus_x, focus_y, meta, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, m.AccountID, statusID, m.Position, m.Kind,
			m.ContentType, m.RemoteURL, m.Description, m.Blurhash, m.FocusX, m.FocusY, m.Meta, now)
		if err != nil {
			return err
		}
	}
	return nil
}

// RemotePoll is a remote Question's state.
type RemotePoll struct {
	ID          ID
	StatusID    ID
	Options     string // JSON [{title, votes_count}]
	Multiple    bool
	VotesCount  int
	VotersCount int
	ExpiresAt   *time.Time
	ClosedAt    *time.Time
}

// UpsertRemotePoll stores or refreshes a remote status's poll and links it
// to the status; it returns the poll's id.
func (tx *Tx) UpsertRemotePoll(p *RemotePoll) (ID, error) {
	var id ID
	err := tx.QueryRowContext(tx.ctx, `INSERT INTO polls (id, status_id, options, multiple, votes_count, voters_count,
		expires_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (status_id) DO UPDATE SET options = excluded.options, multiple = excluded.multiple,
		votes_count = excluded.votes_count, voters_count = excluded.voters_count, expires_at = excluded.expires_at,
		closed_at = excluded.closed_at RETURNING id`, p.ID, p.StatusID, p.Options, p.Multiple, p.VotesCount,
		p.VotersCount, optMillis(p.ExpiresAt), optMillis(p.ClosedAt)).Scan(&id)
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(tx.ctx, "UPDATE statuses SET poll_id = ? WHERE id = ?", id, p.StatusID)
	return id, err
}

// SetStatusEmojis links a status to the custom emojis it uses, creating
// remote emoji rows (by shortcode and domain) as needed.
func (tx *Tx) SetStatusEmojis(statusID ID, domain string, emojis []Emoji, newID func() ID) error {
	if _, err := tx.ExecContext(tx.ctx, "DELETE FROM status_emojis WHERE status_id = ?", statusID); err != nil {
		return err
	}
	for _, e := range emojis {
		id, err := tx.UpsertRemoteEmoji(domain, e, newID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, "INSERT INTO status_emojis (status_id, emoji_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
			statusID, id); err != nil {
			return err
		}
	}
	return nil
}

// UpdateRemoteStatus rewrites what a remote Update may change.
func (tx *Tx) UpdateRemoteStatus(s *Status) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE statuses SET content=?, spoiler_text=?, sensitive=?, language=?, edited_at=?,
		fetched_at=?, quote_uri=? WHERE id=?`, s.Content, s.SpoilerText, s.Sensitive, s.Language, optMillis(s.EditedAt),
		optMillis(s.FetchedAt), s.QuoteURI, s.ID)
	if err != nil {
		return err
	}
	return tx.indexStatus(s)
}

// DeleteAccountContent removes what an account posted and its place in the
// social graph, for a remote account deleted at its origin.
func (tx *Tx) DeleteAccountContent(account ID) error {
	followed, err := queryIDs(tx.ctx, tx, "SELECT target_account_id FROM follows WHERE account_id = ?", account)
	if err != nil {
		return err
	}
	for _, t := range followed {
		if _, err := tx.DeleteFollow(account, t); err != nil {
			return err
		}
	}
	followers, err := queryIDs(tx.ctx, tx, "SELECT account_id FROM follows WHERE target_account_id = ?", account)
	if err != nil {
		return err
	}
	for _, f := range followers {
		if _, err := tx.DeleteFollow(f, account); err != nil {
			return err
		}
	}
	for _, q := range []string{
		"DELETE FROM follow_requests WHERE account_id = ? OR target_account_id = ?",
		"DELETE FROM notifications WHERE from_account_id = ? OR account_id = ?",
	} {
		if _, err := tx.ExecContext(tx.ctx, q, account, account); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(tx.ctx, "DELETE FROM statuses WHERE account_id = ?", account)
	return err
}

// Report is a complaint about an account, from a local user or a remote server.
type Report struct {
	ID              ID
	AccountID       ID // who reports: a local user, or the remote instance's actor
	TargetAccountID ID
	StatusIDs       []ID
	RuleIDs         []ID // the instance rules a "violation" names
	Comment         string
	Category        string
	URI             string
	Forwarded       bool // a copy went to the reported account's server
	CreatedAt       time.Time
}

// InsertReport stores a report; one with a known uri is not stored twice.
func (tx *Tx) InsertReport(r *Report) error {
	if r.Category == "" {
		r.Category = "other"
	}
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO reports (id, account_id, target_account_id, status_ids, comment, category,
		uri, forwarded, created_at, rule_ids) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ? = '' OR NOT EXISTS (SELECT 1 FROM reports WHERE uri = ?)`,
		r.ID, r.AccountID, r.TargetAccountID, jsonList(r.StatusIDs), r.Comment, r.Category, r.URI, r.Forwarded, Millis(r.CreatedAt),
		jsonList(r.RuleIDs), r.URI, r.URI)
	return err
}

// ReportCount counts reports against an account (tests and the admin list).
func (db *DB) ReportCount(ctx context.Context, target ID) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM reports WHERE target_account_id = ?", target).Scan(&n)
	return n, err
}

// LocalFollowRequesterIDs lists the local accounts with a pending request to follow target.
func (tx *Tx) LocalFollowRequesterIDs(target ID) ([]ID, error) {
	return queryIDs(tx.ctx, tx, `SELECT r.account_id FROM follow_requests r JOIN accounts a ON a.id = r.account_id
		WHERE r.target_account_id = ? AND a.domain = ''`, target)
}

// MarkRepliesFetched records when a remote status's replies were last
// fetched; false, changing nothing, when that was after since.
func (tx *Tx) MarkRepliesFetched(status ID, now, since time.Time) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, "UPDATE statuses SET replies_fetched_at = ? WHERE id = ? AND local = 0 AND (replies_fetched_at IS NULL OR replies_fetched_at < ?)",
		Millis(now), status, Millis(since))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// AdoptReplies links the stored replies to parent that arrived before it
// (they kept only its URI), so the thread reads whole.
func (tx *Tx) AdoptReplies(parent *Status) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE statuses SET in_reply_to_id = ?, in_reply_to_account_id = ?
		WHERE in_reply_to_uri = ? AND in_reply_to_id IS NULL`, parent.ID, parent.AccountID, parent.URI)
	return err
}
