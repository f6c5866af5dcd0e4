package store

import (
	"context"
	"strings"
)

// Data export kinds: a user's relationships and bookmarks, as Mastodon's
// CSV exports list them.
const (
	ExportFollowing     = "following"
	ExportFollowers     = "followers"
	ExportLists         = "lists"
	ExportMutes         = "mutes"
	ExportBlocks        = "blocks"
	ExportDomainBlocks  = "domain_blocks"
	ExportBookmarks     = "bookmarks"
	addressOfAccountSQL = "a.username || '@' || CASE a.domain WHEN '' THEN ?1 ELSE a.domain END"
)

// exportQueries select the columns of each export; ?1 is the instance's
// host, which makes a local account's address, ?2 the exporting account.
var exportQueries = map[string]string{
	ExportFollowing: `SELECT ` + addressOfAccountSQL + `, CASE f.show_reblogs WHEN 1 THEN 'true' ELSE 'false' END,
		CASE f.notify WHEN 1 THEN 'true' ELSE 'false' END, REPLACE(f.languages, ',', ', ')
		FROM follows f JOIN accounts a ON a.id = f.target_account_id WHERE f.account_id = ?2 ORDER BY f.id`,
	ExportFollowers: `SELECT ` + addressOfAccountSQL + `
		FROM follows f JOIN accounts a ON a.id = f.account_id WHERE f.target_account_id = ?2 ORDER BY f.id`,
	ExportLists: `SELECT l.title, ` + addressOfAccountSQL + `
		FROM lists l JOIN list_accounts la ON la.list_id = l.id JOIN accounts a ON a.id = la.account_id
		WHERE l.account_id = ?2 ORDER BY l.id, a.id`,
	ExportMutes: `SELECT ` + addressOfAccountSQL + `, CASE m.hide_notifications WHEN 1 THEN 'true' ELSE 'false' END
		FROM mutes m JOIN accounts a ON a.id = m.target_account_id WHERE m.account_id = ?2 ORDER BY m.id`,
	ExportBlocks: `SELECT ` + addressOfAccountSQL + `
		FROM blocks b JOIN accounts a ON a.id = b.target_account_id WHERE b.account_id = ?2 ORDER BY b.id`,
	ExportDomainBlocks: `SELECT domain FROM user_domain_blocks WHERE account_id = ?2 AND ?1 = ?1 ORDER BY domain`,
	ExportBookmarks: `SELECT CASE s.url WHEN '' THEN s.uri ELSE s.url END
		FROM bookmarks b JOIN statuses s ON s.id = b.status_id WHERE b.account_id = ?2 ORDER BY b.id`,
}

// ExportRows lists the rows of one export for account; host names the
// instance in local accounts' addresses. An unknown kind is ErrNotFound.
func (db *DB) ExportRows(ctx context.Context, kind string, account ID, host string) ([][]string, error) {
	q, ok := exportQueries[kind]
	if !ok {
		return nil, ErrNotFound
	}
	rows, err := db.reader.QueryContext(ctx, q, strings.ToLower(host), account)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]string
	for rows.Next() {
		row := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
