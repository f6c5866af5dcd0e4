package store

import (
	"context"
	"strings"
	"time"
)

// Filter is one of an account's keyword filters (Mastodon's filters v2;
// a v1 filter is a filter with one keyword).
type Filter struct {
	ID        ID
	AccountID ID
	Title     string
	Contexts  []string // home, notifications, public, thread, account
	Action    string   // warn, hide or blur
	ExpiresAt *time.Time
	CreatedAt time.Time
	Keywords  []FilterKeyword
	Statuses  []FilterStatus
}

// FilterKeyword is a word or phrase a filter matches.
type FilterKeyword struct {
	ID        ID
	FilterID  ID
	Keyword   string
	WholeWord bool
}

// FilterStatus is one status a filter matches.
type FilterStatus struct {
	ID       ID
	FilterID ID
	StatusID ID
}

// Active reports whether the filter still applies at now.
func (f *Filter) Active(now time.Time) bool { return f.ExpiresAt == nil || f.ExpiresAt.After(now) }

// InsertFilter stores a new filter (without its keywords).
func (tx *Tx) InsertFilter(f *Filter) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO filters (id, account_id, title, contexts, action, expires_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, f.ID, f.AccountID, f.Title, strings.Join(f.Contexts, " "), f.Action, optMillis(f.ExpiresAt), Millis(f.CreatedAt))
	return err
}

// UpdateFilter saves a filter's title, contexts, action and expiry.
func (tx *Tx) UpdateFilter(f *Filter) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE filters SET title = ?, contexts = ?, action = ?, expires_at = ? WHERE id = ?",
		f.Title, strings.Join(f.Contexts, " "), f.Action, optMillis(f.ExpiresAt), f.ID)
	return err
}

// DeleteFilter removes a filter with its keywords and statuses.
func (tx *Tx) DeleteFilter(id ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM filters WHERE id = ?", id)
	return err
}

// InsertFilterKeyword adds a keyword to a filter.
func (tx *Tx) InsertFilterKeyword(k *FilterKeyword) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO filter_keywords (id, filter_id, keyword, whole_word) VALUES (?, ?, ?, ?)",
		k.ID, k.FilterID, k.Keyword, k.WholeWord)
	return err
}

// UpdateFilterKeyword saves a keyword's text and whole_word.
func (tx *Tx) UpdateFilterKeyword(k *FilterKeyword) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE filter_keywords SET keyword = ?, whole_word = ? WHERE id = ?", k.Keyword, k.WholeWord, k.ID)
	return err
}

// DeleteFilterKeyword removes a keyword.
func (tx *Tx) DeleteFilterKeyword(id ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM filter_keywords WHERE id = ?", id)
	return err
}

// InsertFilterStatus adds a status to a filter.
func (tx *Tx) InsertFilterStatus(fs *FilterStatus) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO filter_statuses (id, filter_id, status_id) VALUES (?, ?, ?)", fs.ID, fs.FilterID, fs.StatusID)
	return err
}

// DeleteFilterStatus removes a status from a filter.
func (tx *Tx) DeleteFilterStatus(id ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM filter_statuses WHERE id = ?", id)
	return err
}

// Filters returns all of account's filters (expired ones too, as Mastodon
// lists them) with their keywords and statuses, oldest first.
func (db *DB) Filters(ctx context.Context, account ID) ([]*Filter, error) {
	return db.filters(ctx, "f.account_id = ?", account)
}

// Filter returns one of account's filters.
func (db *DB) Filter(ctx context.Context, account, id ID) (*Filter, error) {
	return db.filterWhere(ctx, "f.account_id = ? AND f.id = ?", account, id)
}

// FilterOfKeyword returns account's filter holding a keyword.
func (db *DB) FilterOfKeyword(ctx context.Context, account, keyword ID) (*Filter, error) {
	return db.filterWhere(ctx, "f.account_id = ? AND f.id = (SELECT filter_id FROM filter_keywords WHERE id = ?)", account, keyword)
}

// FilterOfStatus returns account's filter holding a filter status.
func (db *DB) FilterOfStatus(ctx context.Context, account, filterStatus ID) (*Filter, error) {
	return db.filterWhere(ctx, "f.account_id = ? AND f.id = (SELECT filter_id FROM filter_statuses WHERE id = ?)", account, filterStatus)
}

func (db *DB) filterWhere(ctx context.Context, where string, args ...any) (*Filter, error) {
	list, err := db.filters(ctx, where, args...)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return list[0], nil
}

func (db *DB) filters(ctx context.Context, where string, args ...any) ([]*Filter, error) {
	rows, err := db.reader.QueryContext(ctx, "SELECT f.id, f.account_id, f.title, f.contexts, f.action, f.expires_at, f.created_at FROM filters f WHERE "+
		where+" ORDER BY f.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*Filter
	byID := map[ID]*Filter{}
	for rows.Next() {
		var f Filter
		var contexts string
		var expires *int64
		var created int64
		if err := rows.Scan(&f.ID, &f.AccountID, &f.Title, &contexts, &f.Action, &expires, &created); err != nil {
			return nil, err
		}
		f.Contexts, f.ExpiresAt, f.CreatedAt = strings.Fields(contexts), nullMillis(expires), FromMillis(created)
		list = append(list, &f)
		byID[f.ID] = &f
	}
	if err := rows.Err(); err != nil || len(list) == 0 {
		return list, err
	}
	if err := db.filterParts(ctx, byID); err != nil {
		return nil, err
	}
	return list, nil
}

// filterParts loads the keywords and statuses of the filters in byID.
func (db *DB) filterParts(ctx context.Context, byID map[ID]*Filter) error {
	ids := make([]ID, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	in := "(" + placeholders(len(ids)) + ")"
	rows, err := db.reader.QueryContext(ctx, "SELECT id, filter_id, keyword, whole_word FROM filter_keywords WHERE filter_id IN "+in+" ORDER BY id", idArgs(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k FilterKeyword
		if err := rows.Scan(&k.ID, &k.FilterID, &k.Keyword, &k.WholeWord); err != nil {
			return err
		}
		byID[k.FilterID].Keywords = append(byID[k.FilterID].Keywords, k)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	srows, err := db.reader.QueryContext(ctx, "SELECT id, filter_id, status_id FROM filter_statuses WHERE filter_id IN "+in+" ORDER BY id", idArgs(ids)...)
	if err != nil {
		return err
	}
	defer srows.Close()
	for srows.Next() {
		var fs FilterStatus
		if err := srows.Scan(&fs.ID, &fs.FilterID, &fs.StatusID); err != nil {
			return err
		}
		byID[fs.FilterID].Statuses = append(byID[fs.FilterID].Statuses, fs)
	}
	return srows.Err()
}
