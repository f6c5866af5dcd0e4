package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestUpgradeBacksUpThenResumes applies an extra migration to an existing
// database: the first attempt fails half-way and must leave nothing behind
// but the backup; the second applies it whole.
func TestUpgradeBacksUpThenResumes(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := Open(ctx, dir, Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := migrations()
	next := len(list) + 1
	broken := append(list, migration{version: next, name: "x_broken.sql",
		sql: "CREATE TABLE extra (x INTEGER); INSERT INTO no_such_table VALUES (1);"})
	var lines []string
	progress := func(s string) { lines = append(lines, s) }
	if err := db.migrateTo(ctx, Default(), progress, broken); err == nil {
		t.Fatal("broken migration succeeded")
	}
	var n int
	db.writer.QueryRow("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'extra'").Scan(&n)
	if n != 0 {
		t.Fatal("half-applied migration left a table behind")
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "*.before-*"))
	if len(backups) != 1 {
		t.Fatalf("want one backup before the upgrade, got %v", backups)
	}
	fixed := append(list, migration{version: next, name: "x_fixed.sql", sql: "CREATE TABLE extra (x INTEGER);"})
	if err := db.migrateTo(ctx, Default(), progress, fixed); err != nil {
		t.Fatal(err)
	}
	var v int
	db.writer.QueryRow("SELECT MAX(version) FROM schema_migrations").Scan(&v)
	if v != next {
		t.Fatalf("schema version %d, want %d", v, next)
	}
	if !strings.Contains(strings.Join(lines, "\n"), "backing up") {
		t.Fatalf("no progress about the backup: %q", lines)
	}
	// Nothing pending: no further backup.
	if err := db.migrateTo(ctx, Default(), progress, fixed); err != nil {
		t.Fatal(err)
	}
	if b, _ := filepath.Glob(filepath.Join(dir, "*.before-*")); len(b) != 2 {
		t.Fatalf("backups: %v", b)
	}
	db.Close()
}
