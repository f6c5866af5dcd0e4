package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// WebPushSubscription is Mastodon's WebPushSubscription entity.
type WebPushSubscription struct {
	ID        string           `json:"id"`
	Endpoint  string           `json:"endpoint"`
	Standard  bool             `json:"standard"`
	Alerts    store.PushAlerts `json:"alerts"`
	Policy    string           `json:"policy"`
	ServerKey string           `json:"server_key"`
}

func pushSubscription(v *actions.PushSubscriptionView) *WebPushSubscription {
	return &WebPushSubscription{ID: store.FormatID(v.ID), Endpoint: v.Endpoint, Standard: true, Alerts: v.Alerts,
		Policy: v.Policy, ServerKey: v.ServerKey}
}

// nested reads a parameter nested as apps send it: {"a": {"b": "x"}} in
// JSON, a[b]=x in a form.
func (p *params) nested(path ...string) (string, bool) {
	var cur any = p.json
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			cur = nil
			break
		}
		cur = m[k]
	}
	if cur != nil {
		return (&params{json: map[string]any{"v": cur}}).optString("v")
	}
	name := path[0]
	for _, k := range path[1:] {
		name += "[" + k + "]"
	}
	if vs, ok := p.form[name]; ok && len(vs) > 0 {
		return vs[0], true
	}
	return "", false
}

func (p *params) pushData() (store.PushAlerts, string) {
	flag := func(name string) bool {
		s, _ := p.nested("data", "alerts", name)
		return truthy(s)
	}
	alerts := store.PushAlerts{Mention: flag("mention"), Status: flag("status"), Reblog: flag("reblog"), Follow: flag("follow"),
		FollowRequest: flag("follow_request"), Favourite: flag("favourite"), Poll: flag("poll"), Update: flag("update"),
		AdminSignUp: flag("admin.sign_up"), AdminReport: flag("admin.report")}
	policy, ok := p.nested("data", "policy")
	if !ok {
		// Mastodon.py sends policy beside data rather than in it.
		policy = p.String("policy")
	}
	return alerts, policy
}

// CreatePushSubscription serves POST /api/v1/push/subscription.
func (api *API) CreatePushSubscription(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	args := actions.PushSubscriptionArgs{}
	args.Endpoint, _ = p.nested("subscription", "endpoint")
	args.P256DH, _ = p.nested("subscription", "keys", "p256dh")
	args.Auth, _ = p.nested("subscription", "keys", "auth")
	args.Alerts, args.Policy = p.pushData()
	v := ViewerOf(c)
	view, err := api.Actions.CreatePushSubscription(c.Request().Context(), v.Token, bearer(c.Request()), args)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, pushSubscription(view))
}

// PushSubscription serves GET /api/v1/push/subscription.
func (api *API) PushSubscription(c echo.Context) error {
	view, err := api.Actions.PushSubscription(c.Request().Context(), ViewerOf(c).Token)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, pushSubscription(view))
}

// UpdatePushSubscription serves PUT /api/v1/push/subscription.
func (api *API) UpdatePushSubscription(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	alerts, policy := p.pushData()
	view, err := api.Actions.UpdatePushSubscription(c.Request().Context(), ViewerOf(c).Token, alerts, policy)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, pushSubscription(view))
}

// DeletePushSubscription serves DELETE /api/v1/push/subscription.
func (api *API) DeletePushSubscription(c echo.Context) error {
	if err := api.Actions.DeletePushSubscription(c.Request().Context(), ViewerOf(c).Token); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{})
}
