// Package store is Roost's only home for SQL: it opens the SQLite database,
// migrates it, and holds one file per entity with its type and queries.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// ErrNotFound is returned by getters when no row matches.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a unique constraint refuses a write.
var ErrConflict = errors.New("conflict")

// Config tunes the database connection.
type Config struct {
	// Readers is the size of the read-only connection pool; 0 means one
	// per core, 2 to 4 (reads are CPU-bound in SQLite, so more only cost
	// memory: each connection has its own page cache).
	Readers int `toml:"readers"`
	// CacheKiB is SQLite's page cache per connection, in KiB.
	CacheKiB int `toml:"cache_kib"`
	// BackupBeforeMigrate writes a VACUUM INTO copy before applying migrations to an existing database.
	BackupBeforeMigrate bool `toml:"backup_before_migrate"`
}

// Default returns the configuration fitted to a small board. The page
// cache is per connection: 1 MiB each keeps SQLite's share of the 40 MB
// budget (issue 3, tests/load) small, while reads past it come from the
// kernel's file cache.
func Default() Config {
	return Config{Readers: 0, CacheKiB: 1024, BackupBeforeMigrate: true}
}

// readers is the reader pool size Readers asks for.
func (c Config) readers() int {
	if c.Readers == 0 {
		return min(max(runtime.NumCPU(), 2), 4)
	}
	return c.Readers
}

// Validate names the first bad key.
func (c Config) Validate() error {
	if c.Readers < 0 || c.Readers > 64 {
		return fmt.Errorf("store.readers: must be between 0 (one per core) and 64, got %d", c.Readers)
	}
	if c.CacheKiB < 0 {
		return fmt.Errorf("store.cache_kib: must not be negative, got %d", c.CacheKiB)
	}
	return nil
}

// DB is the Roost database: one writer connection so that concurrent writers
// queue in Go instead of failing with SQLITE_BUSY, and a pool of readers that
// WAL lets run beside the writer.
type DB struct {
	path   string
	writer *sql.DB
	reader *readPool
	// writeMu serialises write transactions; the writer pool has one
	// connection, but holding the mutex keeps the wait out of SQLite.
	writeMu sync.Mutex
	ids     *IDGen
}

// NewID returns a fresh time-sortable id.
func (db *DB) NewID() ID { return db.ids.New() }

// IDAt returns an id that sorts at time t (for remote objects' published dates).
func (db *DB) IDAt(t time.Time) ID { return db.ids.At(t) }

// FileName is the database file inside the data folder.
const FileName = "roost.db"

func dsn(path string, cacheKiB int, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", cacheKiB))
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database in dataDir and migrates it.
// progress receives one line per migration step; it may be nil.
func Open(ctx context.Context, dataDir string, cfg Config, progress func(string)) (*DB, error) {
	if progress == nil {
		progress = func(string) {}
	}
	path := filepath.Join(dataDir, FileName)
	writer, err := sql.Open("sqlite", dsn(path, cfg.CacheKiB, false))
	if err != nil {
		return nil, err
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{path: path, writer: writer, ids: NewIDGen()}
	if err := db.migrate(ctx, cfg, progress); err != nil {
		writer.Close()
		return nil, err
	}
	reader, err := sql.Open("sqlite", dsn(path, cfg.CacheKiB, true))
	if err != nil {
		writer.Close()
		return nil, err
	}
	reader.SetMaxOpenConns(cfg.readers())
	reader.SetMaxIdleConns(cfg.readers())
	db.reader = newReadPool(reader)
	return db, nil
}

// ShrinkMemory asks SQLite to give back the writer's page cache. Start-up
// (migrations, the first queries) fills it; on a small board the idle
// footprint matters more than a warm cache for the next write.
func (db *DB) ShrinkMemory(ctx context.Context) error {
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	_, err := db.writer.ExecContext(ctx, "PRAGMA shrink_memory")
	return err
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes both pools, checkpointing the WAL.
func (db *DB) Close() error {
	var errs []error
	if db.reader != nil {
		errs = append(errs, db.reader.Close())
	}
	if _, err := db.writer.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, db.writer.Close())
	return errors.Join(errs...)
}

// Querier is what both a read and a write transaction can do.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx is a write transaction. Every write in Roost goes through DB.Write.
type Tx struct {
	*sql.Tx
	ctx context.Context
	// after runs once the transaction has committed (e.g. waking a worker).
	after []func()
}

// Context is the (uncancellable) context the transaction runs on.
func (tx *Tx) Context() context.Context { return tx.ctx }

// AfterCommit schedules f to run once the transaction has committed.
func (tx *Tx) AfterCommit(f func()) { tx.after = append(tx.after, f) }

// Write runs f in a write transaction on the single writer connection.
// A client that disconnects cannot cancel it: an interrupted modernc query
// can leave the connection unusable, and the one writer must stay healthy.
func (db *DB) Write(ctx context.Context, f func(tx *Tx) error) error {
	ctx = context.WithoutCancel(ctx)
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	sqlTx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, ctx: ctx}
	if err := f(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for _, f := range tx.after {
		f()
	}
	return nil
}

// R is the read pool, for single queries and read-only work.
func (db *DB) R() Querier { return db.reader }

// Read runs f in one read transaction, for a consistent view over several queries.
func (db *DB) Read(ctx context.Context, f func(q Querier) error) error {
	tx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return f(tx)
}

// VacuumInto writes a consistent copy of the live database to path. It runs
// on a connection of its own, so writers go on while the copy is made.
func (db *DB) VacuumInto(ctx context.Context, path string) error {
	return vacuumInto(ctx, db.path, path)
}

func vacuumInto(ctx context.Context, from, to string) error {
	conn, err := sql.Open("sqlite", dsn(from, 1024, false))
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.ExecContext(context.WithoutCancel(ctx), "VACUUM INTO ?", to)
	return err
}
