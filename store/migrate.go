package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded migrations in order. Names are NNNN_what.sql.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var list []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", e.Name())
		}
		body, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		list = append(list, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].version < list[j].version })
	for i, m := range list {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return list, nil
}

// SchemaVersion is the newest migration this binary knows.
func SchemaVersion() int {
	list, err := migrations()
	if err != nil {
		panic(err)
	}
	return len(list)
}

// AppliedSchemaVersion is the newest migration recorded in the database, read
// through the reader pool: readiness probes compare it with SchemaVersion.
func (db *DB) AppliedSchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.reader.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}

// migrate brings the schema up to date. Each migration runs in its own
// transaction together with its row in schema_migrations, so an upgrade that
// is interrupted leaves the database at the last whole step and simply goes
// on from there at the next start.
func (db *DB) migrate(ctx context.Context, cfg Config, progress func(string)) error {
	list, err := migrations()
	if err != nil {
		return err
	}
	return db.migrateTo(ctx, cfg, progress, list)
}

func (db *DB) migrateTo(ctx context.Context, cfg Config, progress func(string), list []migration) error {
	if _, err := db.writer.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("schema table: %w", err)
	}
	var current int
	if err := db.writer.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	if current > len(list) {
		return fmt.Errorf("the database %s is at schema version %d, newer than this roost binary knows (%d): run a newer roost, or restore the backup taken before the upgrade", db.path, current, len(list))
	}
	pending := list[current:]
	if len(pending) == 0 {
		return nil
	}
	if current > 0 && cfg.BackupBeforeMigrate {
		backup := backupName(db.path, len(list))
		progress(fmt.Sprintf("backing up the database before the upgrade to %s", backup))
		if err := vacuumInto(ctx, db.path, backup); err != nil {
			os.Remove(backup)
			return fmt.Errorf("backup before migrating: %w", err)
		}
	}
	for i, m := range pending {
		progress(fmt.Sprintf("migration %d/%d: %s", i+1, len(pending), m.name))
		start := time.Now()
		if err := db.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		progress(fmt.Sprintf("migration %s done in %s", m.name, time.Since(start).Round(time.Millisecond)))
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, m migration) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// backupName picks a file name beside the database that does not exist yet.
func backupName(dbPath string, version int) string {
	base := fmt.Sprintf("%s.before-v%d-%s", dbPath, version, time.Now().UTC().Format("20060102T150405Z"))
	name := base
	for i := 2; ; i++ {
		if _, err := os.Stat(name); os.IsNotExist(err) {
			return name
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}
