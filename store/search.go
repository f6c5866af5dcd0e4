package store

import (
	"context"
	"strings"
)

// likePrefix is a LIKE pattern matching strings that start with q.
func likePrefix(q string) string { return escapeLike(q) + "%" }

func escapeLike(q string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q)
}

// AccountSearch is a search for accounts by the start of their names.
type AccountSearch struct {
	Viewer ID     // 0: anonymous
	Prefix string // start of the username or display name
	Domain string // start of the domain, when the query named one ("" matches any)
	// LocalOnly keeps to this instance's accounts ("user@thishost").
	LocalOnly bool
	// Following keeps to accounts the viewer follows.
	Following     bool
	Limit, Offset int
}

// SearchAccounts finds unsuspended local and known remote accounts whose
// username or display name starts with the prefix, ignoring case; local
// ones and the most followed come first. Accounts the viewer blocks, or
// that block the viewer, are left out.
func (db *DB) SearchAccounts(ctx context.Context, q AccountSearch) ([]*Account, error) {
	like := likePrefix(q.Prefix)
	where := `a.suspended_at IS NULL AND a.actor_type != 'Application'
		AND (a.username LIKE ? ESCAPE '\' OR a.display_name LIKE ? ESCAPE '\')`
	args := []any{like, like}
	switch {
	case q.LocalOnly:
		where += " AND a.domain = ''"
	case q.Domain != "":
		where += ` AND a.domain LIKE ? ESCAPE '\'`
		args = append(args, likePrefix(strings.ToLower(q.Domain)))
	}
	if q.Viewer != 0 {
		where += ` AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = ? AND b.target_account_id = a.id)
			OR (b.account_id = a.id AND b.target_account_id = ?))`
		args = append(args, q.Viewer, q.Viewer)
	}
	if q.Following {
		where += " AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = ? AND f.target_account_id = a.id)"
		args = append(args, q.Viewer)
	}
	return db.queryAccounts(ctx, "SELECT "+prefixed("a.", accountColumns)+" FROM accounts a WHERE "+where+
		" ORDER BY a.domain != '', a.followers_count DESC, a.id LIMIT ? OFFSET ?", append(args, q.Limit, q.Offset)...)
}

// SearchTags finds hashtags whose name starts with prefix, ignoring case,
// shortest first.
func (db *DB) SearchTags(ctx context.Context, prefix string, limit, offset int) ([]Tag, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, name FROM tags WHERE name LIKE ? ESCAPE '\'
		ORDER BY length(name), name COLLATE NOCASE LIMIT ? OFFSET ?`, likePrefix(prefix), limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Tag
	for rows.Next() {
		var t Tag
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// StatusSearch is a search for statuses containing some text.
type StatusSearch struct {
	Viewer  ID
	Text    string
	Account ID // 0: any author
	Offset  int
}

// SearchStatuses finds statuses (not reblogs) whose text or content
// warning matches q through the full-text index, newest first. Like every
// list of statuses it only yields what the viewer may see (VisibleTo) and
// leaves out accounts the viewer blocks or mutes. Beyond that, as on
// Mastodon, a status is only found by someone other than its author if
// its author opted in (indexable) and it is public, or if the viewer was
// mentioned in it, favourited or bookmarked it.
func (db *DB) SearchStatuses(ctx context.Context, q StatusSearch, p Page) ([]*Status, error) {
	match := ftsQuery(q.Text)
	if match == "" {
		return nil, nil
	}
	quiet, quietArgs := unsilenced(q.Viewer)
	where := `s.reblog_of_id IS NULL AND s.id IN (SELECT rowid FROM status_fts WHERE status_fts MATCH ?)
		AND ` + quiet + ` AND (
			(s.visibility = 'public' AND EXISTS (SELECT 1 FROM accounts ia WHERE ia.id = s.account_id AND ia.indexable = 1))
			OR s.account_id = ?
			OR EXISTS (SELECT 1 FROM mentions im WHERE im.status_id = s.id AND im.account_id = ?)
			OR EXISTS (SELECT 1 FROM favourites iff WHERE iff.status_id = s.id AND iff.account_id = ?)
			OR EXISTS (SELECT 1 FROM bookmarks ib WHERE ib.status_id = s.id AND ib.account_id = ?))`
	args := append(append([]any{match}, quietArgs...), q.Viewer, q.Viewer, q.Viewer, q.Viewer)
	if q.Account != 0 {
		where += " AND s.account_id = ?"
		args = append(args, q.Account)
	}
	p.Offset = q.Offset
	list, _, err := db.statusPage(ctx, q.Viewer, p, "s.id", "statuses s", where, args...)
	return list, err
}
