package actions

import (
	"context"
	"errors"
	"strings"

	"roost/federation/fetch"
	"roost/store"
)

// overwriteImport removes, before the rows are applied, what the viewer
// has of the job's kind and the file does not list: Mastodon's "overwrite"
// mode. Doing it again after a crash is harmless, since only what the file
// does not list goes.
func (a *Actions) overwriteImport(ctx context.Context, viewer *store.Account, job *store.ImportJob) error {
	rows, err := a.DB.ImportRows(ctx, job.ID)
	if err != nil {
		return err
	}
	listed := map[string]bool{}
	for _, r := range rows {
		switch job.Kind {
		case store.ImportLists:
			listed[r.ListName] = true
		case store.ImportDomainBlocking, store.ImportBookmarks:
			listed[strings.ToLower(r.Target)] = true
		default:
			listed[a.importAddress(r.Target)] = true
		}
	}
	switch job.Kind {
	case store.ImportLists:
		return a.overwriteLists(ctx, viewer, listed)
	case store.ImportBookmarks:
		return a.overwriteBookmarks(ctx, viewer, listed)
	case store.ImportDomainBlocking:
		return a.overwriteDomainBlocks(ctx, viewer, listed)
	}
	return a.overwriteAccounts(ctx, viewer, job.Kind, listed)
}

// overwriteExports are the exports that list what an import of each
// account kind replaces.
var overwriteExports = map[string]string{
	store.ImportFollowing: store.ExportFollowing,
	store.ImportBlocking:  store.ExportBlocks,
	store.ImportMuting:    store.ExportMutes,
}

// overwriteAccounts unfollows, unblocks or unmutes the accounts not listed.
func (a *Actions) overwriteAccounts(ctx context.Context, viewer *store.Account, kind string, listed map[string]bool) error {
	current, err := a.DB.ExportRows(ctx, overwriteExports[kind], viewer.ID, a.Config.Host)
	if err != nil {
		return err
	}
	for _, rec := range current {
		address := strings.ToLower(rec[0])
		if listed[address] {
			continue
		}
		user, domain, err := fetch.ParseAcct(address)
		if err != nil {
			continue
		}
		if strings.EqualFold(domain, a.Config.Host) {
			domain = ""
		}
		acct, err := a.DB.AccountByHandle(ctx, user, domain)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		switch kind {
		case store.ImportFollowing:
			_, err = a.Unfollow(ctx, viewer, acct.ID)
		case store.ImportBlocking:
			_, err = a.Unblock(ctx, viewer, acct.ID)
		case store.ImportMuting:
			_, err = a.Unmute(ctx, viewer, acct.ID)
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	return nil
}

func (a *Actions) overwriteDomainBlocks(ctx context.Context, viewer *store.Account, listed map[string]bool) error {
	current, err := a.DB.ExportRows(ctx, store.ExportDomainBlocks, viewer.ID, a.Config.Host)
	if err != nil {
		return err
	}
	for _, rec := range current {
		if !listed[rec[0]] {
			if err := a.UnblockDomain(ctx, viewer, rec[0]); err != nil {
				return err
			}
		}
	}
	return nil
}

// overwriteBookmarks drops bookmarks whose status the file names by
// neither its id nor its page.
func (a *Actions) overwriteBookmarks(ctx context.Context, viewer *store.Account, listed map[string]bool) error {
	current, err := a.DB.BookmarkAddresses(ctx, viewer.ID)
	if err != nil {
		return err
	}
	for _, b := range current {
		if listed[strings.ToLower(b.URI)] || b.URL != "" && listed[strings.ToLower(b.URL)] {
			continue
		}
		if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteBookmark(viewer.ID, b.StatusID) }); err != nil {
			return err
		}
	}
	return nil
}

// overwriteLists deletes the lists the file does not name and empties the
// others, which its rows then fill, as Mastodon does.
func (a *Actions) overwriteLists(ctx context.Context, viewer *store.Account, listed map[string]bool) error {
	lists, err := a.Lists(ctx, viewer)
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		for _, l := range lists {
			if !listed[l.Title] {
				if err := tx.DeleteList(l.ID); err != nil {
					return err
				}
			} else if err := tx.ClearList(l.ID); err != nil {
				return err
			}
		}
		return nil
	})
}
