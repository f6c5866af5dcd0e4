package store

import (
	"context"
)

// StatusAudience is who may be shown a status in real time: the local
// accounts whose home timeline holds it, the local accounts it mentions,
// and the lists it belongs on. It is an upper bound; the visibility rule
// still runs per viewer.
type StatusAudience struct {
	Home      []ID
	Mentioned []ID
	Lists     []ID
	HasMedia  bool
}

// StatusAudience gathers s's real-time audience inside a transaction, the
// same way the home timeline query picks statuses: the author, and local
// followers (for a reblog, those who show the author's reblogs).
func (tx *Tx) StatusAudience(s *Status) (*StatusAudience, error) {
	reblogClause := ""
	if s.ReblogOfID != nil {
		reblogClause = " AND f.show_reblogs = 1"
	}
	// A public original status reaches the homes of those following one
	// of its hashtags (the home timeline's followedTagged rule).
	tagged := ` UNION SELECT ft.account_id FROM followed_tags ft JOIN status_tags st ON st.tag_id = ft.tag_id
		JOIN accounts a ON a.id = ft.account_id WHERE ?4 AND st.status_id = ?3 AND a.domain = ''
		AND NOT ` + languageUnwanted("ft.account_id", "?2", "?5")
	home, err := queryIDs(tx.ctx, tx, `SELECT a.id FROM accounts a WHERE a.id = ?1 AND a.domain = ''
		UNION SELECT f.account_id FROM follows f JOIN accounts a ON a.id = f.account_id
		WHERE f.target_account_id = ?2 AND a.domain = ''
		AND NOT `+languageUnwanted("f.account_id", "?2", "?5")+`
		AND NOT EXISTS (SELECT 1 FROM lists xl JOIN list_accounts xa ON xa.list_id = xl.id
			WHERE xl.account_id = f.account_id AND xl.exclusive = 1 AND xa.account_id = f.target_account_id)`+reblogClause+tagged, s.AccountID, s.AccountID, s.ID,
		s.Visibility == VisibilityPublic && s.ReblogOfID == nil, s.Language)
	if err != nil {
		return nil, err
	}
	mentioned, err := queryIDs(tx.ctx, tx, `SELECT m.account_id FROM mentions m JOIN accounts a ON a.id = m.account_id
		WHERE m.status_id = ? AND a.domain = ''`, s.ID)
	if err != nil {
		return nil, err
	}
	// A reply to someone else goes on a list only as the list timeline
	// would show it (ListTimeline's replies policy).
	var repliedTo ID
	if s.InReplyToAccountID != nil && *s.InReplyToAccountID != s.AccountID {
		repliedTo = *s.InReplyToAccountID
	}
	lists, err := queryIDs(tx.ctx, tx, `SELECT la.list_id FROM list_accounts la JOIN lists l ON l.id = la.list_id
		WHERE la.account_id = ? AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = l.account_id AND f.target_account_id = ?)
		AND (?3 = 0 OR ?3 = l.account_id
			OR (l.replies_policy = 'list' AND EXISTS (SELECT 1 FROM list_accounts lr WHERE lr.list_id = l.id AND lr.account_id = ?3))
			OR (l.replies_policy = 'followed' AND EXISTS (SELECT 1 FROM follows lf WHERE lf.account_id = l.account_id AND lf.target_account_id = ?3)))`,
		s.AccountID, s.AccountID, repliedTo)
	if err != nil {
		return nil, err
	}
	aud := &StatusAudience{Home: home, Mentioned: mentioned, Lists: lists}
	aud.HasMedia, err = tx.exists("SELECT 1 FROM media_attachments WHERE status_id = ? LIMIT 1", s.ID)
	return aud, err
}

// ListOwner returns the account that owns a list.
func (db *DB) ListOwner(ctx context.Context, list ID) (ID, error) {
	var owner ID
	err := db.reader.QueryRowContext(ctx, "SELECT account_id FROM lists WHERE id = ?", list).Scan(&owner)
	return owner, notFound(err)
}
