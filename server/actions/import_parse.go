package actions

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"roost/store"
)

// Mastodon's import limits (app/models/form/import.rb): a file of at most
// 20 MB and 20,000 rows.
const (
	ImportMaxBytes = 20 << 20
	ImportMaxRows  = 20_000
)

// importHeaders are the columns each import kind reads, as Mastodon's
// EXPECTED_HEADERS_BY_TYPE names them; a file's other columns are ignored.
var importHeaders = map[string][]string{
	store.ImportFollowing:      {"Account address", "Show boosts", "Notify on new posts", "Languages"},
	store.ImportBlocking:       {"Account address"},
	store.ImportMuting:         {"Account address", "Hide notifications"},
	store.ImportDomainBlocking: {"#domain"},
	store.ImportBookmarks:      {"#uri"},
	store.ImportLists:          {"List name", "Account address"},
}

// ImportKinds lists the import kinds in the order the settings page shows them.
var ImportKinds = []string{store.ImportFollowing, store.ImportBlocking, store.ImportMuting,
	store.ImportDomainBlocking, store.ImportBookmarks, store.ImportLists}

// headerlessColumns is what a file without a header row is read as: the
// first column alone for accounts (Mastodon's old one-column exports, and
// its blocks export today), both columns for lists.
func headerlessColumns(kind string) []string {
	switch kind {
	case store.ImportFollowing, store.ImportBlocking, store.ImportMuting:
		return []string{"Account address"}
	}
	return importHeaders[kind]
}

// knownFirstHeaders tell a header row from a first data row.
var knownFirstHeaders = []string{"Account address", "#domain", "#uri", "List name"}

// Reasons an import file is refused; catalogue ids, as the web form shows them.
const (
	importTooBig      = "import_too_big"
	importEmpty       = "import_empty"
	importMalformed   = "import_malformed"
	importWrongKind   = "import_incompatible"
	importTooManyRows = "import_too_many_rows"
	importUnknownKind = "import_unknown_kind"
)

// parseImport reads a CSV file of kind the way Mastodon's import form does:
// a header row when the first cell is a known header, otherwise the
// headerless columns; blank lines skipped, cells trimmed.
func parseImport(kind string, data []byte) ([]store.ImportRow, error) {
	if _, known := importHeaders[kind]; !known {
		return nil, invalid("type", importUnknownKind)
	}
	if len(data) > ImportMaxBytes {
		return nil, invalid("data", importTooBig)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, invalid("data", importMalformed)
	}
	records, err := readRecords(data)
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, invalid("data", importEmpty)
	}
	columns := headerlessColumns(kind)
	if slices.Contains(knownFirstHeaders, records[0][0]) {
		columns, records = records[0], records[1:]
	}
	for _, want := range headerlessColumns(kind) {
		if !slices.Contains(columns, want) {
			return nil, invalid("data", importWrongKind)
		}
	}
	if len(records) > ImportMaxRows {
		return nil, invalid("data", importTooManyRows)
	}
	rows := make([]store.ImportRow, 0, len(records))
	for _, rec := range records {
		rows = append(rows, recordRow(kind, columns, rec))
	}
	return rows, nil
}

// readRecords reads the file's non-blank records with their cells trimmed,
// at most one more than ImportMaxRows plus a header.
func readRecords(data []byte) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var out [][]string
	for len(out) <= ImportMaxRows+1 {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, invalid("data", importMalformed)
		}
		blank := true
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
			blank = blank && rec[i] == ""
		}
		if !blank {
			out = append(out, rec)
		}
	}
	return out, nil
}

// recordRow maps one record to a row; a missing boolean cell takes
// Mastodon's default (boosts shown, no notifications, notifications of a
// muted account hidden).
func recordRow(kind string, columns, rec []string) store.ImportRow {
	cell := func(name string) string {
		if i := slices.Index(columns, name); i >= 0 && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	row := store.ImportRow{ShowReblogs: csvBool(cell("Show boosts"), true), Notify: csvBool(cell("Notify on new posts"), false),
		HideNotifications: csvBool(cell("Hide notifications"), true), ListName: cell("List name"),
		Languages: csvList(cell("Languages"))}
	switch kind {
	case store.ImportDomainBlocking:
		row.Target = cell("#domain")
	case store.ImportBookmarks:
		row.Target = cell("#uri")
	default:
		row.Target = strings.TrimPrefix(cell("Account address"), "@")
	}
	return row
}

// csvBool reads a boolean cell as Rails casts one: blank is the default,
// the usual spellings of false are false, anything else is true.
func csvBool(s string, blank bool) bool {
	switch strings.ToLower(s) {
	case "":
		return blank
	case "0", "f", "false", "off":
		return false
	}
	return true
}

// csvList reads a cell holding a list, as Mastodon writes a follow's
// languages: comma-separated in one cell ("en, fr"); blank is empty.
func csvList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
