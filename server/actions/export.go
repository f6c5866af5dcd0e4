package actions

import (
	"bytes"
	"context"
	"encoding/csv"

	"roost/store"
)

// csvExport is one of Mastodon's CSV exports: its file name and header
// row (nil where Mastodon writes none), so that a file exported here is
// imported by Mastodon and the other way round.
type csvExport struct {
	File   string
	Header []string
}

var csvExports = map[string]csvExport{
	store.ExportFollowing:    {"following_accounts.csv", []string{"Account address", "Show boosts", "Notify on new posts", "Languages"}},
	store.ExportFollowers:    {"followers.csv", []string{"Account address"}}, // Mastodon has no such export; same shape as the others
	store.ExportLists:        {"lists.csv", nil},
	store.ExportMutes:        {"muted_accounts.csv", []string{"Account address", "Hide notifications"}},
	store.ExportBlocks:       {"blocked_accounts.csv", nil},
	store.ExportDomainBlocks: {"blocked_domains.csv", nil},
	store.ExportBookmarks:    {"bookmarks.csv", nil},
}

// ExportKinds lists the CSV exports in the order the settings page shows them.
var ExportKinds = []string{store.ExportFollowing, store.ExportFollowers, store.ExportLists, store.ExportMutes,
	store.ExportBlocks, store.ExportDomainBlocks, store.ExportBookmarks}

// ExportCSV writes one of the viewer's CSV exports; it returns the file
// name to download it as.
func (a *Actions) ExportCSV(ctx context.Context, viewer *store.Account, kind string) (string, []byte, error) {
	exp, ok := csvExports[kind]
	if !ok {
		return "", nil, ErrNotFound
	}
	rows, err := a.DB.ExportRows(ctx, kind, viewer.ID, a.Config.Host)
	if err != nil {
		return "", nil, notFoundAs(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if exp.Header != nil {
		w.Write(exp.Header)
	}
	w.WriteAll(rows)
	return exp.File, buf.Bytes(), w.Error()
}
