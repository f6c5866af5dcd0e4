package store

import (
	"context"
	"time"
)

// statusPage runs one paginated status query: from names the tables (statuses
// aliased s), where filters them, cursor is the column the page is cut on.
// Every list of statuses goes through here, with the visibility rule added.
func (db *DB) statusPage(ctx context.Context, viewer ID, p Page, cursor, from, where string, args ...any) ([]*Status, []ID, error) {
	vis, visArgs := VisibleTo(viewer)
	bounds, boundArgs, tail := p.bounds(cursor)
	query := "SELECT " + prefixed("s.", statusColumns) + ", " + cursor + " FROM " + from +
		" WHERE " + where + " AND " + vis + " AND " + bounds + tail
	all := append(append(append([]any{}, args...), visArgs...), boundArgs...)
	rows, err := db.reader.QueryContext(ctx, query, all...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var list []*Status
	var cursors []ID
	for rows.Next() {
		var c ID
		s, err := scanStatusAnd(rows, &c)
		if err != nil {
			return nil, nil, err
		}
		list = append(list, s)
		cursors = append(cursors, c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	list, cursors = finish(p, list, cursors)
	return list, cursors, nil
}

// unsilenced drops statuses (and reblogs of statuses) by accounts the
// viewer blocks or mutes (while the mute lasts: an expired mute stops
// applying without a job to remove it), or whose domain the viewer blocks.
func unsilenced(viewer ID) (string, []any) {
	if viewer == 0 {
		return "1", nil
	}
	authors := "(s.account_id, (SELECT uo.account_id FROM statuses uo WHERE uo.id = s.reblog_of_id))"
	return `NOT EXISTS (SELECT 1 FROM blocks ub WHERE ub.account_id = ? AND ub.target_account_id IN ` + authors + `)
		AND NOT EXISTS (SELECT 1 FROM mutes um WHERE um.account_id = ? AND um.target_account_id IN ` + authors + `
			AND (um.expires_at IS NULL OR um.expires_at > ?))
		AND NOT EXISTS (SELECT 1 FROM user_domain_blocks ud JOIN accounts ua ON ua.domain = ud.domain
			WHERE ud.account_id = ? AND ua.id IN ` + authors + `)`,
		[]any{viewer, viewer, Millis(time.Now()), viewer}
}

// unlimited drops statuses by limited authors from public timelines: an
// account a moderator limited (silenced_at) or one on a domain the admins
// limited (an instance domain block of severity silence). The viewer's
// own follows still show: a limit hides from non-followers only.
func unlimited(viewer ID) (string, []any) {
	return `NOT EXISTS (SELECT 1 FROM accounts la WHERE la.id = s.account_id AND ` + limitedAccount + `
		AND NOT EXISTS (SELECT 1 FROM follows lf WHERE lf.account_id = ? AND lf.target_account_id = la.id))`, []any{viewer}
}

// limitedAccount holds for the account la when a moderator limited it
// (silenced_at) or the admins limited its domain or a parent domain.
const limitedAccount = `(la.silenced_at IS NOT NULL OR la.domain != '' AND EXISTS (SELECT 1 FROM instance_domain_blocks lb
	WHERE lb.severity = 'silence' AND (lb.domain = la.domain OR la.domain LIKE '%.' || lb.domain)))`

// AccountLimited reports whether an account is limited: see limitedAccount.
func (tx *Tx) AccountLimited(id ID) (bool, error) {
	return tx.exists("SELECT 1 FROM accounts la WHERE la.id = ? AND "+limitedAccount, id)
}

// homeWindow is how many of the newest statuses the dense home plan looks at.
const homeWindow = 2000

// HomeTimeline is the viewer's own statuses and those of the accounts it
// follows, computed at read time with one of two plans. Most statuses a
// small instance holds come from accounts its users follow, so the dense
// plan walks the newest homeWindow statuses by primary key and keeps the
// followed ones: a full page costs a few dozen rows. When that window
// yields less than a page, the viewer's follows are sparse, and the second
// plan gathers their statuses through the statuses_account index instead,
// which is cheap precisely because there are few.
func (db *DB) HomeTimeline(ctx context.Context, viewer ID, p Page) ([]*Status, error) {
	if p.Limit <= 0 {
		p.Limit = 20
	}
	wbounds, wargs := p.window("id")
	dense := "(SELECT * FROM statuses WHERE " + wbounds + ") s"
	member := "(s.account_id = ? OR EXISTS (SELECT 1 FROM follows hm WHERE hm.account_id = ? AND hm.target_account_id = s.account_id) OR " + followedTagged + ")"
	where, args := homeFilter(viewer)
	list, _, err := db.statusPage(ctx, viewer, p, "s.id", dense, member+" AND "+where, append(append(wargs, viewer, viewer, viewer), args...)...)
	if err != nil || len(list) == p.Limit {
		return list, err
	}
	sparse := "(s.account_id IN (SELECT target_account_id FROM follows WHERE account_id = ? UNION ALL SELECT ?)" +
		" OR (s.id IN (SELECT ts.status_id FROM followed_tags tf JOIN status_tags ts ON ts.tag_id = tf.tag_id WHERE tf.account_id = ?) AND " + followedTagged + "))"
	list, _, err = db.statusPage(ctx, viewer, p, "s.id", "statuses s", sparse+" AND "+where, append([]any{viewer, viewer, viewer, viewer}, args...)...)
	return list, err
}

// followedTagged holds for a public original status carrying a hashtag the
// viewer (its one argument) follows: those join home, as in Mastodon, but
// never a followers-only or unlisted one, nor a reblog.
const followedTagged = `(s.visibility = 'public' AND s.reblog_of_id IS NULL AND EXISTS (SELECT 1 FROM status_tags ht
	JOIN followed_tags hf ON hf.tag_id = ht.tag_id WHERE ht.status_id = s.id AND hf.account_id = ?))`

// homeFilter drops reblogs from follows with show_reblogs off, members of
// the viewer's exclusive lists, statuses in a language the viewer's follow
// of the author leaves out, and what the viewer blocks or mutes.
func homeFilter(viewer ID) (string, []any) {
	quiet, quietArgs := unsilenced(viewer)
	where := `(s.reblog_of_id IS NULL OR s.account_id = ? OR EXISTS (SELECT 1 FROM follows hf WHERE hf.account_id = ? AND hf.target_account_id = s.account_id AND hf.show_reblogs = 1))
		AND (s.account_id = ? OR NOT ` + exclusiveMembers + `)
		AND NOT ` + languageUnwanted("?", "s.account_id", "s.language") + `
		AND ` + quiet
	return where, append([]any{viewer, viewer, viewer, viewer, viewer}, quietArgs...)
}

// PublicFilter narrows the public and tag timelines.
type PublicFilter struct {
	LocalOnly  bool
	RemoteOnly bool
	OnlyMedia  bool
}

func (f PublicFilter) where() string {
	w := "s.visibility = 'public' AND s.reblog_of_id IS NULL"
	if f.LocalOnly {
		w += " AND s.local = 1"
	}
	if f.RemoteOnly {
		w += " AND s.local = 0"
	}
	if f.OnlyMedia {
		w += " AND EXISTS (SELECT 1 FROM media_attachments ma WHERE ma.status_id = s.id)"
	}
	return w
}

// PublicTimeline lists public, non-reblog statuses.
func (db *DB) PublicTimeline(ctx context.Context, viewer ID, f PublicFilter, p Page) ([]*Status, error) {
	quiet, args := unsilenced(viewer)
	limited, more := unlimited(viewer)
	list, _, err := db.statusPage(ctx, viewer, p, "s.id", "statuses s", f.where()+" AND "+quiet+" AND "+limited,
		append(args, more...)...)
	return list, err
}

// TagTimeline lists public statuses carrying a tag.
func (db *DB) TagTimeline(ctx context.Context, viewer, tagID ID, f PublicFilter, p Page) ([]*Status, error) {
	quiet, args := unsilenced(viewer)
	limited, more := unlimited(viewer)
	list, _, err := db.statusPage(ctx, viewer, p, "s.id", "status_tags st JOIN statuses s ON s.id = st.status_id",
		"st.tag_id = ? AND "+f.where()+" AND "+quiet+" AND "+limited, append(append([]any{tagID}, args...), more...)...)
	return list, err
}

// AccountFilter narrows an account's statuses.
type AccountFilter struct {
	Pinned         bool
	OnlyMedia      bool
	ExcludeReplies bool
	ExcludeReblogs bool
	TagID          ID // 0: any
}

// AccountStatuses lists one account's statuses as viewer may see them.
func (db *DB) AccountStatuses(ctx context.Context, viewer, account ID, f AccountFilter, p Page) ([]*Status, error) {
	from, where, args := "statuses s", "s.account_id = ?", []any{account}
	if f.Pinned {
		from = "pins pn JOIN statuses s ON s.id = pn.status_id"
		where = "pn.account_id = ? AND s.account_id = pn.account_id"
	}
	if f.OnlyMedia {
		where += " AND EXISTS (SELECT 1 FROM media_attachments ma WHERE ma.status_id = s.id)"
	}
	if f.ExcludeReplies {
		where += " AND (s.in_reply_to_id IS NULL OR s.in_reply_to_account_id = s.account_id)"
	}
	if f.ExcludeReblogs {
		where += " AND s.reblog_of_id IS NULL"
	}
	if f.TagID != 0 {
		where += " AND EXISTS (SELECT 1 FROM status_tags at WHERE at.tag_id = ? AND at.status_id = s.id)"
		args = append(args, f.TagID)
	}
	list, _, err := db.statusPage(ctx, viewer, p, "s.id", from, where, args...)
	return list, err
}

// FavouritedStatuses lists what account favourited, cut on the favourite's id.
func (db *DB) FavouritedStatuses(ctx context.Context, account ID, p Page) ([]*Status, []ID, error) {
	return db.statusPage(ctx, account, p, "fv.id", "favourites fv JOIN statuses s ON s.id = fv.status_id", "fv.account_id = ?", account)
}

// BookmarkedStatuses lists what account bookmarked, cut on the bookmark's id.
func (db *DB) BookmarkedStatuses(ctx context.Context, account ID, p Page) ([]*Status, []ID, error) {
	return db.statusPage(ctx, account, p, "bm.id", "bookmarks bm JOIN statuses s ON s.id = bm.status_id", "bm.account_id = ?", account)
}

// maxThread bounds how far a context walks, so a huge thread cannot stall a board.
const maxThread = 4096

// Ancestors lists the statuses a status replies to, oldest first, as viewer may see them.
func (db *DB) Ancestors(ctx context.Context, viewer ID, s *Status) ([]*Status, error) {
	if s.InReplyToID == nil {
		return nil, nil
	}
	return db.thread(ctx, viewer, `WITH RECURSIVE up(id, depth) AS (SELECT ?, 0 UNION ALL
		SELECT st.in_reply_to_id, up.depth + 1 FROM statuses st JOIN up ON st.id = up.id
		WHERE st.in_reply_to_id IS NOT NULL AND up.depth < ?) `, *s.InReplyToID, "up")
}

// Descendants lists the replies to a status, depth first by id, as viewer may see them.
func (db *DB) Descendants(ctx context.Context, viewer ID, s *Status) ([]*Status, error) {
	return db.thread(ctx, viewer, `WITH RECURSIVE down(id, depth) AS (SELECT id, 0 FROM statuses WHERE in_reply_to_id = ? UNION ALL
		SELECT st.id, down.depth + 1 FROM statuses st JOIN down ON st.in_reply_to_id = down.id WHERE down.depth < ?) `, s.ID, "down")
}

func (db *DB) thread(ctx context.Context, viewer ID, with string, start ID, cte string) ([]*Status, error) {
	vis, visArgs := VisibleTo(viewer)
	quiet, quietArgs := unsilenced(viewer)
	query := with + "SELECT " + prefixed("s.", statusColumns) + " FROM statuses s WHERE s.id IN (SELECT id FROM " + cte + " LIMIT ?) AND " +
		vis + " AND " + quiet + " ORDER BY s.id"
	args := append(append([]any{start, maxThread, maxThread}, visArgs...), quietArgs...)
	return queryStatuses(ctx, db.reader, query, args...)
}

// cardURL is the URL of a status's preview card, written exactly as the
// statuses_card_url index is so that queries on it use the index.
const cardURL = "json_extract(s.card, '$.url')"

// LinkTimeline lists the public statuses whose preview card is for url,
// under the public timeline's rules.
func (db *DB) LinkTimeline(ctx context.Context, viewer ID, url string, f PublicFilter, p Page) ([]*Status, error) {
	quiet, args := unsilenced(viewer)
	limited, more := unlimited(viewer)
	list, _, err := db.statusPage(ctx, viewer, p, "s.id", "statuses s",
		"s.card != '' AND "+cardURL+" = ? AND "+f.where()+" AND "+quiet+" AND "+limited, append(append([]any{url}, args...), more...)...)
	return list, err
}

// LinkShared reports whether a public status by an account in good
// standing carries a preview card for url: only then has the link a
// timeline. Statuses of other visibilities never count, so that the
// answer tells nothing about what was shared privately.
func (db *DB) LinkShared(ctx context.Context, url string) (bool, error) {
	var one int
	err := db.reader.QueryRowContext(ctx, `SELECT 1 FROM statuses s JOIN accounts a ON a.id = s.account_id
		WHERE s.card != '' AND `+cardURL+` = ? AND s.visibility = 'public' AND s.reblog_of_id IS NULL
		AND a.suspended_at IS NULL LIMIT 1`, url).Scan(&one)
	if notFound(err) == ErrNotFound {
		return false, nil
	}
	return err == nil, err
}
