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
	// Filtered is set when the recipient's policy held it back: it waits
	// in a notification request, out of the normal lists.
	Filtered bool
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
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO notifications (id, account_id, from_account_id, type, status_id, group_key, created_at, filtered)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, n.ID, n.AccountID, n.FromAccountID, n.Type, n.StatusID, n.GroupKey, Millis(n.CreatedAt), n.Filtered)
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
	// GroupedTypes are the types folded into groups (nil: every type that
	// has a group key); others stand alone. Only grouped lists use it.
	GroupedTypes []string
	// IncludeFiltered adds the notifications held in requests.
	IncludeFiltered bool
}

// where is the condition on notifications n that the account may list:
// undismissed, not from accounts it has since blocked, muted with their
// notifications or whose domain it blocks, about statuses it may still
// see, narrowed by the filter.
func (f NotificationFilter) where(account ID) (string, []any) {
	where, args := f.base(account)
	vis, visArgs := VisibleTo(account)
	return where + " AND (n.status_id IS NULL OR EXISTS (SELECT 1 FROM statuses s WHERE s.id = n.status_id AND " + vis + "))",
		append(args, visArgs...)
}

// base is where without the status visibility: enough inside a group
// already found through where, since all its members are about one status.
func (f NotificationFilter) base(account ID) (string, []any) {
	where := `n.account_id = ? AND n.dismissed_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM blocks nb WHERE nb.account_id = n.account_id AND nb.target_account_id = n.from_account_id)
		AND NOT EXISTS (SELECT 1 FROM mutes nm WHERE nm.account_id = n.account_id AND nm.target_account_id = n.from_account_id
			AND nm.hide_notifications = 1 AND (nm.expires_at IS NULL OR nm.expires_at > ?))
		AND NOT EXISTS (SELECT 1 FROM user_domain_blocks nd JOIN accounts na ON na.domain = nd.domain
			WHERE nd.account_id = n.account_id AND na.id = n.from_account_id)`
	args := []any{account, Millis(time.Now())}
	if !f.IncludeFiltered {
		where += " AND n.filtered = 0"
	}
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
	return where, args
}

// Notifications lists an account's undismissed notifications about statuses
// it may still see; from accounts it has since blocked are left out.
func (db *DB) Notifications(ctx context.Context, account ID, f NotificationFilter, p Page) ([]*Notification, error) {
	where, args := f.where(account)
	bounds, boundArgs, tail := p.bounds("n.id")
	list, err := db.queryNotifications(ctx, "SELECT "+notificationColumns+" FROM notifications n WHERE "+where+" AND "+bounds+tail,
		append(args, boundArgs...)...)
	if err != nil {
		return nil, err
	}
	cursors := make([]ID, len(list))
	for i, n := range list {
		cursors[i] = n.ID
	}
	list, _ = finish(p, list, cursors)
	return list, nil
}

func (db *DB) queryNotifications(ctx context.Context, query string, args ...any) ([]*Notification, error) {
	rows, err := db.reader.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, n)
	}
	return list, rows.Err()
}

// UnreadNotificationCount counts an account's listable notifications newer
// than after (its notifications marker), up to limit. With grouped set it
// counts groups instead, as /api/v2/notifications/unread_count does.
func (db *DB) UnreadNotificationCount(ctx context.Context, account ID, f NotificationFilter, after ID, limit int, grouped bool) (int, error) {
	where, args := f.where(account)
	what := "n.id"
	if grouped {
		what = "DISTINCT " + f.groupKey()
	}
	var n int
	err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT "+what+" FROM notifications n WHERE "+where+
		" AND n.id > ? LIMIT ?)", append(args, after, limit)...).Scan(&n)
	return n, err
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
