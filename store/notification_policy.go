package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Notification policy verdicts, in Mastodon's words.
const (
	PolicyAccept = "accept"
	PolicyFilter = "filter"
	PolicyDrop   = "drop"
)

// NotificationPolicy says what becomes of a notification from each kind
// of unsolicited sender.
type NotificationPolicy struct {
	ForNotFollowing    string
	ForNotFollowers    string
	ForNewAccounts     string
	ForPrivateMentions string
	ForLimitedAccounts string
}

// DefaultNotificationPolicy is Mastodon 4.3's: unsolicited private
// mentions and limited accounts are filtered, the rest accepted.
func DefaultNotificationPolicy() NotificationPolicy {
	return NotificationPolicy{ForNotFollowing: PolicyAccept, ForNotFollowers: PolicyAccept, ForNewAccounts: PolicyAccept,
		ForPrivateMentions: PolicyFilter, ForLimitedAccounts: PolicyFilter}
}

const policyColumns = "for_not_following, for_not_followers, for_new_accounts, for_private_mentions, for_limited_accounts"

func scanPolicy(row scanner) (NotificationPolicy, error) {
	var p NotificationPolicy
	err := row.Scan(&p.ForNotFollowing, &p.ForNotFollowers, &p.ForNewAccounts, &p.ForPrivateMentions, &p.ForLimitedAccounts)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultNotificationPolicy(), nil
	}
	return p, err
}

// NotificationPolicy returns an account's policy (the default if it never set one).
func (db *DB) NotificationPolicy(ctx context.Context, account ID) (NotificationPolicy, error) {
	return scanPolicy(db.reader.QueryRowContext(ctx, "SELECT "+policyColumns+" FROM notification_policies WHERE account_id = ?", account))
}

// NotificationPolicy reads an account's policy inside a write transaction.
func (tx *Tx) NotificationPolicy(account ID) (NotificationPolicy, error) {
	return scanPolicy(tx.QueryRowContext(tx.ctx, "SELECT "+policyColumns+" FROM notification_policies WHERE account_id = ?", account))
}

// UpdateNotificationPolicy stores an account's whole policy.
func (tx *Tx) UpdateNotificationPolicy(account ID, p NotificationPolicy) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT OR REPLACE INTO notification_policies (account_id, "+policyColumns+") VALUES (?, ?, ?, ?, ?, ?)",
		account, p.ForNotFollowing, p.ForNotFollowers, p.ForNewAccounts, p.ForPrivateMentions, p.ForLimitedAccounts)
	return err
}

// NotificationPermitted reports whether account accepted from's request
// before, so that from's notifications are never filtered.
func (tx *Tx) NotificationPermitted(account, from ID) (bool, error) {
	return tx.exists("SELECT 1 FROM notification_permissions WHERE account_id = ? AND from_account_id = ?", account, from)
}

// FollowedSince returns when follower began following target, or ErrNotFound.
func (tx *Tx) FollowedSince(follower, target ID) (time.Time, error) {
	var at int64
	err := tx.QueryRowContext(tx.ctx, "SELECT created_at FROM follows WHERE account_id = ? AND target_account_id = ?", follower, target).Scan(&at)
	return FromMillis(at), notFound(err)
}

// NotificationRequest gathers the filtered notifications one sender caused an account.
type NotificationRequest struct {
	ID                 ID
	AccountID          ID
	FromAccountID      ID
	LastStatusID       *ID
	NotificationsCount int
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// UpsertNotificationRequest records a filtered notification in the request
// of its sender, creating the request with id if there is none.
func (tx *Tx) UpsertNotificationRequest(id ID, n *Notification) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO notification_requests (id, account_id, from_account_id, last_status_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, from_account_id) DO UPDATE SET updated_at = excluded.updated_at,
		last_status_id = coalesce(excluded.last_status_id, last_status_id)`,
		id, n.AccountID, n.FromAccountID, n.StatusID, Millis(n.CreatedAt), Millis(n.CreatedAt))
	return err
}

// requestShown leaves out requests from senders the account has since
// blocked, as the notifications list leaves out their notifications.
const requestShown = `NOT EXISTS (SELECT 1 FROM blocks rb WHERE rb.account_id = r.account_id AND rb.target_account_id = r.from_account_id)`

const requestSelect = `SELECT r.id, r.account_id, r.from_account_id, r.last_status_id, r.created_at, r.updated_at,
	(SELECT COUNT(*) FROM notifications n WHERE n.account_id = r.account_id AND n.from_account_id = r.from_account_id
		AND n.filtered = 1 AND n.dismissed_at IS NULL)
	FROM notification_requests r`

func scanRequest(row scanner) (*NotificationRequest, error) {
	var r NotificationRequest
	var created, updated int64
	if err := row.Scan(&r.ID, &r.AccountID, &r.FromAccountID, &r.LastStatusID, &created, &updated, &r.NotificationsCount); err != nil {
		return nil, notFound(err)
	}
	r.CreatedAt, r.UpdatedAt = FromMillis(created), FromMillis(updated)
	return &r, nil
}

// NotificationRequests lists an account's pending requests, newest first.
func (db *DB) NotificationRequests(ctx context.Context, account ID, p Page) ([]*NotificationRequest, error) {
	bounds, args, tail := p.bounds("r.id")
	rows, err := db.reader.QueryContext(ctx, requestSelect+" WHERE r.account_id = ? AND "+requestShown+" AND "+bounds+tail, append([]any{account}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*NotificationRequest
	var cursors []ID
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		list, cursors = append(list, r), append(cursors, r.ID)
	}
	list, _ = finish(p, list, cursors)
	return list, rows.Err()
}

// NotificationRequest returns one of an account's pending requests.
func (db *DB) NotificationRequest(ctx context.Context, account, id ID) (*NotificationRequest, error) {
	return scanRequest(db.reader.QueryRowContext(ctx, requestSelect+" WHERE r.account_id = ? AND r.id = ?", account, id))
}

// PendingNotificationCounts counts an account's requests and filtered
// notifications, each up to limit.
func (db *DB) PendingNotificationCounts(ctx context.Context, account ID, limit int) (requests, notifications int, err error) {
	err = db.reader.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM (SELECT 1 FROM notification_requests r WHERE r.account_id = ? AND `+requestShown+` LIMIT ?)),
		(SELECT COUNT(*) FROM (SELECT 1 FROM notifications n WHERE n.account_id = ? AND n.filtered = 1 AND n.dismissed_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM blocks nb WHERE nb.account_id = n.account_id AND nb.target_account_id = n.from_account_id) LIMIT ?))`,
		account, limit, account, limit).Scan(&requests, &notifications)
	return requests, notifications, err
}

// AcceptNotificationRequest moves a request's notifications into the
// normal list, lets its sender through from now on and removes the
// request; it reports whether the request was there.
func (tx *Tx) AcceptNotificationRequest(account, id ID) (bool, error) {
	from, err := tx.deleteRequest(account, id)
	if err != nil || from == 0 {
		return false, err
	}
	if _, err := tx.ExecContext(tx.ctx, "UPDATE notifications SET filtered = 0 WHERE account_id = ? AND from_account_id = ? AND filtered = 1",
		account, from); err != nil {
		return false, err
	}
	_, err = tx.ExecContext(tx.ctx, "INSERT OR IGNORE INTO notification_permissions (account_id, from_account_id, created_at) VALUES (?, ?, ?)",
		account, from, Millis(time.Now()))
	return err == nil, err
}

// DismissNotificationRequest drops a request and its filtered
// notifications; it reports whether the request was there.
func (tx *Tx) DismissNotificationRequest(account, id ID) (bool, error) {
	from, err := tx.deleteRequest(account, id)
	if err != nil || from == 0 {
		return false, err
	}
	_, err = tx.ExecContext(tx.ctx, "UPDATE notifications SET dismissed_at = ? WHERE account_id = ? AND from_account_id = ? AND filtered = 1 AND dismissed_at IS NULL",
		Millis(time.Now()), account, from)
	return err == nil, err
}

// deleteRequest removes a request and returns its sender (0 if there was none).
func (tx *Tx) deleteRequest(account, id ID) (ID, error) {
	var from ID
	err := tx.QueryRowContext(tx.ctx, "DELETE FROM notification_requests WHERE account_id = ? AND id = ? RETURNING from_account_id", account, id).Scan(&from)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return from, err
}
