package store

import (
	"strings"

	"golang.org/x/net/html"
)

// indexStatus writes a status's searchable text into status_fts, replacing
// what was indexed before. Reblogs carry no text of their own.
func (tx *Tx) indexStatus(s *Status) error {
	if s.ReblogOfID != nil {
		return nil
	}
	body := s.Text
	if body == "" {
		body = plainText(s.Content)
	}
	if _, err := tx.ExecContext(tx.ctx, "DELETE FROM status_fts WHERE rowid = ?", s.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO status_fts (rowid, body, spoiler) VALUES (?, ?, ?)",
		s.ID, body, s.SpoilerText)
	return err
}

// plainText is the text of an HTML fragment, tags dropped, so that words
// like "href" or "span" in markup do not match every remote status.
func plainText(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		default:
			b.WriteByte(' ')
		}
	}
}

// ftsQuery turns what a user typed into an FTS5 query that cannot be a
// syntax error: every word becomes a quoted string, so operators (NEAR,
// AND, OR, NOT), column filters and stray punctuation are just words. A
// "double-quoted phrase" stays a phrase; other words match as prefixes
// ("tomato" finds "tomatoes"), as people expect of a search box.
// An empty result means nothing searchable was typed.
func ftsQuery(q string) string {
	// Control characters (a NUL ends the query string inside SQLite) are
	// never part of a word.
	q = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, q)
	var terms []string
	quote := func(s string, prefix bool) {
		s = strings.TrimSpace(strings.Trim(s, "*"))
		if s == "" {
			return
		}
		t := `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		if prefix {
			t += "*"
		}
		terms = append(terms, t)
	}
	for i, part := range strings.Split(q, `"`) {
		if i%2 == 1 { // inside quotes: a phrase
			quote(part, false)
			continue
		}
		for _, w := range strings.Fields(part) {
			quote(w, true)
		}
	}
	return strings.Join(terms, " ")
}
