package store

import (
	"context"
	"time"
)

// MutedAccounts lists whom account mutes (live mutes only), newest first,
// cut on the mute's id.
func (db *DB) MutedAccounts(ctx context.Context, account ID, p Page) ([]*Account, []ID, error) {
	return db.accountPage(ctx, p, "m.id", "mutes m JOIN accounts a ON a.id = m.target_account_id",
		"m.account_id = ? AND (m.expires_at IS NULL OR m.expires_at > ?)", account, Millis(time.Now()))
}

// Mute is one live mute, as the settings page shows it.
type Mute struct {
	TargetAccountID   ID
	HideNotifications bool
	ExpiresAt         *time.Time
}

// MutesOf returns account's live mutes of the given targets, by target.
func (db *DB) MutesOf(ctx context.Context, account ID, targets []ID) (map[ID]*Mute, error) {
	out := map[ID]*Mute{}
	if len(targets) == 0 {
		return out, nil
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT target_account_id, hide_notifications, expires_at FROM mutes
		WHERE account_id = ? AND (expires_at IS NULL OR expires_at > ?) AND target_account_id IN (`+placeholders(len(targets))+")",
		append([]any{account, Millis(time.Now())}, idArgs(targets)...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m Mute
		var expires *int64
		if err := rows.Scan(&m.TargetAccountID, &m.HideNotifications, &expires); err != nil {
			return nil, err
		}
		m.ExpiresAt = nullMillis(expires)
		out[m.TargetAccountID] = &m
	}
	return out, rows.Err()
}

// BlockedAccounts lists whom account blocks, newest first, cut on the block's id.
func (db *DB) BlockedAccounts(ctx context.Context, account ID, p Page) ([]*Account, []ID, error) {
	return db.accountPage(ctx, p, "b.id", "blocks b JOIN accounts a ON a.id = b.target_account_id", "b.account_id = ?", account)
}

// InsertUserDomainBlock records that account blocks a whole domain.
func (tx *Tx) InsertUserDomainBlock(account ID, domain string) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO user_domain_blocks (account_id, domain, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		account, domain, Millis(time.Now()))
	return err
}

// DeleteUserDomainBlock lifts a domain block.
func (tx *Tx) DeleteUserDomainBlock(account ID, domain string) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM user_domain_blocks WHERE account_id = ? AND domain = ?", account, domain)
	return err
}

// FollowedOnDomain lists the accounts of a domain that account follows or
// asked to follow; FollowersOnDomain those of the domain following account.
func (tx *Tx) FollowedOnDomain(account ID, domain string) ([]ID, error) {
	return queryIDs(tx.ctx, tx, `SELECT f.target_account_id FROM follows f JOIN accounts a ON a.id = f.target_account_id
		WHERE f.account_id = ? AND a.domain = ?
		UNION SELECT r.target_account_id FROM follow_requests r JOIN accounts a ON a.id = r.target_account_id
		WHERE r.account_id = ? AND a.domain = ?`, account, domain, account, domain)
}

// FollowersOnDomain lists the accounts of a domain that follow account.
func (tx *Tx) FollowersOnDomain(account ID, domain string) ([]ID, error) {
	return queryIDs(tx.ctx, tx, `SELECT f.account_id FROM follows f JOIN accounts a ON a.id = f.account_id
		WHERE f.target_account_id = ? AND a.domain = ?
		UNION SELECT r.account_id FROM follow_requests r JOIN accounts a ON a.id = r.account_id
		WHERE r.target_account_id = ? AND a.domain = ?`, account, domain, account, domain)
}

// UserDomainBlocks lists the domains account blocks, newest first, cut on
// when each was blocked (in milliseconds: the table has no ids).
func (db *DB) UserDomainBlocks(ctx context.Context, account ID, p Page) ([]string, []ID, error) {
	bounds, boundArgs, tail := p.bounds("created_at")
	rows, err := db.reader.QueryContext(ctx, "SELECT domain, created_at FROM user_domain_blocks WHERE account_id = ? AND "+bounds+tail,
		append([]any{account}, boundArgs...)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var domains []string
	var cursors []ID
	for rows.Next() {
		var d string
		var created int64
		if err := rows.Scan(&d, &created); err != nil {
			return nil, nil, err
		}
		domains = append(domains, d)
		cursors = append(cursors, created)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	domains, cursors = finish(p, domains, cursors)
	return domains, cursors, nil
}
