package store

import (
	"context"
	"time"
)

// Import kinds, named as Mastodon's import form names them.
const (
	ImportFollowing      = "following"
	ImportBlocking       = "blocking"
	ImportMuting         = "muting"
	ImportDomainBlocking = "domain_blocking"
	ImportBookmarks      = "bookmarks"
	ImportLists          = "lists"
)

// ImportJob is one uploaded CSV file being imported. Processed counts the
// rows done, in order: it is where the worker resumes.
type ImportJob struct {
	ID         ID
	AccountID  ID
	Kind       string
	Overwrite  bool
	FileName   string
	Total      int
	Processed  int
	Failed     int
	Prepared   bool
	CreatedAt  time.Time
	FinishedAt *time.Time
}

// ImportRow is one row of a job's file.
type ImportRow struct {
	Position          int
	Target            string // account address, domain or status URL
	ListName          string
	ShowReblogs       bool
	Notify            bool
	HideNotifications bool
	Languages         []string // a follow's languages; empty: all
	Error             string   // why the row failed; "" when it did not (or is not done)
}

const importJobColumns = "id, account_id, kind, overwrite, file_name, total, processed, failed, prepared, created_at, finished_at"

func scanImportJob(row scanner) (*ImportJob, error) {
	var j ImportJob
	var created int64
	var finished *int64
	if err := notFound(row.Scan(&j.ID, &j.AccountID, &j.Kind, &j.Overwrite, &j.FileName, &j.Total, &j.Processed,
		&j.Failed, &j.Prepared, &created, &finished)); err != nil {
		return nil, err
	}
	j.CreatedAt, j.FinishedAt = FromMillis(created), nullMillis(finished)
	return &j, nil
}

// InsertImportJob stores a job with all its rows.
func (tx *Tx) InsertImportJob(j *ImportJob, rows []ImportRow) error {
	j.Total = len(rows)
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO import_jobs ("+importJobColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		j.ID, j.AccountID, j.Kind, j.Overwrite, j.FileName, j.Total, j.Processed, j.Failed, j.Prepared,
		Millis(j.CreatedAt), optMillis(j.FinishedAt))
	if err != nil {
		return err
	}
	for i, r := range rows {
		_, err := tx.ExecContext(tx.ctx, `INSERT INTO import_rows (job_id, position, target, list_name, show_reblogs, notify, hide_notifications, languages)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, j.ID, i, r.Target, r.ListName, r.ShowReblogs, r.Notify, r.HideNotifications,
			JoinLanguages(r.Languages))
		if err != nil {
			return err
		}
	}
	return nil
}

// ImportJobs lists an account's imports, newest first.
func (db *DB) ImportJobs(ctx context.Context, account ID, limit int) ([]*ImportJob, error) {
	rows, err := db.reader.QueryContext(ctx, "SELECT "+importJobColumns+" FROM import_jobs WHERE account_id = ? ORDER BY id DESC LIMIT ?",
		account, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ImportJob
	for rows.Next() {
		j, err := scanImportJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// NextImportJob returns the oldest unfinished job, or ErrNotFound.
func (db *DB) NextImportJob(ctx context.Context) (*ImportJob, error) {
	return scanImportJob(db.reader.QueryRowContext(ctx, "SELECT "+importJobColumns+
		" FROM import_jobs WHERE finished_at IS NULL ORDER BY id LIMIT 1"))
}

const importRowColumns = "position, target, list_name, show_reblogs, notify, hide_notifications, languages, error"

func scanImportRow(row scanner) (*ImportRow, error) {
	var r ImportRow
	var languages string
	if err := notFound(row.Scan(&r.Position, &r.Target, &r.ListName, &r.ShowReblogs, &r.Notify, &r.HideNotifications, &languages, &r.Error)); err != nil {
		return nil, err
	}
	r.Languages = SplitLanguages(languages)
	return &r, nil
}

// ImportRowAt returns one row of a job.
func (db *DB) ImportRowAt(ctx context.Context, job ID, position int) (*ImportRow, error) {
	return scanImportRow(db.reader.QueryRowContext(ctx, "SELECT "+importRowColumns+
		" FROM import_rows WHERE job_id = ? AND position = ?", job, position))
}

// ImportRows returns every row of a job, in file order (the overwrite
// clean-up compares them with what the account has).
func (db *DB) ImportRows(ctx context.Context, job ID) ([]ImportRow, error) {
	return db.importRows(ctx, "SELECT "+importRowColumns+" FROM import_rows WHERE job_id = ? ORDER BY position", job)
}

// ImportFailures returns up to limit failed rows of a job.
func (db *DB) ImportFailures(ctx context.Context, job ID, limit int) ([]ImportRow, error) {
	return db.importRows(ctx, "SELECT "+importRowColumns+" FROM import_rows WHERE job_id = ? AND error != '' ORDER BY position LIMIT ?",
		job, limit)
}

func (db *DB) importRows(ctx context.Context, query string, args ...any) ([]ImportRow, error) {
	rows, err := db.reader.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ImportRow
	for rows.Next() {
		r, err := scanImportRow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// FinishImportRow records that a job's row at position is done (failed
// when reason is not ""), moves the cursor past it and, after the last
// row, marks the job finished. A row already done is left alone, so a
// row redone after a crash is not counted twice.
func (tx *Tx) FinishImportRow(job ID, position int, reason string, now time.Time) error {
	res, err := tx.ExecContext(tx.ctx, `UPDATE import_jobs SET processed = processed + 1, failed = failed + ?,
		finished_at = CASE WHEN processed + 1 >= total THEN ? ELSE NULL END
		WHERE id = ? AND processed = ?`, reason != "", Millis(now), job, position)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	_, err = tx.ExecContext(tx.ctx, "UPDATE import_rows SET error = ? WHERE job_id = ? AND position = ?", reason, job, position)
	return err
}

// PrepareImportJob marks a job's overwrite clean-up done, and finishes a
// job with no rows.
func (tx *Tx) PrepareImportJob(job ID, now time.Time) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE import_jobs SET prepared = 1,
		finished_at = CASE WHEN total = 0 THEN ? ELSE finished_at END WHERE id = ?`, Millis(now), job)
	return err
}

// BookmarkAddress is one of an account's bookmarks with the addresses an
// import file may name its status by.
type BookmarkAddress struct {
	StatusID ID
	URI, URL string
}

// BookmarkAddresses lists all of an account's bookmarks.
func (db *DB) BookmarkAddresses(ctx context.Context, account ID) ([]BookmarkAddress, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT s.id, s.uri, s.url FROM bookmarks b JOIN statuses s ON s.id = b.status_id
		WHERE b.account_id = ? ORDER BY b.id`, account)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BookmarkAddress
	for rows.Next() {
		var b BookmarkAddress
		if err := rows.Scan(&b.StatusID, &b.URI, &b.URL); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
