package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// policyRules are the policy's fields in the order the form shows them.
var policyRules = []string{"for_not_following", "for_not_followers", "for_new_accounts", "for_private_mentions", "for_limited_accounts"}

type notificationRequestsPage struct {
	Requests []requestCard
	Pager    pager
	Rules    []policyRule
	Verdicts []string
}

// requestCard is one sender's held-back notifications.
type requestCard struct {
	ID     string
	From   accountCard
	Count  int
	Status *statusCard
}

// policyRule is one select of the policy form.
type policyRule struct {
	Name    string
	Verdict string
}

// NotificationRequests lists the signed-in user's notification requests,
// with the policy form that decides what lands there.
func (h *Handlers) NotificationRequests(c echo.Context) error {
	p, paged := pageOf(c)
	s := sessionOf(c)
	list, err := h.Actions.NotificationRequests(c.Request().Context(), s.Account, p)
	if err != nil {
		return err
	}
	policy, err := h.Actions.NotificationPolicy(c.Request().Context(), s.Account)
	if err != nil {
		return err
	}
	m := h.cardMaker(c, s.Account, CSRFToken(c), list.Related)
	page := notificationRequestsPage{Verdicts: []string{store.PolicyAccept, store.PolicyFilter, store.PolicyDrop}}
	for i, v := range []string{policy.ForNotFollowing, policy.ForNotFollowers, policy.ForNewAccounts, policy.ForPrivateMentions, policy.ForLimitedAccounts} {
		page.Rules = append(page.Rules, policyRule{Name: policyRules[i], Verdict: v})
	}
	var cursors []store.ID
	for _, r := range list.List {
		cursors = append(cursors, r.ID)
		from, ok := list.Accounts[r.FromAccountID]
		if !ok {
			continue
		}
		card := requestCard{ID: store.FormatID(r.ID), From: m.account(from), Count: r.NotificationsCount,
			Status: m.cardOf(list.Statuses, r.LastStatusID)}
		page.Requests = append(page.Requests, card)
	}
	page.Pager = newPager(c.Request().URL.Path, c.QueryParams(), cursors, p.Limit, paged)
	return h.render(c, http.StatusOK, "notification_requests", page)
}

// AnswerNotificationRequest accepts or dismisses one request and goes back.
func (h *Handlers) AnswerNotificationRequest(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	var err error
	switch c.Param("answer") {
	case "accept":
		err = h.Actions.AcceptNotificationRequest(c.Request().Context(), sessionOf(c).Account, id)
	case "dismiss":
		err = h.Actions.DismissNotificationRequest(c.Request().Context(), sessionOf(c).Account, id)
	default:
		return actions.ErrNotFound
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/notifications/requests")
}

// UpdateNotificationPolicy saves the policy form.
func (h *Handlers) UpdateNotificationPolicy(c echo.Context) error {
	field := func(name string) *string {
		if v := c.FormValue(name); v != "" {
			return &v
		}
		return nil
	}
	change := actions.PolicyChange{ForNotFollowing: field("for_not_following"), ForNotFollowers: field("for_not_followers"),
		ForNewAccounts: field("for_new_accounts"), ForPrivateMentions: field("for_private_mentions"), ForLimitedAccounts: field("for_limited_accounts")}
	if _, err := h.Actions.UpdateNotificationPolicy(c.Request().Context(), sessionOf(c).Account, change); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/notifications/requests?notice=saved")
}
