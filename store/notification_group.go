package store

import (
	"context"
	"strings"
	"time"
)

// NotificationGroup is a run of notifications Mastodon 4.3 shows as one
// (favourites or reblogs of one status, follows), counted whole.
type NotificationGroup struct {
	Key    string
	Count  int
	Oldest ID
	Newest ID
	// Latest are the group's newest members, newest first, at most
	// maxGroupSample of them: the newest names the group's type and status,
	// all of them its sample accounts.
	Latest []*Notification
}

// maxGroupSample is how many members of each group are loaded.
const maxGroupSample = 8

// groupKey is the SQL expression a notification groups by: its stored key
// when its type is grouped, else a key of its own.
func (f NotificationFilter) groupKey() string {
	if f.GroupedTypes == nil {
		return "n.group_key"
	}
	types := make([]string, 0, len(f.GroupedTypes))
	for _, t := range f.GroupedTypes {
		types = append(types, "'"+strings.ReplaceAll(t, "'", "''")+"'")
	}
	if len(types) == 0 {
		return "('ungrouped-' || n.id)"
	}
	return "(CASE WHEN n.type IN (" + strings.Join(types, ",") + ") THEN n.group_key ELSE 'ungrouped-' || n.id END)"
}

// NotificationGroups pages through an account's notification groups by
// each group's newest member, so every group shows once, where its newest
// notification falls, with the count of all its members.
func (db *DB) NotificationGroups(ctx context.Context, account ID, f NotificationFilter, p Page) ([]*NotificationGroup, error) {
	where, args := f.where(account)
	key := f.groupKey()
	bounds, boundArgs, tail := p.bounds("MAX(n.id)")
	rows, err := db.reader.QueryContext(ctx, "SELECT "+key+", COUNT(*), MIN(n.id), MAX(n.id) FROM notifications n WHERE "+where+
		" GROUP BY "+key+" HAVING "+bounds+tail, append(args, boundArgs...)...)
	if err != nil {
		return nil, err
	}
	var groups []*NotificationGroup
	var cursors []ID
	for rows.Next() {
		var g NotificationGroup
		if err := rows.Scan(&g.Key, &g.Count, &g.Oldest, &g.Newest); err != nil {
			rows.Close()
			return nil, err
		}
		groups = append(groups, &g)
		cursors = append(cursors, g.Newest)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	groups, _ = finish(p, groups, cursors)
	return groups, db.loadGroupSamples(ctx, account, f, groups)
}

// loadGroupSamples fills each group's newest members in one query.
func (db *DB) loadGroupSamples(ctx context.Context, account ID, f NotificationFilter, groups []*NotificationGroup) error {
	if len(groups) == 0 {
		return nil
	}
	where, args := f.where(account)
	byKey := make(map[string]*NotificationGroup, len(groups))
	keys := make([]any, 0, len(groups))
	for _, g := range groups {
		byKey[g.Key] = g
		keys = append(keys, g.Key)
	}
	key := f.groupKey()
	query := "SELECT " + notificationColumns + ", k FROM (SELECT n.*, " + key + " AS k, ROW_NUMBER() OVER (PARTITION BY " + key +
		" ORDER BY n.id DESC) AS rn FROM notifications n WHERE " + where + " AND " + key + " IN (" + placeholders(len(keys)) +
		")) n WHERE rn <= ? ORDER BY n.id DESC"
	rows, err := db.reader.QueryContext(ctx, query, append(append(args, keys...), maxGroupSample)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		n, err := scanNotification(keyScanner{rows, &k})
		if err != nil {
			return err
		}
		if g := byKey[k]; g != nil {
			g.Latest = append(g.Latest, n)
		}
	}
	return rows.Err()
}

// keyScanner appends a group key to a row's scan targets.
type keyScanner struct {
	row scanner
	key *string
}

func (k keyScanner) Scan(dest ...any) error { return k.row.Scan(append(dest, k.key)...) }

// NotificationGroupByKey returns one of an account's notification groups.
func (db *DB) NotificationGroupByKey(ctx context.Context, account ID, key string) (*NotificationGroup, error) {
	var f NotificationFilter
	where, args := f.where(account)
	g := NotificationGroup{Key: key}
	var oldest, newest *ID
	match, matchArgs := groupMatch("n.", key)
	err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*), MIN(n.id), MAX(n.id) FROM notifications n WHERE "+where+" AND "+match,
		append(args, matchArgs...)...).Scan(&g.Count, &oldest, &newest)
	if err != nil {
		return nil, err
	}
	if g.Count == 0 {
		return nil, ErrNotFound
	}
	g.Oldest, g.Newest = *oldest, *newest
	// Sampled under the key the count used, whatever grouping made it.
	f.GroupedTypes = []string{}
	if !strings.HasPrefix(key, "ungrouped-") {
		f.GroupedTypes = nil
	}
	return &g, db.loadGroupSamples(ctx, account, f, []*NotificationGroup{&g})
}

// NotificationGroupAccounts lists who caused a group's notifications, newest first.
func (db *DB) NotificationGroupAccounts(ctx context.Context, account ID, key string) ([]ID, error) {
	var f NotificationFilter
	where, args := f.where(account)
	match, matchArgs := groupMatch("n.", key)
	return queryIDs(ctx, db.reader, "SELECT n.from_account_id FROM notifications n WHERE "+where+
		" AND "+match+" GROUP BY n.from_account_id ORDER BY MAX(n.id) DESC", append(args, matchArgs...)...)
}

// DismissNotificationGroup hides every notification of one group.
func (tx *Tx) DismissNotificationGroup(account ID, key string) (bool, error) {
	match, matchArgs := groupMatch("", key)
	return tx.insertOnce("UPDATE notifications SET dismissed_at = ? WHERE account_id = ? AND "+match+" AND dismissed_at IS NULL",
		append([]any{Millis(time.Now()), account}, matchArgs...)...)
}

// groupMatch is the condition selecting a group's notifications by key;
// "ungrouped-<id>" also names a lone notification of a type the client
// asked not to group (grouped_types).
func groupMatch(prefix, key string) (string, []any) {
	if id, ok := ParseID(strings.TrimPrefix(key, "ungrouped-")); ok && strings.HasPrefix(key, "ungrouped-") {
		return "(" + prefix + "group_key = ? OR " + prefix + "id = ?)", []any{key, id}
	}
	return prefix + "group_key = ?", []any{key}
}
