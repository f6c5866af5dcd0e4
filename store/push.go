package store

import (
	"context"
	"time"
)

// Settings that hold the instance's VAPID key pair (RFC 8292), as the
// base64url strings Web Push libraries and apps exchange.
const (
	SettingVAPIDPrivateKey = "vapid_private_key"
	SettingVAPIDPublicKey  = "vapid_public_key"
)

const deliveryKindWebPush = "webpush"

// PushAlerts are the notification types a push subscription wants.
type PushAlerts struct {
	Mention       bool `json:"mention"`
	Status        bool `json:"status"`
	Reblog        bool `json:"reblog"`
	Follow        bool `json:"follow"`
	FollowRequest bool `json:"follow_request"`
	Favourite     bool `json:"favourite"`
	Poll          bool `json:"poll"`
	Update        bool `json:"update"`
	AdminSignUp   bool `json:"admin.sign_up"`
	AdminReport   bool `json:"admin.report"`
}

// Allows reports whether the alerts ask for a notification type.
func (a PushAlerts) Allows(typ string) bool {
	switch typ {
	case NotifyMention:
		return a.Mention
	case NotifyStatus:
		return a.Status
	case NotifyReblog:
		return a.Reblog
	case NotifyFollow:
		return a.Follow
	case NotifyFollowRequest:
		return a.FollowRequest
	case NotifyFavourite:
		return a.Favourite
	case "poll":
		return a.Poll
	case NotifyUpdate:
		return a.Update
	case "admin.sign_up":
		return a.AdminSignUp
	case "admin.report":
		return a.AdminReport
	}
	return false
}

// Push policies: whose notifications are pushed.
const (
	PushPolicyAll      = "all"
	PushPolicyFollowed = "followed"
	PushPolicyFollower = "follower"
	PushPolicyNone     = "none"
)

// PushSubscription is one access token's Web Push subscription.
type PushSubscription struct {
	ID          ID
	TokenID     ID
	Endpoint    string
	P256DH      string // the client's public key, base64url
	Auth        string // the client's auth secret, base64url
	Alerts      PushAlerts
	Policy      string
	AccessToken string
	CreatedAt   time.Time
}

const pushColumns = "ps.id, ps.token_id, ps.endpoint, ps.p256dh, ps.auth, ps.alerts, ps.policy, ps.access_token, ps.created_at"

func scanPush(row scanner) (*PushSubscription, error) {
	var p PushSubscription
	var alerts string
	var created int64
	if err := row.Scan(&p.ID, &p.TokenID, &p.Endpoint, &p.P256DH, &p.Auth, &alerts, &p.Policy, &p.AccessToken, &created); err != nil {
		return nil, notFound(err)
	}
	unmarshalLoose(alerts, &p.Alerts)
	p.CreatedAt = FromMillis(created)
	return &p, nil
}

// SetPushSubscription stores a token's subscription, replacing the one it
// had: Mastodon keeps one per access token.
func (tx *Tx) SetPushSubscription(p *PushSubscription) error {
	if p.CreatedAt.IsZero() {
		p.CreatedAt = time.Now()
	}
	if _, err := tx.ExecContext(tx.ctx, "DELETE FROM push_subscriptions WHERE token_id = ?", p.TokenID); err != nil {
		return err
	}
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO push_subscriptions (id, token_id, endpoint, p256dh, auth, alerts, policy, access_token, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.TokenID, p.Endpoint, p.P256DH, p.Auth, mustJSON(p.Alerts), p.Policy,
		p.AccessToken, Millis(p.CreatedAt))
	return err
}

// UpdatePushSubscription changes a subscription's alerts and policy.
func (tx *Tx) UpdatePushSubscription(p *PushSubscription) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE push_subscriptions SET alerts = ?, policy = ? WHERE id = ?", mustJSON(p.Alerts), p.Policy, p.ID)
	return err
}

// PushSubscriptionOfToken returns a token's subscription.
func (db *DB) PushSubscriptionOfToken(ctx context.Context, token ID) (*PushSubscription, error) {
	return scanPush(db.reader.QueryRowContext(ctx, "SELECT "+pushColumns+" FROM push_subscriptions ps WHERE ps.token_id = ?", token))
}

// PushSubscription returns a subscription by id.
func (db *DB) PushSubscription(ctx context.Context, id ID) (*PushSubscription, error) {
	return scanPush(db.reader.QueryRowContext(ctx, "SELECT "+pushColumns+" FROM push_subscriptions ps WHERE ps.id = ?", id))
}

// DeletePushSubscription removes a subscription and its queued messages.
func (tx *Tx) DeletePushSubscription(id ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM push_subscriptions WHERE id = ?", id)
	return err
}

// PushSubscriptionsOf lists the subscriptions of an account's live tokens.
func (tx *Tx) PushSubscriptionsOf(account ID) ([]*PushSubscription, error) {
	rows, err := tx.QueryContext(tx.ctx, "SELECT "+pushColumns+` FROM push_subscriptions ps
		JOIN oauth_tokens t ON t.id = ps.token_id JOIN users u ON u.id = t.user_id
		WHERE u.account_id = ? AND t.revoked_at IS NULL`, account)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*PushSubscription
	for rows.Next() {
		p, err := scanPush(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, p)
	}
	return list, rows.Err()
}

// EnqueuePush queues a push message for a subscription, in the
// transaction that made the notification.
func (tx *Tx) EnqueuePush(p *PushSubscription, payload []byte) error {
	host, err := inboxHost(p.Endpoint)
	if err != nil {
		return err
	}
	now := Millis(time.Now())
	_, err = tx.ExecContext(tx.ctx, `INSERT INTO deliveries (kind, target_url, host, payload, next_at, created_at, push_subscription_id)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, deliveryKindWebPush, p.Endpoint, host, payload, now, now, p.ID)
	return err
}

// PushDelivery is a queued push message with its subscription.
type PushDelivery struct {
	Delivery
	Subscription *PushSubscription
}

// ClaimPushDeliveries takes up to limit due push messages and leases them,
// as ClaimDeliveries does for activities.
func (db *DB) ClaimPushDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]PushDelivery, error) {
	var out []PushDelivery
	err := db.Write(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(tx.ctx, `SELECT d.id, d.target_url, d.host, d.payload, d.attempts, d.next_at, d.created_at, `+
			pushColumns+` FROM deliveries d JOIN push_subscriptions ps ON ps.id = d.push_subscription_id
			WHERE d.kind = 'webpush' AND d.next_at <= ? ORDER BY d.next_at, d.id LIMIT ?`, Millis(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d PushDelivery
			var p PushSubscription
			var next, created, subCreated int64
			var alerts string
			if err := rows.Scan(&d.ID, &d.TargetURL, &d.Host, &d.Payload, &d.Attempts, &next, &created,
				&p.ID, &p.TokenID, &p.Endpoint, &p.P256DH, &p.Auth, &alerts, &p.Policy, &p.AccessToken, &subCreated); err != nil {
				return err
			}
			unmarshalLoose(alerts, &p.Alerts)
			d.NextAt, d.CreatedAt, p.CreatedAt = FromMillis(next), FromMillis(created), FromMillis(subCreated)
			d.Subscription = &p
			out = append(out, d)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		ids := make([]ID, len(out))
		for i := range out {
			ids[i] = out[i].ID
		}
		return tx.setDeliveriesNextAt(ids, now.Add(lease))
	})
	return out, err
}

// NextPushAt is when the earliest queued push message is due; ok is false
// when there is none.
func (db *DB) NextPushAt(ctx context.Context) (at time.Time, ok bool, err error) {
	var ms *int64
	if err := db.reader.QueryRowContext(ctx, "SELECT MIN(next_at) FROM deliveries WHERE kind = 'webpush'").Scan(&ms); err != nil {
		return time.Time{}, false, err
	}
	if ms == nil {
		return time.Time{}, false, nil
	}
	return FromMillis(*ms), true, nil
}

// AccountLocale is the language a local account's user reads.
func (tx *Tx) AccountLocale(account ID) (string, error) {
	var locale string
	err := tx.QueryRowContext(tx.ctx, "SELECT locale FROM users WHERE account_id = ?", account).Scan(&locale)
	return locale, notFound(err)
}
