package store

// Page is a window of a list ordered by a time-sortable id, the way
// Mastodon's max_id, since_id, min_id and limit select it: max_id and
// since_id bound a newest-first page; min_id asks for the page just after
// it, so the query walks upwards from it and the result is turned back
// round to newest first.
type Page struct {
	MaxID   ID
	SinceID ID
	MinID   ID
	Limit   int
	// Offset skips rows after the bounds: only search pages by it.
	Offset int
}

// bounds returns the WHERE fragment bounding col, its arguments, and the
// ORDER BY clause with the LIMIT placeholder appended to args.
func (p Page) bounds(col string) (where string, args []any, tail string) {
	where = "1"
	if p.MaxID > 0 {
		where += " AND " + col + " < ?"
		args = append(args, p.MaxID)
	}
	if p.SinceID > 0 {
		where += " AND " + col + " > ?"
		args = append(args, p.SinceID)
	}
	if p.MinID > 0 {
		where += " AND " + col + " > ?"
		args = append(args, p.MinID)
	}
	order := " DESC"
	if p.ascending() {
		order = " ASC"
	}
	limit := p.Limit
	if limit <= 0 {
		limit = 20
	}
	args = append(args, limit)
	tail = " ORDER BY " + col + order + " LIMIT ?"
	if p.Offset > 0 {
		args = append(args, p.Offset)
		tail += " OFFSET ?"
	}
	return where, args, tail
}

// window bounds col like bounds, limited to the n rows nearest the page's
// start: the dense home plan's candidate rows.
func (p Page) window(col string) (string, []any) {
	p.Offset = 0
	where, args, tail := p.bounds(col)
	args[len(args)-1] = homeWindow
	return where + tail, args
}

func (p Page) ascending() bool { return p.MinID > 0 }

// finish turns an ascending (min_id) result back to newest first.
func finish[T any](p Page, items []T, cursors []ID) ([]T, []ID) {
	if !p.ascending() {
		return items, cursors
	}
	for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
		items[i], items[j] = items[j], items[i]
		cursors[i], cursors[j] = cursors[j], cursors[i]
	}
	return items, cursors
}
