package actions

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"

	"roost/federation/fetch"
	"roost/store"
)

// Why an import row failed; the settings page shows them as
// "import_failure_" + reason.
const (
	failureNotFound    = "not_found"   // no such account or post
	failureUnreachable = "unreachable" // its server did not answer
	failureForbidden   = "forbidden"   // a block, or the importer itself
	failureInvalid     = "invalid"     // not an address, domain or URL
	failureNotFollowed = "not_followed"
	failureSuspended   = "suspended" // the importing account is gone
	failureOther       = "error"
)

// errNotFollowed: a list member the importer could not ask to follow.
var errNotFollowed = errors.New("import: list member not followed yet")

// failureOf names why a row failed, "" when it did not.
func (a *Actions) failureOf(err error) string {
	var inv *ErrInvalid
	var status *fetch.ErrStatus
	var netErr net.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &status):
		if status.Code == 404 || status.Code == 410 {
			return failureNotFound
		}
		return failureUnreachable
	case errors.As(err, &netErr), errors.Is(err, fetch.ErrPrivateAddress), errors.Is(err, fetch.ErrTooLarge),
		errors.Is(err, fetch.ErrTooManyRedirects):
		return failureUnreachable
	case errors.Is(err, errNotFollowed):
		return failureNotFollowed
	case errors.Is(err, ErrNotFound), errors.Is(err, fetch.ErrNoActor), errors.Is(err, fetch.ErrContentType), errors.Is(err, ErrRemote):
		return failureNotFound
	case errors.Is(err, ErrForbidden):
		return failureForbidden
	case errors.As(err, &inv), errors.Is(err, fetch.ErrBadURL):
		return failureInvalid
	}
	a.Log.Warn("import row failed", "err", err)
	return failureOther
}

// importAddress completes an account address: a bare username is local.
func (a *Actions) importAddress(target string) string {
	if target != "" && !strings.Contains(target, "@") {
		return target + "@" + a.Config.Host
	}
	return strings.ToLower(target)
}

// importDomain is the remote domain a row may fetch from, "" for none.
func (a *Actions) importDomain(kind, target string) string {
	switch kind {
	case store.ImportDomainBlocking:
		return ""
	case store.ImportBookmarks:
		if a.isLocalURI(target) {
			return ""
		}
		u, err := url.Parse(target)
		if err != nil {
			return ""
		}
		return u.Host
	}
	_, domain, err := fetch.ParseAcct(a.importAddress(target))
	if err != nil || strings.EqualFold(domain, a.Config.Host) {
		return ""
	}
	return domain
}

// importRow applies one row through the same operations the API uses.
func (a *Actions) importRow(ctx context.Context, viewer *store.Account, kind string, row *store.ImportRow) error {
	switch kind {
	case store.ImportDomainBlocking:
		return a.BlockDomain(ctx, viewer, row.Target)
	case store.ImportBookmarks:
		s, err := a.importStatus(ctx, row.Target)
		if err == nil {
			_, err = a.Bookmark(ctx, viewer, s.ID, true)
		}
		return err
	}
	target, err := a.ResolveAccount(ctx, a.importAddress(row.Target))
	if err != nil {
		return err
	}
	switch kind {
	case store.ImportFollowing:
		_, err = a.Follow(ctx, viewer, target.ID, FollowArgs{Reblogs: row.ShowReblogs, Notify: row.Notify, Languages: &row.Languages})
	case store.ImportBlocking:
		_, err = a.Block(ctx, viewer, target.ID)
	case store.ImportMuting:
		_, err = a.Mute(ctx, viewer, target.ID, MuteArgs{Notifications: row.HideNotifications})
	case store.ImportLists:
		err = a.importListMember(ctx, viewer, row.ListName, target)
	}
	return err
}

// importStatus finds the status a bookmark row names by URL or id: a local
// page or object address, a known remote one, or one fetched.
func (a *Actions) importStatus(ctx context.Context, address string) (*store.Status, error) {
	if !a.isLocalURI(address) {
		return a.ResolveStatus(ctx, address)
	}
	u, err := url.Parse(address)
	if err != nil {
		return nil, ErrNotFound
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	var username, id string
	switch {
	case len(parts) == 2 && strings.HasPrefix(parts[0], "@"):
		username, id = parts[0][1:], parts[1]
	case len(parts) == 4 && parts[0] == "users" && parts[2] == "statuses":
		username, id = parts[1], parts[3]
	default:
		return nil, ErrNotFound
	}
	sid, ok := store.ParseID(id)
	if !ok {
		return nil, ErrNotFound
	}
	s, err := a.DB.Status(ctx, sid)
	if err != nil {
		return nil, notFoundAs(err)
	}
	author, err := a.DB.Account(ctx, s.AccountID)
	if err != nil || !author.Local() || !strings.EqualFold(author.Username, username) {
		return nil, ErrNotFound
	}
	return s, nil
}

// importListMember puts target on the viewer's list named title, made if
// missing. Like Mastodon, the importer follows the member first; a member
// whose follow request is pending is listed too, and shows once it accepts.
func (a *Actions) importListMember(ctx context.Context, viewer *store.Account, title string, target *store.Account) error {
	if title == "" {
		return invalid("list_name", "can't be blank")
	}
	lists, err := a.Lists(ctx, viewer)
	if err != nil {
		return err
	}
	var list *store.List
	for _, l := range lists {
		if l.Title == title {
			list = l
			break
		}
	}
	if list == nil {
		if list, err = a.CreateList(ctx, viewer, ListArgs{Title: &title}); err != nil {
			return err
		}
	}
	rel, err := a.relationship(ctx, viewer, target.ID)
	if err != nil {
		return err
	}
	if !rel.Following && !rel.Requested {
		if rel, err = a.Follow(ctx, viewer, target.ID, FollowArgs{Reblogs: true}); err != nil {
			return err
		}
	}
	if !rel.Following && !rel.Requested {
		return errNotFollowed
	}
	return a.AddToList(ctx, viewer, list.ID, []store.ID{target.ID})
}
