package mastoapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// NotificationPolicy is Mastodon 4.3's v2 NotificationPolicy entity.
type NotificationPolicy struct {
	ForNotFollowing    string        `json:"for_not_following"`
	ForNotFollowers    string        `json:"for_not_followers"`
	ForNewAccounts     string        `json:"for_new_accounts"`
	ForPrivateMentions string        `json:"for_private_mentions"`
	ForLimitedAccounts string        `json:"for_limited_accounts"`
	Summary            PolicySummary `json:"summary"`
}

// NotificationPolicyV1 is the v1 entity: a boolean per rule ("drop" reads as filtered).
type NotificationPolicyV1 struct {
	FilterNotFollowing    bool          `json:"filter_not_following"`
	FilterNotFollowers    bool          `json:"filter_not_followers"`
	FilterNewAccounts     bool          `json:"filter_new_accounts"`
	FilterPrivateMentions bool          `json:"filter_private_mentions"`
	Summary               PolicySummary `json:"summary"`
}

// PolicySummary counts what the policy currently holds back.
type PolicySummary struct {
	PendingRequestsCount      int `json:"pending_requests_count"`
	PendingNotificationsCount int `json:"pending_notifications_count"`
}

// NotificationRequest is Mastodon's NotificationRequest entity.
type NotificationRequest struct {
	ID                 string   `json:"id"`
	CreatedAt          string   `json:"created_at"`
	UpdatedAt          string   `json:"updated_at"`
	Account            *Account `json:"account"`
	NotificationsCount string   `json:"notifications_count"` // a string, as Mastodon serialises it
	LastStatus         *Status  `json:"last_status,omitempty"`
}

func presentPolicy(p *actions.PolicyView) *NotificationPolicy {
	return &NotificationPolicy{ForNotFollowing: p.ForNotFollowing, ForNotFollowers: p.ForNotFollowers,
		ForNewAccounts: p.ForNewAccounts, ForPrivateMentions: p.ForPrivateMentions, ForLimitedAccounts: p.ForLimitedAccounts,
		Summary: PolicySummary{PendingRequestsCount: p.PendingRequests, PendingNotificationsCount: p.PendingNotifications}}
}

// NotificationPolicyV2 serves GET /api/v2/notifications/policy.
func (api *API) NotificationPolicyV2(c echo.Context) error {
	p, err := api.Actions.NotificationPolicy(c.Request().Context(), viewerAccount(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, presentPolicy(p))
}

// UpdateNotificationPolicyV2 serves PATCH /api/v2/notifications/policy.
func (api *API) UpdateNotificationPolicyV2(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	opt := func(name string) *string {
		if s, ok := p.optString(name); ok {
			return &s
		}
		return nil
	}
	change := actions.PolicyChange{ForNotFollowing: opt("for_not_following"), ForNotFollowers: opt("for_not_followers"),
		ForNewAccounts: opt("for_new_accounts"), ForPrivateMentions: opt("for_private_mentions"), ForLimitedAccounts: opt("for_limited_accounts")}
	view, err := api.Actions.UpdateNotificationPolicy(c.Request().Context(), viewerAccount(c), change)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, presentPolicy(view))
}

// NotificationPolicyV1 serves GET /api/v1/notifications/policy (deprecated by v2).
func (api *API) NotificationPolicyV1(c echo.Context) error {
	p, err := api.Actions.NotificationPolicy(c.Request().Context(), viewerAccount(c))
	if err != nil {
		return err
	}
	held := func(verdict string) bool { return verdict != store.PolicyAccept }
	return c.JSON(http.StatusOK, &NotificationPolicyV1{FilterNotFollowing: held(p.ForNotFollowing), FilterNotFollowers: held(p.ForNotFollowers),
		FilterNewAccounts: held(p.ForNewAccounts), FilterPrivateMentions: held(p.ForPrivateMentions),
		Summary: PolicySummary{PendingRequestsCount: p.PendingRequests, PendingNotificationsCount: p.PendingNotifications}})
}

func (api *API) notificationRequest(page *actions.NotificationRequests, r *store.NotificationRequest, viewer *store.Account) *NotificationRequest {
	out := &NotificationRequest{ID: store.FormatID(r.ID), CreatedAt: timestamp(r.CreatedAt), UpdatedAt: timestamp(r.UpdatedAt),
		Account: api.account(page.Accounts[r.FromAccountID]), NotificationsCount: strconv.Itoa(r.NotificationsCount)}
	if r.LastStatusID != nil {
		if s := page.Statuses[*r.LastStatusID]; s != nil {
			out.LastStatus = api.status(page.Related, s, viewer)
		}
	}
	return out
}

// NotificationRequests serves GET /api/v1/notifications/requests.
func (api *API) NotificationRequests(c echo.Context) error {
	page, err := api.Actions.NotificationRequests(c.Request().Context(), viewerAccount(c), pageOf(c, notificationLimits))
	if err != nil {
		return err
	}
	out := make([]*NotificationRequest, 0, len(page.List))
	cursors := make([]store.ID, 0, len(page.List))
	for _, r := range page.List {
		out = append(out, api.notificationRequest(page, r, viewerAccount(c)))
		cursors = append(cursors, r.ID)
	}
	api.setLink(c, cursors)
	return c.JSON(http.StatusOK, out)
}

// NotificationRequest serves GET /api/v1/notifications/requests/:id.
func (api *API) NotificationRequest(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	page, err := api.Actions.NotificationRequest(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.notificationRequest(page, page.List[0], viewerAccount(c)))
}

// AcceptNotificationRequest serves POST /api/v1/notifications/requests/:id/accept.
func (api *API) AcceptNotificationRequest(c echo.Context) error {
	return api.settleRequest(c, api.Actions.AcceptNotificationRequest)
}

// DismissNotificationRequest serves POST /api/v1/notifications/requests/:id/dismiss.
func (api *API) DismissNotificationRequest(c echo.Context) error {
	return api.settleRequest(c, api.Actions.DismissNotificationRequest)
}

func (api *API) settleRequest(c echo.Context, settle func(context.Context, *store.Account, store.ID) error) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := settle(c.Request().Context(), viewerAccount(c), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// AcceptNotificationRequests serves POST /api/v1/notifications/requests/accept (id[]).
func (api *API) AcceptNotificationRequests(c echo.Context) error {
	return api.settleRequests(c, api.Actions.AcceptNotificationRequests)
}

// DismissNotificationRequests serves POST /api/v1/notifications/requests/dismiss (id[]).
func (api *API) DismissNotificationRequests(c echo.Context) error {
	return api.settleRequests(c, api.Actions.DismissNotificationRequests)
}

func (api *API) settleRequests(c echo.Context, settle func(context.Context, *store.Account, []store.ID) error) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	ids, err := p.IDs("id")
	if err != nil {
		return err
	}
	if err := settle(c.Request().Context(), viewerAccount(c), ids); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// NotificationRequestsMerged serves GET /api/v1/notifications/requests/merged:
// Roost moves accepted notifications in the accepting transaction, so
// they are always merged.
func (api *API) NotificationRequestsMerged(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]bool{"merged": true})
}
