package store

import (
	"context"
	"time"
)

// Trends are read from what this instance knows: its own users' posts and
// the remote posts that reached it. A thing trends when enough distinct
// accounts used it since a point in time; below the threshold the lists
// stay empty rather than promote one person's posts.

// TrendingTags lists hashtags used in public statuses since `since` by at
// least minAccounts distinct unsuspended accounts, most accounts first.
func (db *DB) TrendingTags(ctx context.Context, since time.Time, minAccounts, limit, offset int) ([]Tag, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT t.id, t.name FROM status_tags st
		JOIN statuses s ON s.id = st.status_id
		JOIN accounts a ON a.id = s.account_id AND a.suspended_at IS NULL AND a.silenced_at IS NULL
		JOIN tags t ON t.id = st.tag_id
		WHERE st.status_id >= ? AND s.visibility = 'public'
		GROUP BY t.id HAVING COUNT(DISTINCT s.account_id) >= ?
		ORDER BY COUNT(DISTINCT s.account_id) DESC, COUNT(*) DESC, t.id DESC LIMIT ? OFFSET ?`,
		MinIDAt(since), minAccounts, limit, offset)
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

// TrendingStatuses lists public statuses posted since `since` with at least
// minScore favourites and reblogs together, highest first, among those the
// viewer may see and has not silenced.
func (db *DB) TrendingStatuses(ctx context.Context, viewer ID, since time.Time, minScore, limit, offset int) ([]*Status, error) {
	vis, visArgs := VisibleTo(viewer)
	quiet, quietArgs := unsilenced(viewer)
	args := append(append([]any{MinIDAt(since), minScore}, visArgs...), quietArgs...)
	return queryStatuses(ctx, db.reader, "SELECT "+prefixed("s.", statusColumns)+` FROM statuses s
		WHERE s.id >= ? AND s.reblog_of_id IS NULL AND s.visibility = 'public'
		AND s.favourites_count + s.reblogs_count >= ?
		AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = s.account_id AND a.suspended_at IS NULL AND a.silenced_at IS NULL)
		AND `+vis+" AND "+quiet+`
		ORDER BY s.favourites_count + s.reblogs_count DESC, s.id DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
}

// LinkTrend is a link shared in public statuses: the preview card of its
// newest sharing (JSON, as stored on the status) and a day-by-day history.
type LinkTrend struct {
	Card    string
	History []TagDay
}

// TrendingLinks lists the links (by their cards' url) shared in public
// statuses since `since` by at least minAccounts distinct accounts.
func (db *DB) TrendingLinks(ctx context.Context, since time.Time, days, minAccounts, limit, offset int) ([]LinkTrend, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT MAX(s.id), json_extract(s.card, '$.url')
		FROM statuses s JOIN accounts a ON a.id = s.account_id AND a.suspended_at IS NULL AND a.silenced_at IS NULL
		WHERE s.id >= ? AND s.card != '' AND s.visibility = 'public' AND s.reblog_of_id IS NULL
		GROUP BY 2 HAVING COUNT(DISTINCT s.account_id) >= ?
		ORDER BY COUNT(DISTINCT s.account_id) DESC, MAX(s.id) DESC LIMIT ? OFFSET ?`,
		MinIDAt(since), minAccounts, limit, offset)
	if err != nil {
		return nil, err
	}
	var newest []ID
	var urls []string
	for rows.Next() {
		var id ID
		var url string
		if err := rows.Scan(&id, &url); err != nil {
			rows.Close()
			return nil, err
		}
		newest = append(newest, id)
		urls = append(urls, url)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]LinkTrend, len(urls))
	for i, url := range urls {
		if err := db.reader.QueryRowContext(ctx, "SELECT card FROM statuses WHERE id = ?", newest[i]).Scan(&out[i].Card); err != nil {
			return nil, err
		}
		h, err := db.linkHistory(ctx, url, days, time.Now())
		if err != nil {
			return nil, err
		}
		out[i].History = h
	}
	return out, nil
}

// linkHistory counts a link's public sharings per day, today first.
func (db *DB) linkHistory(ctx context.Context, url string, days int, now time.Time) ([]TagDay, error) {
	const dayMillis = 24 * 60 * 60 * 1000
	today := now.UTC().Truncate(24 * time.Hour)
	list := make([]TagDay, days)
	for i := range list {
		list[i].Day = today.AddDate(0, 0, -i)
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT (s.id >> 16) / ?, COUNT(*), COUNT(DISTINCT s.account_id)
		FROM statuses s WHERE s.id >= ? AND s.card != '' AND s.visibility = 'public' AND s.reblog_of_id IS NULL
		AND json_extract(s.card, '$.url') = ? GROUP BY 1`, dayMillis, MinIDAt(today.AddDate(0, 0, -(days-1))), url)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var day int64
		var d TagDay
		if err := rows.Scan(&day, &d.Uses, &d.Accounts); err != nil {
			return nil, err
		}
		if i := int(today.Sub(time.UnixMilli(day*dayMillis).UTC()) / (24 * time.Hour)); i >= 0 && i < days {
			list[i].Uses, list[i].Accounts = d.Uses, d.Accounts
		}
	}
	return list, rows.Err()
}

// SuggestedAccounts lists discoverable accounts that the accounts viewer
// follows follow (friends of friends), most such followers first, leaving
// out the viewer, whom they follow or asked to, and anyone blocked either
// way, muted, suspended or moved.
func (db *DB) SuggestedAccounts(ctx context.Context, viewer ID, limit int) ([]*Account, error) {
	return db.queryAccounts(ctx, "SELECT "+prefixed("a.", accountColumns)+` FROM follows f1
		JOIN follows f2 ON f2.account_id = f1.target_account_id
		JOIN accounts a ON a.id = f2.target_account_id
		WHERE f1.account_id = ? AND a.id != ? AND a.discoverable = 1 AND a.suspended_at IS NULL
		AND a.moved_to_id IS NULL AND a.actor_type != 'Application'
		AND NOT EXISTS (SELECT 1 FROM follows x WHERE x.account_id = ? AND x.target_account_id = a.id)
		AND NOT EXISTS (SELECT 1 FROM follow_requests x WHERE x.account_id = ? AND x.target_account_id = a.id)
		AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = ? AND b.target_account_id = a.id)
			OR (b.account_id = a.id AND b.target_account_id = ?))
		AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = ? AND m.target_account_id = a.id)
		AND NOT EXISTS (SELECT 1 FROM suggestion_dismissals d WHERE d.account_id = ? AND d.target_account_id = a.id)
		GROUP BY a.id ORDER BY COUNT(*) DESC, a.followers_count DESC, a.id DESC LIMIT ?`,
		viewer, viewer, viewer, viewer, viewer, viewer, viewer, viewer, limit)
}

// DismissSuggestion keeps target out of account's suggestions (idempotently).
func (tx *Tx) DismissSuggestion(account, target ID) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO suggestion_dismissals (account_id, target_account_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
		account, target)
	return err
}

// Directory lists discoverable accounts that posted at least once (an
// empty profile helps no one find people), local ones only if asked, by
// latest post (active) or newest account first (new).
func (db *DB) Directory(ctx context.Context, localOnly, newest bool, limit, offset int) ([]*Account, error) {
	where := `a.discoverable = 1 AND a.suspended_at IS NULL AND a.moved_to_id IS NULL
		AND a.actor_type != 'Application' AND a.memorial = 0 AND a.last_status_at IS NOT NULL`
	if localOnly {
		where += " AND a.domain = ''"
	}
	order := "a.last_status_at DESC, a.id DESC"
	if newest {
		order = "a.created_at DESC, a.id DESC"
	}
	return db.queryAccounts(ctx, "SELECT "+prefixed("a.", accountColumns)+" FROM accounts a WHERE "+where+
		" ORDER BY "+order+" LIMIT ? OFFSET ?", limit, offset)
}

func (db *DB) queryAccounts(ctx context.Context, query string, args ...any) ([]*Account, error) {
	rows, err := db.reader.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
