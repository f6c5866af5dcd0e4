package actions

import (
	"context"
	"errors"
	"slices"

	"roost/server/events"
	"roost/store"
)

// notify records a notification for a local account inside tx, unless it is
// about the account's own doing or it has muted or blocked the source.
func (a *Actions) notify(tx *store.Tx, to, from store.ID, typ string, status *store.ID) error {
	if to == from {
		return nil
	}
	muted, err := tx.NotificationsMuted(to, from)
	if err != nil || muted {
		return err
	}
	id := a.DB.NewID()
	n := &store.Notification{ID: id, AccountID: to, FromAccountID: from, Type: typ, StatusID: status}
	switch {
	case (typ == store.NotifyFavourite || typ == store.NotifyReblog) && status != nil:
		n.GroupKey = typ + "-" + store.FormatID(*status)
	case typ == store.NotifyFollow:
		n.GroupKey = typ
	default:
		n.GroupKey = "ungrouped-" + store.FormatID(id)
	}
	if err := tx.InsertNotification(n); err != nil {
		return err
	}
	if err := a.enqueuePush(tx, n); err != nil {
		return err
	}
	a.publish(tx, &events.Event{Kind: events.Notification, NotificationID: id, Accounts: []store.ID{to}})
	return nil
}

// Notifications is a page of notifications ready to render.
type Notifications struct {
	List []*store.Notification
	*Related
}

// NotificationTypes are the types Roost creates (and accepts in filters).
var NotificationTypes = []string{store.NotifyMention, store.NotifyStatus, store.NotifyReblog, store.NotifyFollow,
	store.NotifyFollowRequest, store.NotifyFavourite, store.NotifyUpdate, "poll", "admin.sign_up", "admin.report"}

// Notifications lists the viewer's notifications.
func (a *Actions) Notifications(ctx context.Context, viewer *store.Account, f store.NotificationFilter, p store.Page) (*Notifications, error) {
	list, err := a.DB.Notifications(ctx, viewer.ID, f, p)
	if err != nil {
		return nil, err
	}
	return a.notifications(ctx, viewer, list)
}

func (a *Actions) notifications(ctx context.Context, viewer *store.Account, list []*store.Notification) (*Notifications, error) {
	var statusIDs, accountIDs []store.ID
	for _, n := range list {
		accountIDs = append(accountIDs, n.FromAccountID)
		if n.StatusID != nil {
			statusIDs = append(statusIDs, *n.StatusID)
		}
	}
	byID, err := a.DB.StatusesByIDs(ctx, unique(statusIDs))
	if err != nil {
		return nil, err
	}
	statuses := make([]*store.Status, 0, len(byID))
	for _, s := range byID {
		statuses = append(statuses, s)
	}
	rel, err := a.relate(ctx, viewer, statuses, accountIDs)
	if err != nil {
		return nil, err
	}
	// A notification about a status a "hide" filter catches goes with it.
	kept, err := a.applyFilters(ctx, viewer, FilterNotifications, rel, statuses)
	if err != nil {
		return nil, err
	}
	if len(kept) < len(statuses) {
		shown := map[store.ID]bool{}
		for _, s := range kept {
			shown[s.ID] = true
		}
		list = slices.DeleteFunc(slices.Clone(list), func(n *store.Notification) bool { return n.StatusID != nil && !shown[*n.StatusID] })
	}
	return &Notifications{List: list, Related: rel}, nil
}

// Notification returns one of the viewer's notifications.
func (a *Actions) Notification(ctx context.Context, viewer *store.Account, id store.ID) (*Notifications, error) {
	n, err := a.DB.Notification(ctx, viewer.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	page, err := a.notifications(ctx, viewer, []*store.Notification{n})
	if err == nil && len(page.List) == 0 {
		return nil, ErrNotFound // a hide filter caught its status
	}
	return page, err
}

// DismissNotification hides one of the viewer's notifications.
func (a *Actions) DismissNotification(ctx context.Context, viewer *store.Account, id store.ID) error {
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		ok, err := tx.DismissNotification(viewer.ID, id)
		if err == nil && !ok {
			return ErrNotFound
		}
		return err
	})
}

// ClearNotifications removes all of the viewer's notifications.
func (a *Actions) ClearNotifications(ctx context.Context, viewer *store.Account) error {
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.ClearNotifications(viewer.ID) })
}

// NotificationGroup is a run of notifications Mastodon 4.3 shows as one:
// favourites and reblogs of the same status, and follows.
type NotificationGroup struct {
	Key        string
	Type       string
	StatusID   *store.ID
	Members    []*store.Notification // newest first
	AccountIDs []store.ID            // distinct, newest first
}

// GroupedNotifications is a page of notifications folded into groups.
type GroupedNotifications struct {
	Groups []*NotificationGroup
	*Notifications
}

// maxSampleAccounts is how many accounts a group names, as in Mastodon.
const maxSampleAccounts = 8

// GroupNotifications lists the viewer's notifications folded into groups,
// in the order of each group's newest member. Groups are formed within the
// page, so a group's count is what the page holds of it (Mastodon counts
// the whole group); paging on reaches the older members.
func (a *Actions) GroupNotifications(ctx context.Context, viewer *store.Account, f store.NotificationFilter, p store.Page) (*GroupedNotifications, error) {
	page, err := a.Notifications(ctx, viewer, f, p)
	if err != nil {
		return nil, err
	}
	out := &GroupedNotifications{Notifications: page}
	byKey := map[string]*NotificationGroup{}
	for _, n := range page.List {
		g := byKey[n.GroupKey]
		if g == nil || n.GroupKey == "" {
			g = &NotificationGroup{Key: n.GroupKey, Type: n.Type, StatusID: n.StatusID}
			byKey[n.GroupKey] = g
			out.Groups = append(out.Groups, g)
		}
		g.Members = append(g.Members, n)
		if len(g.AccountIDs) < maxSampleAccounts && !slices.Contains(g.AccountIDs, n.FromAccountID) {
			g.AccountIDs = append(g.AccountIDs, n.FromAccountID)
		}
	}
	return out, nil
}
