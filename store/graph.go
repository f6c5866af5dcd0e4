package store

import (
	"context"
	"time"
)

// Follow is an accepted follow (or, in follow_requests, a pending one).
type Follow struct {
	ID              ID
	AccountID       ID
	TargetAccountID ID
	URI             string
	ShowReblogs     bool
	Notify          bool
	Languages       []string // ISO 639-1 codes of the target's posts shown at home; empty: all
	CreatedAt       time.Time
}

// InsertFollow records an accepted follow and moves both accounts' counters;
// an existing follow has its options updated instead.
func (tx *Tx) InsertFollow(f *Follow) error {
	languages := JoinLanguages(f.Languages)
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO follows (id, account_id, target_account_id, uri, show_reblogs, notify, languages, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, target_account_id) DO NOTHING`,
		f.ID, f.AccountID, f.TargetAccountID, f.URI, f.ShowReblogs, f.Notify, languages, Millis(f.CreatedAt))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		_, err := tx.ExecContext(tx.ctx, "UPDATE follows SET show_reblogs = ?, notify = ?, languages = ? WHERE account_id = ? AND target_account_id = ?",
			f.ShowReblogs, f.Notify, languages, f.AccountID, f.TargetAccountID)
		return err
	}
	return tx.moveFollowCounters(f.AccountID, f.TargetAccountID, 1)
}

func (tx *Tx) moveFollowCounters(follower, target ID, delta int) error {
	if _, err := tx.ExecContext(tx.ctx, "UPDATE accounts SET following_count = MAX(0, following_count + ?) WHERE id = ?", delta, follower); err != nil {
		return err
	}
	_, err := tx.ExecContext(tx.ctx, "UPDATE accounts SET followers_count = MAX(0, followers_count + ?) WHERE id = ?", delta, target)
	return err
}

// DeleteFollow removes a follow, the target from the follower's lists
// and from its endorsements (only followed accounts are featured, as in
// Mastodon); it reports whether there was one.
func (tx *Tx) DeleteFollow(follower, target ID) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, "DELETE FROM follows WHERE account_id = ? AND target_account_id = ?", follower, target)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if err := tx.removeFromLists(follower, target); err != nil {
		return false, err
	}
	if err := tx.DeleteEndorsement(follower, target); err != nil {
		return false, err
	}
	return true, tx.moveFollowCounters(follower, target, -1)
}

// Following reports whether follower follows target.
func (tx *Tx) Following(follower, target ID) (bool, error) {
	return tx.exists("SELECT 1 FROM follows WHERE account_id = ? AND target_account_id = ?", follower, target)
}

func (tx *Tx) exists(query string, args ...any) (bool, error) {
	var one int
	err := tx.QueryRowContext(tx.ctx, query, args...).Scan(&one)
	if notFound(err) == ErrNotFound {
		return false, nil
	}
	return err == nil, err
}

// InsertFollowRequest records a pending follow; an existing one is kept.
func (tx *Tx) InsertFollowRequest(f *Follow) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO follow_requests (id, account_id, target_account_id, uri, show_reblogs, notify, languages, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, target_account_id) DO UPDATE SET show_reblogs = excluded.show_reblogs,
		notify = excluded.notify, languages = excluded.languages`, f.ID, f.AccountID, f.TargetAccountID, f.URI, f.ShowReblogs, f.Notify,
		JoinLanguages(f.Languages), Millis(f.CreatedAt))
	return err
}

// FollowRequest returns the pending request from follower to target.
func (tx *Tx) FollowRequest(follower, target ID) (*Follow, error) {
	var f Follow
	var created int64
	var languages string
	err := tx.QueryRowContext(tx.ctx, `SELECT id, account_id, target_account_id, uri, show_reblogs, notify, languages, created_at
		FROM follow_requests WHERE account_id = ? AND target_account_id = ?`, follower, target).
		Scan(&f.ID, &f.AccountID, &f.TargetAccountID, &f.URI, &f.ShowReblogs, &f.Notify, &languages, &created)
	if err != nil {
		return nil, notFound(err)
	}
	f.CreatedAt, f.Languages = FromMillis(created), SplitLanguages(languages)
	return &f, nil
}

// DeleteFollowRequest removes a pending request; it reports whether there
// was one. A list may hold an account its owner asked to follow (as in
// Mastodon); a request withdrawn or refused rather than turned into a
// follow (insert the follow first) takes the target off those lists.
func (tx *Tx) DeleteFollowRequest(follower, target ID) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, "DELETE FROM follow_requests WHERE account_id = ? AND target_account_id = ?", follower, target)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	following, err := tx.Following(follower, target)
	if err != nil || following {
		return true, err
	}
	return true, tx.removeFromLists(follower, target)
}

// Requested reports whether follower's request to follow target is pending.
func (tx *Tx) Requested(follower, target ID) (bool, error) {
	return tx.exists("SELECT 1 FROM follow_requests WHERE account_id = ? AND target_account_id = ?", follower, target)
}

// InsertBlock records that account blocks target.
func (tx *Tx) InsertBlock(id, account, target ID, uri string) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO blocks (id, account_id, target_account_id, uri, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
		id, account, target, uri, Millis(time.Now()))
	return err
}

// DeleteBlock lifts a block; it reports whether there was one.
func (tx *Tx) DeleteBlock(account, target ID) (bool, error) {
	res, err := tx.ExecContext(tx.ctx, "DELETE FROM blocks WHERE account_id = ? AND target_account_id = ?", account, target)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Blocking reports whether account blocks target.
func (tx *Tx) Blocking(account, target ID) (bool, error) {
	return tx.exists("SELECT 1 FROM blocks WHERE account_id = ? AND target_account_id = ?", account, target)
}

// InsertMute records (or updates) a mute.
func (tx *Tx) InsertMute(id, account, target ID, hideNotifications bool, expiresAt *time.Time) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO mutes (id, account_id, target_account_id, hide_notifications, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, target_account_id) DO UPDATE SET
		hide_notifications = excluded.hide_notifications, expires_at = excluded.expires_at`,
		id, account, target, hideNotifications, optMillis(expiresAt), Millis(time.Now()))
	return err
}

// DeleteMute lifts a mute.
func (tx *Tx) DeleteMute(account, target ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM mutes WHERE account_id = ? AND target_account_id = ?", account, target)
	return err
}

// NotificationsMuted reports whether account silenced notifications from
// source (a live mute with hide_notifications), blocks it or its domain.
func (tx *Tx) NotificationsMuted(account, source ID) (bool, error) {
	return tx.exists(`SELECT 1 FROM mutes WHERE account_id = ? AND target_account_id = ? AND hide_notifications = 1
		AND (expires_at IS NULL OR expires_at > ?)
		UNION ALL SELECT 1 FROM blocks WHERE account_id = ? AND target_account_id = ?
		UNION ALL SELECT 1 FROM user_domain_blocks d JOIN accounts a ON a.domain = d.domain WHERE d.account_id = ? AND a.id = ?`,
		account, source, Millis(time.Now()), account, source, account, source)
}

// Relationship is how the viewer and one other account relate.
type Relationship struct {
	TargetID            ID
	Following           bool
	ShowingReblogs      bool
	Notifying           bool
	Languages           []string // of the follow or request; empty: all
	FollowedBy          bool
	Blocking            bool
	BlockedBy           bool
	Muting              bool
	MutingNotifications bool
	Requested           bool
	RequestedBy         bool
	Endorsed            bool
	Note                string // the viewer's private note on the account
}

// Relationships returns the viewer's relationship with each target, in
// order. A pending request already says whether reblogs will show and
// posts notify, as in Mastodon.
func (db *DB) Relationships(ctx context.Context, viewer ID, targets []ID) ([]Relationship, error) {
	out := make([]Relationship, 0, len(targets))
	now := Millis(time.Now())
	for _, t := range targets {
		r := Relationship{TargetID: t}
		var follow, followedBy, block, blockedBy, mute, muteNotes, requested, requestedBy, reblogs, notify, endorsed int
		var languages string
		err := db.reader.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM follows WHERE account_id = ?1 AND target_account_id = ?2),
			(SELECT COALESCE(MAX(show_reblogs), 0) FROM (SELECT show_reblogs FROM follows WHERE account_id = ?1 AND target_account_id = ?2
				UNION ALL SELECT show_reblogs FROM follow_requests WHERE account_id = ?1 AND target_account_id = ?2)),
			(SELECT COALESCE(MAX(notify), 0) FROM (SELECT notify FROM follows WHERE account_id = ?1 AND target_account_id = ?2
				UNION ALL SELECT notify FROM follow_requests WHERE account_id = ?1 AND target_account_id = ?2)),
			(SELECT COALESCE(MAX(languages), '') FROM (SELECT languages FROM follows WHERE account_id = ?1 AND target_account_id = ?2
				UNION ALL SELECT languages FROM follow_requests WHERE account_id = ?1 AND target_account_id = ?2)),
			(SELECT COUNT(*) FROM follows WHERE account_id = ?2 AND target_account_id = ?1),
			(SELECT COUNT(*) FROM blocks WHERE account_id = ?1 AND target_account_id = ?2),
			(SELECT COUNT(*) FROM blocks WHERE account_id = ?2 AND target_account_id = ?1),
			(SELECT COUNT(*) FROM mutes WHERE account_id = ?1 AND target_account_id = ?2 AND (expires_at IS NULL OR expires_at > ?3)),
			(SELECT COALESCE(MAX(hide_notifications), 0) FROM mutes WHERE account_id = ?1 AND target_account_id = ?2 AND (expires_at IS NULL OR expires_at > ?3)),
			(SELECT COUNT(*) FROM follow_requests WHERE account_id = ?1 AND target_account_id = ?2),
			(SELECT COUNT(*) FROM follow_requests WHERE account_id = ?2 AND target_account_id = ?1),
			(SELECT COUNT(*) FROM endorsements WHERE account_id = ?1 AND target_account_id = ?2),
			COALESCE((SELECT comment FROM account_notes WHERE account_id = ?1 AND target_account_id = ?2), '')`, viewer, t, now).
			Scan(&follow, &reblogs, &notify, &languages, &followedBy, &block, &blockedBy, &mute, &muteNotes, &requested, &requestedBy,
				&endorsed, &r.Note)
		if err != nil {
			return nil, err
		}
		r.Following, r.ShowingReblogs, r.Notifying = follow > 0, reblogs > 0, notify > 0
		r.Languages = SplitLanguages(languages)
		r.FollowedBy, r.Blocking, r.BlockedBy = followedBy > 0, block > 0, blockedBy > 0
		r.Muting, r.MutingNotifications = mute > 0, muteNotes > 0
		r.Requested, r.RequestedBy, r.Endorsed = requested > 0, requestedBy > 0, endorsed > 0
		out = append(out, r)
	}
	return out, nil
}

// VisibilityFacts are what the visibility rule needs to know about a viewer
// and one status: whether the viewer follows the author, is mentioned, or
// is blocked by the author, and whether the author is suspended.
type VisibilityFacts struct {
	Following       bool
	Mentioned       bool
	BlockedByAuthor bool
	AuthorSuspended bool
}

// VisibilityFacts gathers the facts in one query.
func (db *DB) VisibilityFacts(ctx context.Context, viewer ID, s *Status) (VisibilityFacts, error) {
	var f VisibilityFacts
	err := db.reader.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM follows WHERE account_id = ?1 AND target_account_id = ?2),
		EXISTS (SELECT 1 FROM mentions WHERE status_id = ?3 AND account_id = ?1),
		EXISTS (SELECT 1 FROM blocks WHERE account_id = ?2 AND target_account_id = ?1),
		EXISTS (SELECT 1 FROM accounts WHERE id = ?2 AND suspended_at IS NOT NULL)`, viewer, s.AccountID, s.ID).
		Scan(&f.Following, &f.Mentioned, &f.BlockedByAuthor, &f.AuthorSuspended)
	return f, err
}

// FollowRequestCount counts pending requests to account.
func (db *DB) FollowRequestCount(ctx context.Context, account ID) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM follow_requests WHERE target_account_id = ?", account).Scan(&n)
	return n, err
}

// NotifyFollowerIDs lists the local followers of author who asked to be notified of its posts.
func (tx *Tx) NotifyFollowerIDs(author ID) ([]ID, error) {
	return queryIDs(tx.ctx, tx, `SELECT f.account_id FROM follows f JOIN accounts a ON a.id = f.account_id
		WHERE f.target_account_id = ? AND f.notify = 1 AND a.domain = ''`, author)
}
