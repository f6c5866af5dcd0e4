package actions

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html"
	"net/url"
	"regexp"
	"strings"

	"github.com/SherClockHolmes/webpush-go"

	"roost/store"
)

// EnsureVAPIDKey returns the instance's VAPID public key, generating the
// key pair on first start. Apps bind their push subscriptions to it, so it
// never changes afterwards.
func (a *Actions) EnsureVAPIDKey(ctx context.Context) (string, error) {
	var public string
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		var err error
		public, err = tx.Setting(store.SettingVAPIDPublicKey)
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		private, pub, err := webpush.GenerateVAPIDKeys()
		if err != nil {
			return err
		}
		public = pub
		if err := tx.SetSetting(store.SettingVAPIDPrivateKey, private); err != nil {
			return err
		}
		return tx.SetSetting(store.SettingVAPIDPublicKey, public)
	})
	return public, err
}

// VAPIDKey is the instance's VAPID public key ("" before EnsureVAPIDKey).
func (a *Actions) VAPIDKey(ctx context.Context) string {
	key, _ := a.DB.Setting(ctx, store.SettingVAPIDPublicKey)
	return key
}

// PushSubscriptionArgs is a subscription as an app sends it.
type PushSubscriptionArgs struct {
	Endpoint string
	P256DH   string
	Auth     string
	Alerts   store.PushAlerts
	Policy   string
}

// PushSubscriptionView is a subscription with the key it must trust.
type PushSubscriptionView struct {
	*store.PushSubscription
	ServerKey string
}

// CreatePushSubscription subscribes the calling token (secret is its bearer
// string, sent back in each message) to Web Push, replacing its earlier
// subscription.
func (a *Actions) CreatePushSubscription(ctx context.Context, token *store.Token, secret string, args PushSubscriptionArgs) (*PushSubscriptionView, error) {
	if err := checkPushSubscription(&args); err != nil {
		return nil, err
	}
	p := &store.PushSubscription{ID: a.DB.NewID(), TokenID: token.ID, Endpoint: args.Endpoint, P256DH: args.P256DH,
		Auth: args.Auth, Alerts: args.Alerts, Policy: args.Policy, AccessToken: secret}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.SetPushSubscription(p) }); err != nil {
		return nil, err
	}
	return &PushSubscriptionView{PushSubscription: p, ServerKey: a.VAPIDKey(ctx)}, nil
}

func checkPushSubscription(args *PushSubscriptionArgs) error {
	u, err := url.Parse(args.Endpoint)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return invalid("subscription[endpoint]", "must be an https URL")
	}
	if key, err := decodeBase64URL(args.P256DH); err != nil || len(key) != 65 || key[0] != 4 {
		return invalid("subscription[keys][p256dh]", "must be an uncompressed P-256 public key, base64url encoded")
	}
	if auth, err := decodeBase64URL(args.Auth); err != nil || len(auth) != 16 {
		return invalid("subscription[keys][auth]", "must be 16 bytes, base64url encoded")
	}
	return checkPushPolicy(&args.Policy)
}

func checkPushPolicy(policy *string) error {
	switch *policy {
	case "":
		*policy = store.PushPolicyAll
	case store.PushPolicyAll, store.PushPolicyFollowed, store.PushPolicyFollower, store.PushPolicyNone:
	default:
		return invalid("data[policy]", "must be one of all, followed, follower, none")
	}
	return nil
}

// decodeBase64URL accepts the padded and unpadded forms apps send.
func decodeBase64URL(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	if b, err := base64.RawURLEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// PushSubscription returns the calling token's subscription.
func (a *Actions) PushSubscription(ctx context.Context, token *store.Token) (*PushSubscriptionView, error) {
	p, err := a.DB.PushSubscriptionOfToken(ctx, token.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &PushSubscriptionView{PushSubscription: p, ServerKey: a.VAPIDKey(ctx)}, nil
}

// UpdatePushSubscription replaces the alerts and policy of the calling
// token's subscription, as Mastodon replaces its data wholesale.
func (a *Actions) UpdatePushSubscription(ctx context.Context, token *store.Token, alerts store.PushAlerts, policy string) (*PushSubscriptionView, error) {
	if err := checkPushPolicy(&policy); err != nil {
		return nil, err
	}
	view, err := a.PushSubscription(ctx, token)
	if err != nil {
		return nil, err
	}
	view.Alerts, view.Policy = alerts, policy
	err = a.DB.Write(ctx, func(tx *store.Tx) error { return tx.UpdatePushSubscription(view.PushSubscription) })
	return view, err
}

// DeletePushSubscription unsubscribes the calling token; having none is fine.
func (a *Actions) DeletePushSubscription(ctx context.Context, token *store.Token) error {
	p, err := a.DB.PushSubscriptionOfToken(ctx, token.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeletePushSubscription(p.ID) })
}

// PushPayload is the JSON Mastodon sends in a push message.
type PushPayload struct {
	AccessToken      string `json:"access_token"`
	PreferredLocale  string `json:"preferred_locale"`
	NotificationID   string `json:"notification_id"`
	NotificationType string `json:"notification_type"`
	Icon             string `json:"icon"`
	Title            string `json:"title"`
	Body             string `json:"body"`
}

// pushTitles are Mastodon's English push titles, by notification type.
var pushTitles = map[string]string{
	store.NotifyMention:       "You were mentioned by %s",
	store.NotifyStatus:        "%s just posted",
	store.NotifyReblog:        "%s boosted your post",
	store.NotifyFollow:        "%s is now following you",
	store.NotifyFollowRequest: "%s has requested to follow you",
	store.NotifyFavourite:     "%s favourited your post",
	store.NotifyUpdate:        "%s edited a post",
	"poll":                    "A poll by %s has ended",
}

// enqueuePush queues a push message for each of the recipient's
// subscriptions that asks for n, in the transaction that stores n, so a
// message is sent if and only if the notification exists.
func (a *Actions) enqueuePush(tx *store.Tx, n *store.Notification) error {
	subs, err := tx.PushSubscriptionsOf(n.AccountID)
	if err != nil || len(subs) == 0 {
		return err
	}
	var payload *PushPayload
	for _, p := range subs {
		ok, err := pushAllowed(tx, p, n)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if payload == nil {
			if payload, err = a.pushPayload(tx, n); err != nil {
				return err
			}
		}
		payload.AccessToken = p.AccessToken
		body, _ := json.Marshal(payload)
		if err := tx.EnqueuePush(p, body); err != nil {
			return err
		}
	}
	if payload != nil && a.WakePush != nil {
		tx.AfterCommit(a.WakePush)
	}
	return nil
}

func pushAllowed(tx *store.Tx, p *store.PushSubscription, n *store.Notification) (bool, error) {
	if !p.Alerts.Allows(n.Type) {
		return false, nil
	}
	switch p.Policy {
	case store.PushPolicyNone:
		return false, nil
	case store.PushPolicyFollowed:
		return tx.Following(n.AccountID, n.FromAccountID)
	case store.PushPolicyFollower:
		return tx.Following(n.FromAccountID, n.AccountID)
	}
	return true, nil
}

var htmlTag = regexp.MustCompile(`<[^>]*>`)

func (a *Actions) pushPayload(tx *store.Tx, n *store.Notification) (*PushPayload, error) {
	from, err := tx.Account(n.FromAccountID)
	if err != nil {
		return nil, err
	}
	locale, err := tx.AccountLocale(n.AccountID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	name := from.DisplayName
	if name == "" {
		name = from.Username
	}
	out := &PushPayload{PreferredLocale: locale, NotificationID: store.FormatID(n.ID), NotificationType: n.Type,
		Icon: from.AvatarRemoteURL, Title: strings.Replace(pushTitles[n.Type], "%s", name, 1)}
	if out.Icon == "" {
		out.Icon = a.Config.DefaultAvatar
	}
	if out.Title == "" {
		out.Title = name
	}
	if n.StatusID != nil {
		s, err := tx.Status(*n.StatusID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if s != nil {
			out.Body = s.SpoilerText
			if out.Body == "" {
				out.Body = html.UnescapeString(htmlTag.ReplaceAllString(strings.ReplaceAll(s.Content, "</p><p>", "\n\n"), ""))
			}
		}
	} else {
		out.Body = html.UnescapeString(htmlTag.ReplaceAllString(from.Note, ""))
	}
	if r := []rune(out.Body); len(r) > 140 {
		out.Body = string(r[:139]) + "…"
	}
	return out, nil
}
