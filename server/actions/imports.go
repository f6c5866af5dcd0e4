package actions

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"roost/store"
)

// Import worker pacing: a row fetching from a domain spends one of its
// importPerDomain fetches a minute (like backfill); when a domain's are
// spent, or the store fails, the worker waits importRetry; an idle worker
// looks again every importIdle in case a wake-up was missed.
const (
	importPerDomain = 30
	importRetry     = 2 * time.Second
	importIdle      = time.Minute
	// importListed bounds the imports and failures the settings page shows.
	importListed   = 20
	maxImportFName = 200
)

// ImportArgs is an uploaded CSV file and the import form's choices.
type ImportArgs struct {
	Kind      string // one of ImportKinds
	Overwrite bool   // remove what the file does not list, as Mastodon's "overwrite" mode
	FileName  string
	Data      []byte
}

// CreateImport checks a CSV file in Mastodon's format and queues its rows;
// the import worker applies them one at a time.
func (a *Actions) CreateImport(ctx context.Context, viewer *store.Account, args ImportArgs) (*store.ImportJob, error) {
	if !slices.Contains(ImportKinds, args.Kind) {
		return nil, invalid("type", importUnknownKind)
	}
	rows, err := parseImport(args.Kind, args.Data)
	if err != nil {
		return nil, err
	}
	name := args.FileName
	if len(name) > maxImportFName {
		name = name[:maxImportFName]
	}
	name = strings.ToValidUTF8(name, "")
	job := &store.ImportJob{ID: a.DB.NewID(), AccountID: viewer.ID, Kind: args.Kind, Overwrite: args.Overwrite,
		FileName: name, CreatedAt: time.Now()}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		tx.AfterCommit(a.ImportWorker.Wake)
		return tx.InsertImportJob(job, rows)
	})
	return job, err
}

// ImportView is one import as the settings page shows it.
type ImportView struct {
	*store.ImportJob
	Failures []store.ImportRow // the first failed rows
}

// Imports lists the viewer's newest imports with their progress.
func (a *Actions) Imports(ctx context.Context, viewer *store.Account) ([]ImportView, error) {
	jobs, err := a.DB.ImportJobs(ctx, viewer.ID, importListed)
	if err != nil {
		return nil, err
	}
	out := make([]ImportView, len(jobs))
	for i, j := range jobs {
		out[i].ImportJob = j
		if j.Failed > 0 {
			if out[i].Failures, err = a.DB.ImportFailures(ctx, j.ID, importListed); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// RunImports applies queued import rows until ctx ends; the server runs it
// in a.ImportWorker. Its cursor is in the store, so after a restart it resumes
// at the first row not done.
func (a *Actions) RunImports(ctx context.Context) {
	for {
		wait, err := a.importStep(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			a.Log.Warn("import", "err", err)
			wait = importRetry
		}
		if wait == 0 {
			continue
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-a.ImportWorker.Woken():
		case <-timer.C:
		}
		timer.Stop()
	}
}

// importStep does the next piece of work: one job's overwrite clean-up or
// one row. It says how long to wait before the next step.
func (a *Actions) importStep(ctx context.Context) (time.Duration, error) {
	job, err := a.DB.NextImportJob(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return importIdle, nil
	}
	if err != nil {
		return 0, err
	}
	viewer, err := a.targetAccount(ctx, job.AccountID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return 0, err
	}
	if !job.Prepared {
		if viewer != nil && job.Overwrite {
			if err := a.overwriteImport(ctx, viewer, job); err != nil {
				return 0, err
			}
		}
		return 0, a.DB.Write(ctx, func(tx *store.Tx) error { return tx.PrepareImportJob(job.ID, time.Now()) })
	}
	row, err := a.DB.ImportRowAt(ctx, job.ID, job.Processed)
	if err != nil {
		return 0, err
	}
	reason := failureSuspended
	if viewer != nil {
		if domain := a.importDomain(job.Kind, row.Target); domain != "" && !a.importBudget.take("https://"+domain+"/") {
			return importRetry, nil
		}
		err := a.importRow(ctx, viewer, job.Kind, row)
		if ctx.Err() != nil {
			return 0, nil // stopping: the row stays due and is done again
		}
		reason = a.failureOf(err)
	}
	return 0, a.DB.Write(ctx, func(tx *store.Tx) error {
		return tx.FinishImportRow(job.ID, row.Position, reason, time.Now())
	})
}
