package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

func notificationFilter(c echo.Context) (store.NotificationFilter, error) {
	p, err := readParams(c)
	if err != nil {
		return store.NotificationFilter{}, err
	}
	f := store.NotificationFilter{Types: p.Strings("types"), ExcludeTypes: p.Strings("exclude_types")}
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
	page, err := api.Actions.Notifications(c.Request().Context(), viewerAccount(c), f, page(c))
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
	f, err := notificationFilter(c)
	if err != nil {
		return err
	}
	viewer := viewerAccount(c)
	g, err := api.Actions.GroupNotifications(c.Request().Context(), viewer, f, page(c))
	if err != nil {
		return err
	}
	out := GroupedNotifications{Accounts: []*Account{}, Statuses: []*Status{}, NotificationGroups: []NotificationGroup{}}
	seenAccount, seenStatus := map[store.ID]bool{}, map[store.ID]bool{}
	var cursors []store.ID
	for _, grp := range g.Groups {
		newest, oldest := grp.Members[0], grp.Members[len(grp.Members)-1]
		entry := NotificationGroup{GroupKey: grp.Key, NotificationsCount: len(grp.Members), Type: grp.Type,
			MostRecentNotificationID: store.FormatID(newest.ID), PageMinID: store.FormatID(oldest.ID),
			PageMaxID: store.FormatID(newest.ID), LatestPageNotificationAt: timestamp(newest.CreatedAt),
			SampleAccountIDs: []string{}, StatusID: optID(grp.StatusID)}
		for _, id := range grp.AccountIDs {
			entry.SampleAccountIDs = append(entry.SampleAccountIDs, store.FormatID(id))
			if a := g.Accounts[id]; a != nil && !seenAccount[id] {
				seenAccount[id] = true
				out.Accounts = append(out.Accounts, api.account(a))
			}
		}
		if grp.StatusID != nil && !seenStatus[*grp.StatusID] {
			seenStatus[*grp.StatusID] = true
			if st := api.status(g.Related, g.Statuses[*grp.StatusID], viewer); st != nil {
				out.Statuses = append(out.Statuses, st)
			}
		}
		out.NotificationGroups = append(out.NotificationGroups, entry)
	}
	for _, n := range g.List {
		cursors = append(cursors, n.ID)
	}
	api.setLink(c, cursors)
	return c.JSON(http.StatusOK, out)
}
