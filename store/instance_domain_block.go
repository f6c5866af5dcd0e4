package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Instance domain block severities, in Mastodon's words.
const (
	SeveritySilence = "silence"
	SeveritySuspend = "suspend"
	SeverityNoop    = "noop"
)

// InstanceDomainBlock is an admin's block of a whole remote domain.
type InstanceDomainBlock struct {
	ID             ID // the row id: Mastodon's API names blocks by id
	Domain         string
	Severity       string
	RejectMedia    bool
	PublicComment  string
	PrivateComment string
	CreatedAt      time.Time
}

const instanceDomainBlockColumns = `rowid, domain, severity, reject_media, public_comment, private_comment, created_at`

func scanInstanceDomainBlock(row interface{ Scan(...any) error }) (*InstanceDomainBlock, error) {
	var b InstanceDomainBlock
	var created int64
	err := row.Scan(&b.ID, &b.Domain, &b.Severity, &b.RejectMedia, &b.PublicComment, &b.PrivateComment, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	b.CreatedAt = FromMillis(created)
	return &b, err
}

// UpsertInstanceDomainBlock creates the block of b.Domain or changes it;
// b.ID is set to its row id.
func (tx *Tx) UpsertInstanceDomainBlock(b *InstanceDomainBlock) error {
	return tx.QueryRowContext(tx.ctx, `INSERT INTO instance_domain_blocks
		(domain, severity, reject_media, public_comment, private_comment, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (domain) DO UPDATE SET severity = excluded.severity, reject_media = excluded.reject_media,
		public_comment = excluded.public_comment, private_comment = excluded.private_comment
		RETURNING rowid`, b.Domain, b.Severity, b.RejectMedia, b.PublicComment, b.PrivateComment, Millis(b.CreatedAt)).Scan(&b.ID)
}

// DeleteInstanceDomainBlock lifts a block; an unknown id is ErrNotFound.
func (tx *Tx) DeleteInstanceDomainBlock(id ID) error {
	res, err := tx.ExecContext(tx.ctx, "DELETE FROM instance_domain_blocks WHERE rowid = ?", id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// InstanceDomainBlock returns one block by id.
func (db *DB) InstanceDomainBlock(ctx context.Context, id ID) (*InstanceDomainBlock, error) {
	return scanInstanceDomainBlock(db.reader.QueryRowContext(ctx,
		"SELECT "+instanceDomainBlockColumns+" FROM instance_domain_blocks WHERE rowid = ?", id))
}

// InstanceDomainBlocks lists every block, by domain.
func (db *DB) InstanceDomainBlocks(ctx context.Context) ([]*InstanceDomainBlock, error) {
	rows, err := db.reader.QueryContext(ctx, "SELECT "+instanceDomainBlockColumns+" FROM instance_domain_blocks ORDER BY domain")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*InstanceDomainBlock
	for rows.Next() {
		b, err := scanInstanceDomainBlock(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
