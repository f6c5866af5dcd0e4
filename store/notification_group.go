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
	if p.Limit <= 0 {
		p.Limit = 20
	}
	var groups []*NotificationGroup
	var err error
	if p.ascending() {
		groups, err = db.groupsAbove(ctx, account, f, p)
	} else {
		groups, err = db.groupsBelow(ctx, account, f, p)
	}
	if err != nil {
		return nil, err
	}
	return groups, db.loadGroupSamples(ctx, account, f, groups)
}

// groupWalkBatch is how many notifications groupsBelow reads at a time.
const groupWalkBatch = 200

// groupsBelow walks down from max_id (or the newest) in batches, taking
// each group where its newest notification is met, until it has a page.
// A group met there that has newer members above max_id was on an earlier
// page and is passed over.
func (db *DB) groupsBelow(ctx context.Context, account ID, f NotificationFilter, p Page) ([]*NotificationGroup, error) {
	where, args := f.where(account)
	query := "SELECT n.id, " + f.groupKey() + " FROM notifications n WHERE " + where
	if p.SinceID > 0 {
		query += " AND n.id > ?"
		args = append(args, p.SinceID)
	}
	seen := map[string]bool{}
	var out []*NotificationGroup
	for cursor := p.MaxID; len(out) < p.Limit; {
		q, a := query, append([]any{}, args...)
		if cursor > 0 {
			q += " AND n.id < ?"
			a = append(a, cursor)
		}
		rows, err := db.reader.QueryContext(ctx, q+" ORDER BY n.id DESC LIMIT ?", append(a, groupWalkBatch)...)
		if err != nil {
			return nil, err
		}
		var fresh []*NotificationGroup
		read := 0
		for rows.Next() {
			var g NotificationGroup
			if err := rows.Scan(&cursor, &g.Key); err != nil {
				rows.Close()
				return nil, err
			}
			read++
			if !seen[g.Key] {
				seen[g.Key] = true
				g.Newest = cursor
				fresh = append(fresh, &g)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if err := db.countGroups(ctx, account, f, fresh); err != nil {
			return nil, err
		}
		for _, g := range fresh {
			if (p.MaxID == 0 || g.Newest < p.MaxID) && len(out) < p.Limit {
				out = append(out, g)
			}
		}
		if read < groupWalkBatch {
			break
		}
	}
	return out, nil
}

// countGroups sets each group's size and oldest and newest members.
func (db *DB) countGroups(ctx context.Context, account ID, f NotificationFilter, groups []*NotificationGroup) error {
	byKey := map[string]*NotificationGroup{}
	var keys []any
	for _, g := range groups {
		if strings.HasPrefix(g.Key, "ungrouped-") {
			g.Count, g.Oldest = 1, g.Newest
			continue
		}
		byKey[g.Key] = g
		keys = append(keys, g.Key)
	}
	if len(keys) == 0 {
		return nil
	}
	// Every member of a stored group has the group's one type and status,
	// so a stored key that is grouped at all gathers all of its members,
	// and the status, seen through one of them, is seen through all.
	where, args := f.base(account)
	rows, err := db.reader.QueryContext(ctx, "SELECT n.group_key, COUNT(*), MIN(n.id), MAX(n.id) FROM notifications n INDEXED BY notifications_group WHERE "+where+
		" AND n.group_key IN ("+placeholders(len(keys))+") GROUP BY n.group_key", append(args, keys...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var n int
		var oldest, newest ID
		if err := rows.Scan(&key, &n, &oldest, &newest); err != nil {
			return err
		}
		if g := byKey[key]; g != nil {
			g.Count, g.Oldest, g.Newest = n, oldest, newest
		}
	}
	return rows.Err()
}

// groupsAbove is the page of groups whose newest members come just after
// min_id, found among the groups with a member above it.
func (db *DB) groupsAbove(ctx context.Context, account ID, f NotificationFilter, p Page) ([]*NotificationGroup, error) {
	where, args := f.where(account)
	key := f.groupKey()
	bounds, boundArgs, tail := p.bounds("MAX(n.id)")
	args = append(args, account, max(p.MinID, p.SinceID))
	rows, err := db.reader.QueryContext(ctx, "SELECT "+key+", COUNT(*), MIN(n.id), MAX(n.id) FROM notifications n WHERE "+where+
		" AND n.group_key IN (SELECT group_key FROM notifications WHERE account_id = ? AND id > ?) GROUP BY "+key+" HAVING "+bounds+tail,
		append(args, boundArgs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var groups []*NotificationGroup
	var cursors []ID
	for rows.Next() {
		var g NotificationGroup
		if err := rows.Scan(&g.Key, &g.Count, &g.Oldest, &g.Newest); err != nil {
			return nil, err
		}
		groups = append(groups, &g)
		cursors = append(cursors, g.Newest)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	groups, _ = finish(p, groups, cursors)
	return groups, nil
}

// loadGroupSamples fills each group's newest members, in one query of
// one short index walk per group.
func (db *DB) loadGroupSamples(ctx context.Context, account ID, f NotificationFilter, groups []*NotificationGroup) error {
	if len(groups) == 0 {
		return nil
	}
	where, args := f.base(account)
	byKey := make(map[string]*NotificationGroup, len(groups))
	parts := make([]string, 0, len(groups))
	var all []any
	for _, g := range groups {
		byKey[g.Key] = g
		match, matchArgs, index := groupMatch("n.", g.Key)
		parts = append(parts, "SELECT * FROM (SELECT "+notificationColumns+", ? AS k FROM notifications n"+index+" WHERE "+where+" AND "+match+
			" ORDER BY n.id DESC LIMIT ?)")
		all = append(append(append(append(all, g.Key), args...), matchArgs...), maxGroupSample)
	}
	rows, err := db.reader.QueryContext(ctx, "SELECT * FROM ("+strings.Join(parts, " UNION ALL ")+") ORDER BY id DESC", all...)
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
	match, matchArgs, index := groupMatch("n.", key)
	err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*), MIN(n.id), MAX(n.id) FROM notifications n"+index+" WHERE "+where+" AND "+match,
		append(args, matchArgs...)...).Scan(&g.Count, &oldest, &newest)
	if err != nil {
		return nil, err
	}
	if g.Count == 0 {
		return nil, ErrNotFound
	}
	g.Oldest, g.Newest = *oldest, *newest
	return &g, db.loadGroupSamples(ctx, account, f, []*NotificationGroup{&g})
}

// LatestNotificationGroupKey returns the key of the account's newest
// notification whose group key starts with prefix.
func (tx *Tx) LatestNotificationGroupKey(account ID, prefix string) (string, error) {
	var key string
	// prefix ends in '-', and '.' is the next character: the range is every
	// key that starts with prefix, read off notifications_group.
	err := tx.QueryRowContext(tx.ctx, `SELECT group_key FROM notifications INDEXED BY notifications_group
		WHERE account_id = ? AND group_key >= ? AND group_key < ? ORDER BY id DESC LIMIT 1`,
		account, prefix, strings.TrimSuffix(prefix, "-")+".").Scan(&key)
	return key, notFound(err)
}

// NotificationGroupAccounts lists who caused a group's notifications, newest first.
func (db *DB) NotificationGroupAccounts(ctx context.Context, account ID, key string) ([]ID, error) {
	var f NotificationFilter
	where, args := f.where(account)
	match, matchArgs, index := groupMatch("n.", key)
	return queryIDs(ctx, db.reader, "SELECT n.from_account_id FROM notifications n"+index+" WHERE "+where+
		" AND "+match+" GROUP BY n.from_account_id ORDER BY MAX(n.id) DESC", append(args, matchArgs...)...)
}

// DismissNotificationGroup hides every notification of one group.
func (tx *Tx) DismissNotificationGroup(account ID, key string) (bool, error) {
	match, matchArgs, _ := groupMatch("", key)
	return tx.insertOnce("UPDATE notifications SET dismissed_at = ? WHERE account_id = ? AND "+match+" AND dismissed_at IS NULL",
		append([]any{Millis(time.Now()), account}, matchArgs...)...)
}

// groupMatch is the condition selecting a group's notifications by key,
// and the index to read them by. "ungrouped-<id>" is the one notification
// with that id, whether stored so (a mention) or made so by a client's
// grouped_types.
func groupMatch(prefix, key string) (match string, args []any, index string) {
	if rest, ok := strings.CutPrefix(key, "ungrouped-"); ok {
		if id, ok := ParseID(rest); ok {
			return prefix + "id = ?", []any{id}, ""
		}
	}
	// Named, as without statistics SQLite prefers walking the account's
	// notifications newest first, which for a small group is most of them.
	return prefix + "group_key = ?", []any{key}, " INDEXED BY notifications_group"
}
