package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Delivery is one row of the transactional outbox: an activity to POST to one inbox.
type Delivery struct {
	ID        ID
	SenderID  ID
	TargetURL string
	Host      string
	Payload   []byte
	Attempts  int
	NextAt    time.Time
	LastError string
	CreatedAt time.Time
	// From the hosts table, read when the row is claimed.
	HostUnavailable bool
	HostScheme      string
}

const deliveryKindActivityPub = "activitypub"

// deliveryBackoff is the wait after each failed attempt; when it runs out
// (about a week after the first attempt) the delivery is given up.
var deliveryBackoff = [...]time.Duration{
	time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour,
	12 * time.Hour, 24 * time.Hour, 24 * time.Hour, 24 * time.Hour, 48 * time.Hour,
}

// DeliveryRetryDelay is how long to wait after the attempts-th failure;
// ok is false once the schedule is over and the delivery should be dropped.
func DeliveryRetryDelay(attempts int) (delay time.Duration, ok bool) {
	if attempts < 1 || attempts > len(deliveryBackoff) {
		return 0, false
	}
	return deliveryBackoff[attempts-1], true
}

// DeliveryInboxes picks where an activity for recipients goes: each remote
// account's shared inbox if it has one, else its own inbox, once each.
// Local accounts are skipped: they are not delivered to over HTTP.
func DeliveryInboxes(recipients []*Account) []string {
	seen := make(map[string]bool, len(recipients))
	var inboxes []string
	for _, a := range recipients {
		if a == nil || a.Local() {
			continue
		}
		inbox := a.SharedInboxURL
		if inbox == "" {
			inbox = a.InboxURL
		}
		if inbox == "" || seen[inbox] {
			continue
		}
		seen[inbox] = true
		inboxes = append(inboxes, inbox)
	}
	return inboxes
}

// EnqueueDeliveries queues payload, signed by senderID, for each inbox
// (duplicates are sent once). Call it inside the transaction that makes the
// change, and wake the worker with tx.AfterCommit.
func (tx *Tx) EnqueueDeliveries(senderID ID, inboxes []string, payload []byte) error {
	seen := make(map[string]bool, len(inboxes))
	for _, inbox := range inboxes {
		if seen[inbox] {
			continue
		}
		seen[inbox] = true
		if err := tx.EnqueueDelivery(senderID, inbox, payload); err != nil {
			return err
		}
	}
	return nil
}

// EnqueueDelivery queues payload, signed by senderID, for one inbox.
func (tx *Tx) EnqueueDelivery(senderID ID, inbox string, payload []byte) error {
	host, err := inboxHost(inbox)
	if err != nil {
		return err
	}
	now := Millis(time.Now())
	_, err = tx.ExecContext(tx.ctx, `INSERT INTO deliveries (kind, sender_id, target_url, host, payload, next_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, deliveryKindActivityPub, senderID, inbox, host, payload, now, now)
	return err
}

func inboxHost(inbox string) (string, error) {
	u, err := url.Parse(inbox)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("delivery to %q: not an http(s) URL", inbox)
	}
	return strings.ToLower(u.Host), nil
}

// ClaimDeliveries takes up to limit due deliveries, at most perHost for any
// one host and none for the hosts in skipHosts, and leases them: their
// next_at moves lease ahead, so another claim does not take them again. A
// row whose worker dies before finishing is due again when the lease ends.
func (db *DB) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit, perHost int, skipHosts []string) ([]Delivery, error) {
	var out []Delivery
	err := db.Write(ctx, func(tx *Tx) error {
		skip := ""
		args := []any{Millis(now)}
		if len(skipHosts) > 0 {
			skip = " AND host NOT IN (" + placeholders(len(skipHosts)) + ")"
			for _, h := range skipHosts {
				args = append(args, h)
			}
		}
		args = append(args, perHost, limit)
		rows, err := tx.QueryContext(tx.ctx, `SELECT d.id, COALESCE(d.sender_id, 0), d.target_url, d.host, d.payload,
			d.attempts, d.next_at, d.last_error, d.created_at, h.unavailable_since IS NOT NULL, COALESCE(h.signature_scheme, '')
			FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY host ORDER BY next_at, id) AS n
				FROM deliveries WHERE next_at <= ? AND kind = 'activitypub'`+skip+`) d
			LEFT JOIN hosts h ON h.host = d.host
			WHERE d.n <= ? ORDER BY d.next_at, d.id LIMIT ?`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d Delivery
			var next, created int64
			if err := rows.Scan(&d.ID, &d.SenderID, &d.TargetURL, &d.Host, &d.Payload, &d.Attempts, &next,
				&d.LastError, &created, &d.HostUnavailable, &d.HostScheme); err != nil {
				return err
			}
			d.NextAt, d.CreatedAt = FromMillis(next), FromMillis(created)
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

func (tx *Tx) setDeliveriesNextAt(ids []ID, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.ExecContext(tx.ctx, "UPDATE deliveries SET next_at = ? WHERE id IN ("+placeholders(len(ids))+")",
		append([]any{Millis(at)}, idArgs(ids)...)...)
	return err
}

// ReleaseDeliveries makes claimed deliveries due now again (on shutdown).
func (tx *Tx) ReleaseDeliveries(ids []ID) error { return tx.setDeliveriesNextAt(ids, time.Now()) }

// DeleteDelivery removes a delivery that succeeded or failed for good.
func (tx *Tx) DeleteDelivery(id ID) error {
	_, err := tx.ExecContext(tx.ctx, "DELETE FROM deliveries WHERE id = ?", id)
	return err
}

// RetryDelivery records a failed attempt and schedules the next one by the
// backoff schedule; when the schedule is over it deletes the row and
// reports gaveUp.
func (tx *Tx) RetryDelivery(d *Delivery, lastError string, now time.Time) (gaveUp bool, err error) {
	attempts := d.Attempts + 1
	delay, ok := DeliveryRetryDelay(attempts)
	if !ok {
		return true, tx.DeleteDelivery(d.ID)
	}
	if len(lastError) > 500 {
		lastError = lastError[:500]
	}
	_, err = tx.ExecContext(tx.ctx, "UPDATE deliveries SET attempts = ?, next_at = ?, last_error = ? WHERE id = ?",
		attempts, Millis(now.Add(delay)), lastError, d.ID)
	return false, err
}

// Delivery returns one queued delivery (for tests and the admin view).
func (db *DB) Delivery(ctx context.Context, id ID) (*Delivery, error) {
	var d Delivery
	var next, created int64
	err := db.reader.QueryRowContext(ctx, `SELECT id, COALESCE(sender_id, 0), target_url, host, payload, attempts,
		next_at, last_error, created_at FROM deliveries WHERE id = ?`, id).
		Scan(&d.ID, &d.SenderID, &d.TargetURL, &d.Host, &d.Payload, &d.Attempts, &next, &d.LastError, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	d.NextAt, d.CreatedAt = FromMillis(next), FromMillis(created)
	return &d, nil
}

// QueuedDeliveries counts rows in the outbox.
func (db *DB) QueuedDeliveries(ctx context.Context) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, "SELECT COUNT(*) FROM deliveries").Scan(&n)
	return n, err
}

// NextDeliveryAt is when the earliest queued delivery is due; ok is false
// when the outbox is empty.
func (db *DB) NextDeliveryAt(ctx context.Context) (at time.Time, ok bool, err error) {
	var ms *int64
	if err := db.reader.QueryRowContext(ctx, "SELECT MIN(next_at) FROM deliveries WHERE kind = 'activitypub'").Scan(&ms); err != nil {
		return time.Time{}, false, err
	}
	if ms == nil {
		return time.Time{}, false, nil
	}
	return FromMillis(*ms), true, nil
}

// SenderKey returns the key id and PEM private key a local account signs with.
func (db *DB) SenderKey(ctx context.Context, senderID ID) (keyID, privateKeyPEM string, err error) {
	err = db.reader.QueryRowContext(ctx, "SELECT public_key_id, private_key_pem FROM accounts WHERE id = ? AND domain = ''",
		senderID).Scan(&keyID, &privateKeyPEM)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", ErrNotFound
	}
	return keyID, privateKeyPEM, err
}
