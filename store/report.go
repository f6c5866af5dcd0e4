package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ReportRow is a report as the admin area lists it.
type ReportRow struct {
	Report
	AssignedToID  *ID
	ActionTakenAt *time.Time
}

const reportColumns = `id, account_id, target_account_id, status_ids, comment, category, forwarded, uri,
	assigned_to_id, action_taken_at, created_at, rule_ids`

func scanReport(row interface{ Scan(...any) error }) (*ReportRow, error) {
	var r ReportRow
	var statusIDs, ruleIDs string
	var assigned sql.Null[int64]
	var taken *int64
	var created int64
	err := row.Scan(&r.ID, &r.AccountID, &r.TargetAccountID, &statusIDs, &r.Comment, &r.Category, &r.Forwarded, &r.URI,
		&assigned, &taken, &created, &ruleIDs)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	jsonListInto(statusIDs, &r.StatusIDs)
	jsonListInto(ruleIDs, &r.RuleIDs)
	if assigned.Valid {
		id := ID(assigned.V)
		r.AssignedToID = &id
	}
	r.ActionTakenAt, r.CreatedAt = nullMillis(taken), FromMillis(created)
	return &r, nil
}

// Reports lists reports, newest first: the unresolved ones, or all.
func (db *DB) Reports(ctx context.Context, resolved bool) ([]*ReportRow, error) {
	where := "action_taken_at IS NULL"
	if resolved {
		where = "action_taken_at IS NOT NULL"
	}
	rows, err := db.reader.QueryContext(ctx, "SELECT "+reportColumns+" FROM reports WHERE "+where+" ORDER BY id DESC LIMIT 200")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ReportRow
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReportByID returns one report.
func (db *DB) ReportByID(ctx context.Context, id ID) (*ReportRow, error) {
	return scanReport(db.reader.QueryRowContext(ctx, "SELECT "+reportColumns+" FROM reports WHERE id = ?", id))
}

// AssignReport gives a report to a moderator (nil: to nobody).
func (tx *Tx) AssignReport(id ID, to *ID) error {
	return affectOne(tx.ExecContext(tx.ctx, "UPDATE reports SET assigned_to_id = ? WHERE id = ?", to, id))
}

// ResolveReport marks a report handled (nil reopens it).
func (tx *Tx) ResolveReport(id ID, at *time.Time) error {
	return affectOne(tx.ExecContext(tx.ctx, "UPDATE reports SET action_taken_at = ? WHERE id = ?", optMillis(at), id))
}

// SetAccountSilenced limits (or, with nil, unlimits) an account.
func (tx *Tx) SetAccountSilenced(id ID, t *time.Time) error {
	return affectOne(tx.ExecContext(tx.ctx, "UPDATE accounts SET silenced_at = ?, updated_at = ? WHERE id = ?",
		optMillis(t), Millis(time.Now()), id))
}

// affectOne turns an update that touched no row into ErrNotFound.
func affectOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeletePendingAccount removes a local account whose user was never
// approved (a rejected sign-up), with its user (by cascade). An approved
// one is ErrNotFound: people who posted are suspended, not erased here.
func (tx *Tx) DeletePendingAccount(account ID) error {
	return affectOne(tx.ExecContext(tx.ctx, `DELETE FROM accounts WHERE id = ? AND domain = ''
		AND EXISTS (SELECT 1 FROM users WHERE account_id = ? AND approved_at IS NULL)`, account, account))
}
