package store

import (
	"context"
	"time"
)

// StatusesByURIs returns the known statuses among uris, by uri.
func (db *DB) StatusesByURIs(ctx context.Context, uris []string) (map[string]*Status, error) {
	out := make(map[string]*Status, len(uris))
	if len(uris) == 0 {
		return out, nil
	}
	args := make([]any, len(uris))
	for i, u := range uris {
		args[i] = u
	}
	list, err := queryStatuses(ctx, db.reader, "SELECT "+statusColumns+" FROM statuses WHERE uri IN ("+placeholders(len(uris))+")", args...)
	for _, s := range list {
		out[s.URI] = s
	}
	return out, err
}

// QuoteFacts are what hides a quoted post from a viewer who could
// otherwise see it: the viewer blocks or mutes its author, or blocks the
// author's domain.
type QuoteFacts struct {
	Blocking      bool
	Muting        bool
	DomainBlocked bool
}

// QuoteFacts gathers the facts in one query.
func (db *DB) QuoteFacts(ctx context.Context, viewer, author ID) (QuoteFacts, error) {
	var f QuoteFacts
	err := db.reader.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM blocks WHERE account_id = ?1 AND target_account_id = ?2),
		EXISTS (SELECT 1 FROM mutes WHERE account_id = ?1 AND target_account_id = ?2 AND (expires_at IS NULL OR expires_at > ?3)),
		EXISTS (SELECT 1 FROM user_domain_blocks d JOIN accounts a ON a.id = ?2 WHERE d.account_id = ?1 AND d.domain = a.domain AND a.domain != '')`,
		viewer, author, Millis(time.Now())).Scan(&f.Blocking, &f.Muting, &f.DomainBlocked)
	return f, err
}
