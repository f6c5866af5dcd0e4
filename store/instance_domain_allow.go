package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// InstanceDomainAllow is a remote domain an allowlist-mode instance
// federates with.
type InstanceDomainAllow struct {
	ID        ID // the row id: Mastodon's API names allows by id
	Domain    string
	CreatedAt time.Time
}

func scanInstanceDomainAllow(row interface{ Scan(...any) error }) (*InstanceDomainAllow, error) {
	var d InstanceDomainAllow
	var created int64
	err := row.Scan(&d.ID, &d.Domain, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	d.CreatedAt = FromMillis(created)
	return &d, err
}

// UpsertInstanceDomainAllow allows d.Domain (again); d.ID is set to its row id.
func (tx *Tx) UpsertInstanceDomainAllow(d *InstanceDomainAllow) error {
	return tx.QueryRowContext(tx.ctx, `INSERT INTO instance_domain_allows (domain, created_at) VALUES (?, ?)
		ON CONFLICT (domain) DO UPDATE SET domain = excluded.domain RETURNING rowid, created_at`,
		d.Domain, Millis(d.CreatedAt)).Scan(&d.ID, new(int64))
}

// DeleteInstanceDomainAllow removes an allow; an unknown id is ErrNotFound.
func (tx *Tx) DeleteInstanceDomainAllow(id ID) error {
	return affectOne(tx.ExecContext(tx.ctx, "DELETE FROM instance_domain_allows WHERE rowid = ?", id))
}

// InstanceDomainAllow returns one allow by id.
func (db *DB) InstanceDomainAllow(ctx context.Context, id ID) (*InstanceDomainAllow, error) {
	return scanInstanceDomainAllow(db.reader.QueryRowContext(ctx,
		"SELECT rowid, domain, created_at FROM instance_domain_allows WHERE rowid = ?", id))
}

// InstanceDomainAllows lists every allowed domain, by domain.
func (db *DB) InstanceDomainAllows(ctx context.Context) ([]*InstanceDomainAllow, error) {
	rows, err := db.reader.QueryContext(ctx, "SELECT rowid, domain, created_at FROM instance_domain_allows ORDER BY domain")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*InstanceDomainAllow
	for rows.Next() {
		d, err := scanInstanceDomainAllow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// onDomain is the SQL test that the column col names domain ?1 or one of
// its subdomains: a block or allow of example.org covers social.example.org.
func onDomain(col string) string {
	return "(" + col + " = ?1 OR " + col + " LIKE '%.' || ?1)"
}

// DomainRefused reports whether federation with a remote domain is off: the
// admins suspended it, or the instance federates only with allowed domains
// (allowlist) and this one is not among them. Nothing is fetched from or
// delivered to a refused domain, and its activities are not taken in.
func (db *DB) DomainRefused(ctx context.Context, domain string, allowlist bool) (bool, error) {
	domain = strings.ToLower(domain)
	var refused bool
	err := db.reader.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM instance_domain_blocks
			WHERE severity = 'suspend' AND (domain = ?1 OR ?1 LIKE '%.' || domain))
		OR ?2 AND NOT EXISTS (SELECT 1 FROM instance_domain_allows WHERE domain = ?1 OR ?1 LIKE '%.' || domain)`,
		domain, allowlist).Scan(&refused)
	return refused, err
}

// DomainRejectsMedia reports whether the admins blocked a domain's media
// (reject_media): its files are neither downloaded nor shown from here.
func (db *DB) DomainRejectsMedia(ctx context.Context, domain string) (bool, error) {
	var rejects bool
	err := db.reader.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM instance_domain_blocks
		WHERE reject_media = 1 AND (domain = ?1 OR ?1 LIKE '%.' || domain))`, strings.ToLower(domain)).Scan(&rejects)
	return rejects, err
}

// CutDomainFollows ends every follow and follow request, in both
// directions, between local accounts and accounts on domain (or its
// subdomains), as Mastodon does when a domain is suspended; counters and
// list memberships follow. Nothing is sent: the domain is not spoken to.
func (tx *Tx) CutDomainFollows(domain string) error {
	rows, err := tx.QueryContext(tx.ctx, `SELECT f.account_id, f.target_account_id FROM follows f
		JOIN accounts fa ON fa.id = f.account_id JOIN accounts ta ON ta.id = f.target_account_id
		WHERE fa.domain = '' AND `+onDomain("ta.domain")+` OR ta.domain = '' AND `+onDomain("fa.domain"),
		strings.ToLower(domain))
	if err != nil {
		return err
	}
	var pairs [][2]ID
	for rows.Next() {
		var p [2]ID
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			rows.Close()
			return err
		}
		pairs = append(pairs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range pairs {
		if _, err := tx.DeleteFollow(p[0], p[1]); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(tx.ctx, `DELETE FROM follow_requests WHERE id IN (SELECT r.id FROM follow_requests r
		JOIN accounts fa ON fa.id = r.account_id JOIN accounts ta ON ta.id = r.target_account_id
		WHERE fa.domain = '' AND `+onDomain("ta.domain")+` OR ta.domain = '' AND `+onDomain("fa.domain")+`)`,
		strings.ToLower(domain))
	return err
}

// DiscardDeliveriesTo drops the queued deliveries to host or its subdomains
// (a domain just suspended is not spoken to).
func (tx *Tx) DiscardDeliveriesTo(domain string) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM deliveries WHERE "+onDomain("host"), strings.ToLower(domain))
	return err
}

// RejectDomainMedia forgets the media of accounts on domain (or its
// subdomains), as Mastodon clears it when a block gains reject_media:
// their avatars and headers, the local copies of their attachments (which
// stay as links to their origin, of type unknown), and their custom emojis.
// It returns the files to delete once the change is committed.
func (tx *Tx) RejectDomainMedia(domain string) ([]string, error) {
	domain = strings.ToLower(domain)
	files, err := tx.mediaFiles(`SELECT m.file_path, m.thumbnail_path FROM media_attachments m
		JOIN accounts a ON a.id = m.account_id WHERE `+onDomain("a.domain")+` AND m.file_path != ''
		UNION ALL SELECT media_path, '' FROM custom_emojis WHERE `+onDomain("domain")+` AND media_path != ''`, domain)
	if err != nil {
		return nil, err
	}
	for _, q := range []string{
		`UPDATE media_attachments SET kind = 'unknown', file_path = '', thumbnail_path = ''
			WHERE account_id IN (SELECT id FROM accounts a WHERE ` + onDomain("a.domain") + `) AND remote_url != ''`,
		`UPDATE accounts SET avatar_remote_url = '', header_remote_url = '', avatar_media_id = NULL, header_media_id = NULL,
			emojis = '[]' WHERE ` + onDomain("domain"),
		`DELETE FROM custom_emojis WHERE ` + onDomain("domain"),
	} {
		if _, err := tx.ExecContext(tx.ctx, q, domain); err != nil {
			return nil, err
		}
	}
	return files, nil
}
