package store

import (
	"context"
	"time"
)

// List is one of an account's lists of followed accounts.
type List struct {
	ID            ID
	AccountID     ID
	Title         string
	RepliesPolicy string // followed, list or none
	Exclusive     bool   // members' statuses leave the home timeline
	CreatedAt     time.Time
}

const listColumns = "id, account_id, title, replies_policy, exclusive, created_at"

func scanList(row scanner) (*List, error) {
	var l List
	var created int64
	if err := row.Scan(&l.ID, &l.AccountID, &l.Title, &l.RepliesPolicy, &l.Exclusive, &created); err != nil {
		return nil, notFound(err)
	}
	l.CreatedAt = FromMillis(created)
	return &l, nil
}

func queryLists(ctx context.Context, q Querier, query string, args ...any) ([]*List, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*List
	for rows.Next() {
		l, err := scanList(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// InsertList stores a new list.
func (tx *Tx) InsertList(l *List) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO lists ("+listColumns+") VALUES (?, ?, ?, ?, ?, ?)",
		l.ID, l.AccountID, l.Title, l.RepliesPolicy, l.Exclusive, Millis(l.CreatedAt))
	return err
}

// UpdateList saves a list's title and options.
func (tx *Tx) UpdateList(l *List) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE lists SET title = ?, replies_policy = ?, exclusive = ? WHERE id = ?",
		l.Title, l.RepliesPolicy, l.Exclusive, l.ID)
	return err
}

// DeleteList removes a list and its memberships.
func (tx *Tx) DeleteList(id ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM lists WHERE id = ?", id)
	return err
}

// List returns one list of owner's; another's list is not found.
func (db *DB) List(ctx context.Context, owner, id ID) (*List, error) {
	return scanList(db.reader.QueryRowContext(ctx, "SELECT "+listColumns+" FROM lists WHERE id = ? AND account_id = ?", id, owner))
}

// Lists returns owner's lists by title.
func (db *DB) Lists(ctx context.Context, owner ID) ([]*List, error) {
	return queryLists(ctx, db.reader, "SELECT "+listColumns+" FROM lists WHERE account_id = ? ORDER BY title COLLATE NOCASE, id", owner)
}

// ListsWithMember returns owner's lists that hold member.
func (db *DB) ListsWithMember(ctx context.Context, owner, member ID) ([]*List, error) {
	return queryLists(ctx, db.reader, "SELECT "+listColumns+` FROM lists WHERE account_id = ?
		AND id IN (SELECT list_id FROM list_accounts WHERE account_id = ?) ORDER BY title COLLATE NOCASE, id`, owner, member)
}

// InsertListAccounts adds members to a list; present ones stay.
func (tx *Tx) InsertListAccounts(list ID, members []ID) error {
	for _, m := range members {
		if _, err := tx.ExecContext(tx.ctx, "INSERT INTO list_accounts (list_id, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING", list, m); err != nil {
			return err
		}
	}
	return nil
}

// DeleteListAccounts removes members from a list.
func (tx *Tx) DeleteListAccounts(list ID, members []ID) error {
	if len(members) == 0 {
		return nil
	}
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM list_accounts WHERE list_id = ? AND account_id IN ("+placeholders(len(members))+")",
		append([]any{list}, idArgs(members)...)...)
	return err
}

// removeFromLists takes target out of every list of owner's: a list holds
// only accounts its owner follows, as in Mastodon.
func (tx *Tx) removeFromLists(owner, target ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM list_accounts WHERE account_id = ? AND list_id IN (SELECT id FROM lists WHERE account_id = ?)",
		target, owner)
	return err
}

// ListMembers lists a list's accounts, cut on the account id (Mastodon's
// own cursor for this endpoint).
func (db *DB) ListMembers(ctx context.Context, list ID, p Page) ([]*Account, []ID, error) {
	return db.accountPage(ctx, p, "a.id", "list_accounts la JOIN accounts a ON a.id = la.account_id", "la.list_id = ?", list)
}

// ListTimeline is the statuses of a list's members that its owner may see,
// with replies kept by the list's replies policy: replies to the owner or
// oneself always; to list members ("list") or any followed account
// ("followed"); none else.
func (db *DB) ListTimeline(ctx context.Context, l *List, p Page) ([]*Status, error) {
	replies := "s.in_reply_to_account_id IS NULL OR s.in_reply_to_account_id IN (s.account_id, ?)"
	args := []any{l.ID, l.AccountID}
	switch l.RepliesPolicy {
	case "list":
		replies += " OR s.in_reply_to_account_id IN (SELECT account_id FROM list_accounts WHERE list_id = ?)"
		args = append(args, l.ID)
	case "followed":
		replies += " OR s.in_reply_to_account_id IN (SELECT target_account_id FROM follows WHERE account_id = ?)"
		args = append(args, l.AccountID)
	}
	quiet, quietArgs := unsilenced(l.AccountID)
	where := "s.account_id IN (SELECT account_id FROM list_accounts WHERE list_id = ?) AND (" + replies + ") AND " + quiet
	list, _, err := db.statusPage(ctx, l.AccountID, p, "s.id", "statuses s", where, append(args, quietArgs...)...)
	return list, err
}

// exclusiveMembers is the condition that s's author is on one of viewer's
// exclusive lists, whose members' statuses stay out of home.
const exclusiveMembers = `EXISTS (SELECT 1 FROM lists xl JOIN list_accounts xa ON xa.list_id = xl.id
	WHERE xl.account_id = ? AND xl.exclusive = 1 AND xa.account_id = s.account_id)`

// ClearList removes every member of a list.
func (tx *Tx) ClearList(id ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM list_accounts WHERE list_id = ?", id)
	return err
}
