package mastoapi

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

func notificationFilter(c echo.Context) (store.NotificationFilter, error) {
	p, err := readParams(c)
	if err != nil {
		return store.NotificationFilter{}, err
	}
	f := store.NotificationFilter{Types: p.Strings("types"), ExcludeTypes: p.Strings("exclude_types"),
		IncludeFiltered: p.BoolOr("include_filtered", false)}
	if s := p.String("account_id"); s != "" {
		if f.FromAccount, _ = store.ParseID(s); f.FromAccount == 0 {
			return f, actions.ErrNotFound
		}
	}
	return f, nil
}

// Notifications serves GET /api/v1/notifications.
func (api *API) Notifications(c echo.Context) error {
	f, err := notificationFilter(c)
	if err != nil {
		return err
	}
	page, err := api.Actions.Notifications(c.Request().Context(), viewerAccount(c), f, pageOf(c, notificationLimits))
	if err != nil {
		return err
	}
	out := make([]*Notification, 0, len(page.List))
	cursors := make([]store.ID, 0, len(page.List))
	for _, n := range page.List {
		out = append(out, api.notification(page.Related, n, viewerAccount(c)))
		cursors = append(cursors, n.ID)
	}
	api.setLink(c, cursors)
	return c.JSON(http.StatusOK, out)
}

// Notification serves GET /api/v1/notifications/:id.
func (api *API) Notification(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	page, err := api.Actions.Notification(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.notification(page.Related, page.List[0], viewerAccount(c)))
}

// DismissNotification serves POST /api/v1/notifications/:id/dismiss.
func (api *API) DismissNotification(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := api.Actions.DismissNotification(c.Request().Context(), viewerAccount(c), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// ClearNotifications serves POST /api/v1/notifications/clear.
func (api *API) ClearNotifications(c echo.Context) error {
	if err := api.Actions.ClearNotifications(c.Request().Context(), viewerAccount(c)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// GroupedNotifications serves GET /api/v2/notifications (Mastodon 4.3's grouped shape).
func (api *API) GroupedNotifications(c echo.Context) error {
	f, err := groupedFilter(c)
	if err != nil {
		return err
	}
	g, err := api.Actions.GroupNotifications(c.Request().Context(), viewerAccount(c), f, pageOf(c, notificationLimits))
	if err != nil {
		return err
	}
	cursors := make([]store.ID, 0, len(g.Groups))
	for _, grp := range g.Groups {
		cursors = append(cursors, grp.Newest)
	}
	api.setLink(c, cursors)
	return c.JSON(http.StatusOK, api.groupedNotifications(g, viewerAccount(c)))
}

// groupedFilter is notificationFilter plus grouped_types[].
func groupedFilter(c echo.Context) (store.NotificationFilter, error) {
	f, err := notificationFilter(c)
	if err != nil {
		return f, err
	}
	p, err := readParams(c)
	if err != nil {
		return f, err
	}
	if types := p.Strings("grouped_types"); len(types) > 0 {
		f.GroupedTypes = types
	}
	return f, nil
}

// NotificationGroup serves GET /api/v2/notifications/:group_key.
func (api *API) NotificationGroup(c echo.Context) error {
	g, err := api.Actions.NotificationGroup(c.Request().Context(), viewerAccount(c), c.Param("group_key"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.groupedNotifications(g, viewerAccount(c)))
}

// NotificationGroupAccounts serves GET /api/v2/notifications/:group_key/accounts.
func (api *API) NotificationGroupAccounts(c echo.Context) error {
	list, err := api.Actions.NotificationGroupAccounts(c.Request().Context(), viewerAccount(c), c.Param("group_key"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.accounts(list))
}

// DismissNotificationGroup serves POST /api/v2/notifications/:group_key/dismiss.
func (api *API) DismissNotificationGroup(c echo.Context) error {
	if err := api.Actions.DismissNotificationGroup(c.Request().Context(), viewerAccount(c), c.Param("group_key")); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// UnreadCount serves GET /api/v1/notifications/unread_count.
func (api *API) UnreadCount(c echo.Context) error { return api.unreadCount(c, false) }

// GroupedUnreadCount serves GET /api/v2/notifications/unread_count.
func (api *API) GroupedUnreadCount(c echo.Context) error { return api.unreadCount(c, true) }

func (api *API) unreadCount(c echo.Context, grouped bool) error {
	f, err := groupedFilter(c)
	if err != nil {
		return err
	}
	limit, _ := strconv.Atoi(c.QueryParam("limit"))
	n, err := api.Actions.UnreadNotificationCount(c.Request().Context(), viewerAccount(c), f, limit, grouped)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, UnreadCount{Count: n})
}

// groupedNotifications renders groups with the accounts and statuses they name, each once.
func (api *API) groupedNotifications(g *actions.GroupedNotifications, viewer *store.Account) GroupedNotifications {
	out := GroupedNotifications{Accounts: []*Account{}, Statuses: []*Status{}, NotificationGroups: []NotificationGroup{}}
	seenAccount, seenStatus := map[store.ID]bool{}, map[store.ID]bool{}
	for _, grp := range g.Groups {
		if len(grp.Latest) == 0 {
			continue
		}
		newest := grp.Latest[0]
		// A page holds whole groups, each where its newest member falls,
		// so the page's range of a group is that member: a client that
		// pages on from the last group's page_min_id (as Mastodon's web
		// app does) then asks for exactly the groups the Link header names.
		entry := NotificationGroup{GroupKey: grp.Key, NotificationsCount: grp.Count, Type: newest.Type,
			MostRecentNotificationID: store.FormatID(grp.Newest), PageMinID: store.FormatID(grp.Newest),
			PageMaxID: store.FormatID(grp.Newest), LatestPageNotificationAt: timestamp(newest.CreatedAt),
			SampleAccountIDs: []string{}, StatusID: optID(newest.StatusID)}
		for _, n := range grp.Latest {
			id := n.FromAccountID
			if slices.Contains(entry.SampleAccountIDs, store.FormatID(id)) {
				continue
			}
			entry.SampleAccountIDs = append(entry.SampleAccountIDs, store.FormatID(id))
			if a := g.Accounts[id]; a != nil && !seenAccount[id] {
				seenAccount[id] = true
				out.Accounts = append(out.Accounts, api.account(a))
			}
		}
		if id := newest.StatusID; id != nil && !seenStatus[*id] {
			seenStatus[*id] = true
			if st := api.status(g.Related, g.Statuses[*id], viewer); st != nil {
				out.Statuses = append(out.Statuses, st)
			}
		}
		out.NotificationGroups = append(out.NotificationGroups, entry)
	}
	return out
}
