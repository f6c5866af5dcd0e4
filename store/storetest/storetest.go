// Package storetest gives each test a fresh, migrated database.
package storetest

import (
	"context"
	"testing"

	"roost/store"
)

// Open returns a migrated database in a temporary folder, closed when the test ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir(), store.Default(), nil)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
