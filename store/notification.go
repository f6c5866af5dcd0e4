package store

import (
	"context"
	"time"
)

// Notification types, in Mastodon's words.
const (
	NotifyMention       = "mention"
	NotifyStatus        = "status"
	NotifyReblog        = "reblog"
	NotifyFollow        = "follow"
	NotifyFollowRequest = "follow_request"
	NotifyFavourite     = "favourite"
	NotifyUpdate        = "update"
)

// Notification tells an account that something happened.
type Notification struct {
	ID            ID
	AccountID     ID
	FromAccountID ID
	Type          string
	StatusID      *ID
	GroupKey      string
	CreatedAt     time.Time
}

const notificationColumns = "n.id, n.account_id, n.from_account_id, n.type, n.status_id, n.group_key, n.created_at"

func scanNotification(row scanner) (*Notification, error) {
	var n Notification
	var created int64
	if err := row.Scan(&n.ID, &n.AccountID, &n.FromAccountID, &n.Type, &n.StatusID, &n.GroupKey, &created); err != nil {
		return nil, notFound(err)
	}
	n.CreatedAt = FromMillis(created)
	return &n, nil
}

// InsertNotification stores a notification.
func (tx *Tx) InsertNotification(n *Notification) error {
	if n.CreatedAt.IsZero() {
		n.CreatedAt = time.Now()
	}
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO notifications (id, account_id, from_account_id, type, status_id, group_key, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, n.ID, n.AccountID, n.FromAccountID, n.Type, n.StatusID, n.GroupKey, Millis(n.CreatedAt))
	return err
}

// DeleteNotificationsAbout removes the notifications one account caused another
// of a type about a status (an undone favourite, follow or reblog).
func (tx *Tx) DeleteNotificationsAbout(account, from ID, typ string, status *ID) error {
	_, err := tx.ExecContext(tx.ctx, `DELETE FROM notifications WHERE account_id = ? AND from_account_id = ? AND type = ?
		AND (status_id IS ? OR status_id = ?)`, account, from, typ, status, status)
	return err
}

// NotificationFilter narrows a notifications list.
type NotificationFilter struct {
	Types        []string
	ExcludeTypes []string
	FromAccount  ID
}

// Notifications lists an account's undismissed notifications about statuses
// it may still see; from accounts it has since blocked, muted with their
// notifications, or whose domain it blocks are left out.
func (db *DB) Notifications(ctx context.Context, account ID, f NotificationFilter, p Page) ([]*Notification, error) {
	vis, visArgs := VisibleTo(account)
	where := `n.account_id = ? AND n.dismissed_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM blocks nb WHERE nb.account_id = n.account_id AND nb.target_account_id = n.from_account_id)
		AND NOT EXISTS (SELECT 1 FROM mutes nm WHERE nm.account_id = n.account_id AND nm.target_account_id = n.from_account_id
			AND nm.hide_notifications = 1 AND (nm.expires_at IS NULL OR nm.expires_at > ?))
		AND NOT EXISTS (SELECT 1 FROM user_domain_blocks nd JOIN accounts na ON na.domain = nd.domain
			WHERE nd.account_id = n.account_id AND na.id = n.from_account_id)
		AND (n.status_id IS NULL OR EXISTS (SELECT 1 FROM statuses s WHERE s.id = n.status_id AND ` + vis + `))`
	args := append([]any{account, Millis(time.Now())}, visArgs...)
	if len(f.Types) > 0 {
		where += " AND n.type IN (" + placeholders(len(f.Types)) + ")"
		args = append(args, stringArgs(f.Types)...)
	}
	if len(f.ExcludeTypes) > 0 {
		where += " AND n.type NOT IN (" + placeholders(len(f.ExcludeTypes)) + ")"
		args = append(args, stringArgs(f.ExcludeTypes)...)
	}
	if f.FromAccount != 0 {
		where += " AND n.from_account_id = ?"
		args = append(args, f.FromAccount)
	}
	bounds, boundArgs, tail := p.bounds("n.id")
	rows, err := db.reader.QueryContext(ctx, "SELECT "+notificationColumns+" FROM notifications n WHERE "+where+" AND "+bounds+tail,
		append(args, boundArgs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*Notification
	var cursors []ID
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, n)
		cursors = append(cursors, n.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	list, _ = finish(p, list, cursors)
	return list, nil
}

// Notification returns one of account's notifications.
func (db *DB) Notification(ctx context.Context, account, id ID) (*Notification, error) {
	return scanNotification(db.reader.QueryRowContext(ctx, "SELECT "+notificationColumns+
		" FROM notifications n WHERE n.id = ? AND n.account_id = ? AND n.dismissed_at IS NULL", id, account))
}

// DismissNotification hides one notification; it reports whether it was there.
func (tx *Tx) DismissNotification(account, id ID) (bool, error) {
	return tx.insertOnce("UPDATE notifications SET dismissed_at = ? WHERE id = ? AND account_id = ? AND dismissed_at IS NULL",
		Millis(time.Now()), id, account)
}

// ClearNotifications removes all of an account's notifications.
func (tx *Tx) ClearNotifications(account ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM notifications WHERE account_id = ?", account)
	return err
}
