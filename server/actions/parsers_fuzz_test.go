package actions

import (
	"testing"
	"unicode/utf8"
)

// FuzzParseImport feeds the CSV import parser arbitrary files of every
// kind: a clear error or rows, never a panic, and no row with
// broken text.
func FuzzParseImport(f *testing.F) {
	for _, seed := range []string{
		"Account address,Show boosts,Notify on new posts,Languages\nbob@example.org,true,false,\"en,fr\"\n",
		"bob@example.org\n@carol@example.org\n",
		"Account address,Hide notifications\nbob@example.org,false\n",
		"Friends,bob@example.org\n",
		"example.org\n",
		"https://example.org/@bob/1\n",
		"\ufeff\"unterminated\n", "a,\"b\"\"c\",d\r\n\r\n",
	} {
		for _, kind := range []string{"following", "blocking", "muting", "domain_blocking", "bookmarks", "lists"} {
			f.Add(kind, []byte(seed))
		}
	}
	f.Fuzz(func(t *testing.T, kind string, data []byte) {
		rows, err := parseImport(kind, data)
		if err != nil {
			return
		}
		for i, r := range rows {
			// A row may lack its account: it fails when run, as in Mastodon.
			if !utf8.ValidString(r.Target) || !utf8.ValidString(r.ListName) {
				t.Fatalf("row %d of %q: %+v", i, data, r)
			}
		}
	})
}

// FuzzCardFromPage feeds the link preview parser arbitrary pages: a card
// or none, never a panic, and every field bounded.
func FuzzCardFromPage(f *testing.F) {
	for _, seed := range []string{
		`<html><head><meta property="og:title" content="A title"><meta property="og:image" content="/i.png"></head></html>`,
		`<title>plain</title><meta name="description" content="d">`,
		`<meta property="og:title" content="` + string(make([]byte, 5000)) + `">`,
		"<head><title>\xff\xfe</title>", "<<<>>>", "",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		card, _ := cardFromPage("https://example.org/a", "https://example.org/a", page)
		if card == nil {
			return
		}
		if len(card.Title) > 4096 || len(card.Description) > 4096 {
			t.Fatalf("unbounded card from %q: %d/%d bytes", page, len(card.Title), len(card.Description))
		}
	})
}
