package store_test

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"roost/store"
	"roost/store/storetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestIDsSortByTimeAndNeverRepeat(t *testing.T) {
	g := store.NewIDGen()
	var prev store.ID
	for i := 0; i < 100000; i++ {
		id := g.New()
		if id <= prev {
			t.Fatalf("id %d not greater than %d", id, prev)
		}
		prev = id
	}
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	if got := store.IDTime(g.At(past)); !got.Equal(past) {
		t.Fatalf("IDTime(At(%v)) = %v", past, got)
	}
	if g.At(past) >= g.New() {
		t.Fatal("an id for 2020 sorts after one for now")
	}
	for _, bad := range []string{"", "0", "-1", "abc", "1e3", "99999999999999999999"} {
		if _, ok := store.ParseID(bad); ok {
			t.Errorf("ParseID(%q) accepted", bad)
		}
	}
}

// TestSchemaGolden keeps one readable picture of the whole schema in
// testdata/schema.sql; run with -update after adding a migration.
func TestSchemaGolden(t *testing.T) {
	db := storetest.Open(t)
	conn, err := sql.Open("sqlite", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s string
		rows.Scan(&s)
		b.WriteString(s + ";\n\n")
	}
	golden := filepath.Join("testdata", "schema.sql")
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, []byte(b.String()), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./store -run SchemaGolden -update)", err)
	}
	if string(want) != b.String() {
		t.Fatal("schema differs from testdata/schema.sql; review and rerun with -update")
	}
}

func TestNewerDatabaseIsRefused(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), dir, store.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, _ := sql.Open("sqlite", filepath.Join(dir, store.FileName))
	raw.Exec("INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'x')")
	raw.Close()
	_, err = store.Open(context.Background(), dir, store.Default(), nil)
	if err == nil || !strings.Contains(err.Error(), "newer than this roost binary") {
		t.Fatalf("want a clear refusal, got %v", err)
	}
}

// TestInterruptedMigrationResumes breaks a migration half-way (a failing
// statement after a successful one) and checks nothing of it stays behind,
// so the next start applies it whole.
func TestInterruptedMigrationResumes(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), dir, store.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, _ := sql.Open("sqlite", filepath.Join(dir, store.FileName))
	defer raw.Close()
	tx, _ := raw.Begin()
	tx.Exec("CREATE TABLE half_done (x INTEGER)")
	_, err = tx.Exec("INSERT INTO no_such_table VALUES (1)")
	if err == nil {
		t.Fatal("expected failure")
	}
	tx.Rollback()
	var n int
	raw.QueryRow("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half_done'").Scan(&n)
	if n != 0 {
		t.Fatal("a failed migration step left a table behind")
	}
}

func TestConcurrentWritersNeverSeeLocked(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				err := db.Write(ctx, func(tx *store.Tx) error {
					return tx.SetSetting(fmt.Sprintf("k%d-%d", w, i), "v")
				})
				if err != nil {
					errs <- err
				}
				if _, err := db.Setting(ctx, fmt.Sprintf("k%d-%d", w, i)); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestWriteSurvivesCancelledContext(t *testing.T) {
	db := storetest.Open(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := db.Write(ctx, func(tx *store.Tx) error { return tx.SetSetting("a", "b") }); err != nil {
		t.Fatalf("write on a cancelled request context: %v", err)
	}
	if v, err := db.Setting(context.Background(), "a"); err != nil || v != "b" {
		t.Fatalf("got %q, %v", v, err)
	}
}

func TestAccountHandleIsUniqueIgnoringCase(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	insert := func(name string) error {
		return db.Write(ctx, func(tx *store.Tx) error {
			return tx.InsertAccount(&store.Account{ID: db.NewID(), Username: name, URI: "https://x/users/" + name})
		})
	}
	if err := insert("Alice"); err != nil {
		t.Fatal(err)
	}
	if err := insert("alice"); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("want ErrConflict, got %v", err)
	}
	a, err := db.AccountByHandle(ctx, "ALICE", "")
	if err != nil || a.Username != "Alice" {
		t.Fatalf("lookup: %v %v", a, err)
	}
	if _, err := db.AccountByHandle(ctx, "bob", ""); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("want ErrNotFound, got %v", err)
	}
}
