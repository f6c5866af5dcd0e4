package actions

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"roost/server/events"
	"roost/store"
)

// notify records a notification for a local account inside tx, unless it is
// about the account's own doing, it has muted or blocked the source, or
// muted the status's thread.
func (a *Actions) notify(tx *store.Tx, to, from store.ID, typ string, status *store.ID) error {
	if to == from && typ != notifyPoll { // a poll's end is news to its author too
		return nil
	}
	muted, err := tx.NotificationsMuted(to, from)
	if err != nil || muted {
		return err
	}
	// A thread the recipient muted is silent for it, whatever the type
	// (mention, reply, favourite, reblog, edit, poll end). Filtering here,
	// at creation, keeps it out of v1, grouped v2, push and streaming alike.
	if status != nil {
		if muted, err := tx.ConversationMutedFor(to, *status); err != nil || muted {
			return err
		}
	}
	verdict, err := policyVerdict(tx, to, from, typ, status)
	if err != nil || verdict == store.PolicyDrop {
		return err
	}
	id := a.DB.NewID()
	n := &store.Notification{ID: id, AccountID: to, FromAccountID: from, Type: typ, StatusID: status, CreatedAt: time.Now()}
	n.GroupKey = "ungrouped-" + store.FormatID(id)
	if verdict == store.PolicyFilter {
		// Held back: in its sender's request, ungrouped (as Mastodon),
		// never pushed, streamed or counted until accepted.
		n.Filtered = true
		if err := tx.InsertNotification(n); err != nil {
			return err
		}
		return tx.UpsertNotificationRequest(a.DB.NewID(), n)
	}
	if prefix := groupPrefix(typ, status); prefix != "" {
		key, err := groupKey(tx, to, prefix, n.CreatedAt)
		if err != nil {
			return err
		}
		n.GroupKey = key
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

// maxGroupSpan is how long a group of notifications may keep growing, as
// in Mastodon: a later one starts a new group.
const maxGroupSpan = 12 // hours

// groupPrefix names what a notification groups with: favourites or
// reblogs of the same status, and follows; "" for the types that stand
// alone.
func groupPrefix(typ string, status *store.ID) string {
	switch {
	case (typ == store.NotifyFavourite || typ == store.NotifyReblog) && status != nil:
		return typ + "-" + store.FormatID(*status)
	case typ == store.NotifyFollow:
		return typ
	}
	return ""
}

// groupKey is "<prefix>-<hour>", Mastodon's key: the hour the group
// began, taken from the account's latest group with that prefix while it
// is less than maxGroupSpan hours old.
func groupKey(tx *store.Tx, account store.ID, prefix string, at time.Time) (string, error) {
	hour := at.Unix() / 3600
	latest, err := tx.LatestNotificationGroupKey(account, prefix+"-")
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	if began, err := strconv.ParseInt(strings.TrimPrefix(latest, prefix+"-"), 10, 64); err == nil && hour < began+maxGroupSpan {
		hour = began
	}
	return prefix + "-" + strconv.FormatInt(hour, 10), nil
}

// Notifications is a page of notifications ready to render.
type Notifications struct {
	List []*store.Notification
	*Related
}

// NotificationTypes are the types Roost creates (and accepts in filters).
var NotificationTypes = []string{store.NotifyMention, store.NotifyStatus, store.NotifyReblog, store.NotifyFollow,
	store.NotifyFollowRequest, store.NotifyFavourite, store.NotifyUpdate, "poll", "admin.sign_up", "admin.report",
	notifyModerationWarning}

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

// GroupedNotifications is a page of notification groups ready to render.
type GroupedNotifications struct {
	Groups []*store.NotificationGroup
	*Related
}

// GroupNotifications lists the viewer's notifications folded into groups,
// one entry per group in the order of each group's newest member, each
// counting all of its members (Mastodon 4.3's grouped notifications).
func (a *Actions) GroupNotifications(ctx context.Context, viewer *store.Account, f store.NotificationFilter, p store.Page) (*GroupedNotifications, error) {
	groups, err := a.DB.NotificationGroups(ctx, viewer.ID, f, p)
	if err != nil {
		return nil, err
	}
	return a.groupedNotifications(ctx, viewer, groups)
}

func (a *Actions) groupedNotifications(ctx context.Context, viewer *store.Account, groups []*store.NotificationGroup) (*GroupedNotifications, error) {
	var members []*store.Notification
	for _, g := range groups {
		members = append(members, g.Latest...)
	}
	page, err := a.notifications(ctx, viewer, members)
	if err != nil {
		return nil, err
	}
	return &GroupedNotifications{Groups: groups, Related: page.Related}, nil
}

// NotificationGroup returns one of the viewer's notification groups by key.
func (a *Actions) NotificationGroup(ctx context.Context, viewer *store.Account, key string) (*GroupedNotifications, error) {
	g, err := a.DB.NotificationGroupByKey(ctx, viewer.ID, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return a.groupedNotifications(ctx, viewer, []*store.NotificationGroup{g})
}

// NotificationGroupAccounts lists every account behind one of the viewer's
// notification groups, newest first.
func (a *Actions) NotificationGroupAccounts(ctx context.Context, viewer *store.Account, key string) ([]*store.Account, error) {
	ids, err := a.DB.NotificationGroupAccounts(ctx, viewer.ID, key)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, ErrNotFound
	}
	byID, err := a.DB.AccountsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*store.Account, 0, len(ids))
	for _, id := range ids {
		if acct := byID[id]; acct != nil {
			out = append(out, acct)
		}
	}
	return out, nil
}

// DismissNotificationGroup hides every notification of one of the viewer's groups.
func (a *Actions) DismissNotificationGroup(ctx context.Context, viewer *store.Account, key string) error {
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		ok, err := tx.DismissNotificationGroup(viewer.ID, key)
		if err == nil && !ok {
			return ErrNotFound
		}
		return err
	})
}

// Unread notification counts are capped, as Mastodon caps them.
const (
	DefaultUnreadLimit = 100
	MaxUnreadLimit     = 1000
)

// UnreadNotificationCount counts the viewer's notifications (or groups)
// newer than its notifications marker, up to limit.
func (a *Actions) UnreadNotificationCount(ctx context.Context, viewer *store.Account, f store.NotificationFilter, limit int, grouped bool) (int, error) {
	if limit <= 0 {
		limit = DefaultUnreadLimit
	}
	limit = min(limit, MaxUnreadLimit)
	markers, err := a.DB.Markers(ctx, viewer.ID, []string{"notifications"})
	if err != nil {
		return 0, err
	}
	var after store.ID
	if len(markers) == 1 {
		after = markers[0].LastReadID
	}
	return a.DB.UnreadNotificationCount(ctx, viewer.ID, f, after, limit, grouped)
}
