package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// maxCachedStatements bounds the prepared statements the reader pool
// keeps; each costs a few KiB of SQLite memory on every reader connection.
const maxCachedStatements = 96

// readPool is the reader connection pool, keeping a prepared statement for
// each fixed query it has run. Preparing (parsing and planning) was a
// quarter of a timeline request's CPU time; a kept statement skips it.
// Queries with a placeholder list ("IN (?,?,?)") change with the list's
// length, so they are prepared each time rather than fill the cache.
type readPool struct {
	*sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func newReadPool(db *sql.DB) *readPool {
	return &readPool{DB: db, stmts: map[string]*sql.Stmt{}}
}

// stmt returns the kept statement for query, preparing it on first use;
// nil when the query is not kept.
func (p *readPool) stmt(ctx context.Context, query string) *sql.Stmt {
	if strings.Contains(query, "?,?") {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if st, ok := p.stmts[query]; ok {
		return st
	}
	if len(p.stmts) >= maxCachedStatements {
		return nil
	}
	st, err := p.DB.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil // the plain query reports the error
	}
	p.stmts[query] = st
	return st
}

// QueryContext runs a query through its kept statement when there is one.
func (p *readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a one-row query through its kept statement when there is one.
func (p *readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}

// Close closes the kept statements and the pool.
func (p *readPool) Close() error {
	p.mu.Lock()
	for _, st := range p.stmts {
		st.Close()
	}
	p.stmts = nil
	p.mu.Unlock()
	return p.DB.Close()
}
