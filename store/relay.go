package store

import (
	"context"
	"time"
)

// Relay kinds: how the relay is followed and how it passes posts on.
const (
	// RelayLitePub relays (Pleroma's, Akkoma's) are actors: the instance
	// actor follows them and they Announce what they receive.
	RelayLitePub = "litepub"
	// RelayMastodon relays are an inbox followed with a Follow of Public;
	// they forward the Create activities they receive as they are.
	RelayMastodon = "mastodon"
)

// Relay subscription states.
const (
	RelayPending  = "pending"
	RelayAccepted = "accepted"
	RelayRejected = "rejected"
)

// Relay is an ActivityPub relay the instance subscribes to.
type Relay struct {
	ID        ID
	URL       string // as the admin gave it
	Kind      string // RelayLitePub or RelayMastodon
	InboxURL  string
	ActorURI  string // "" until known
	State     string
	FollowURI string // the id of the Follow the instance actor sent
	CreatedAt time.Time
}

const relayColumns = "id, url, kind, inbox_url, actor_uri, state, follow_uri, created_at"

func scanRelay(row interface{ Scan(...any) error }) (*Relay, error) {
	var r Relay
	var created int64
	if err := notFound(row.Scan(&r.ID, &r.URL, &r.Kind, &r.InboxURL, &r.ActorURI, &r.State, &r.FollowURI, &created)); err != nil {
		return nil, err
	}
	r.CreatedAt = FromMillis(created)
	return &r, nil
}

// InsertRelay stores a new relay subscription; a URL already subscribed is ErrConflict.
func (tx *Tx) InsertRelay(r *Relay) error {
	_, err := tx.ExecContext(tx.ctx, "INSERT INTO relays ("+relayColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		r.ID, r.URL, r.Kind, r.InboxURL, r.ActorURI, r.State, r.FollowURI, Millis(r.CreatedAt))
	return conflict(err)
}

// UpdateRelayState records a relay's answer and, once known, its actor.
func (tx *Tx) UpdateRelayState(id ID, state, actorURI string) error {
	return affectOne(tx.ExecContext(tx.ctx, "UPDATE relays SET state = ?, actor_uri = ? WHERE id = ?", state, actorURI, id))
}

// DeleteRelay removes a relay subscription.
func (tx *Tx) DeleteRelay(id ID) error {
	return affectOne(tx.ExecContext(tx.ctx, "DELETE FROM relays WHERE id = ?", id))
}

// Relay returns a relay subscription by id.
func (db *DB) Relay(ctx context.Context, id ID) (*Relay, error) {
	return scanRelay(db.reader.QueryRowContext(ctx, "SELECT "+relayColumns+" FROM relays WHERE id = ?", id))
}

// Relays lists the relay subscriptions, oldest first.
func (db *DB) Relays(ctx context.Context) ([]*Relay, error) {
	rows, err := db.reader.QueryContext(ctx, "SELECT "+relayColumns+" FROM relays ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Relay
	for rows.Next() {
		r, err := scanRelay(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AcceptedRelayByActor returns the accepted relay whose actor is uri.
func (db *DB) AcceptedRelayByActor(ctx context.Context, uri string) (*Relay, error) {
	return scanRelay(db.reader.QueryRowContext(ctx, "SELECT "+relayColumns+" FROM relays WHERE actor_uri = ? AND actor_uri <> '' AND state = ?",
		uri, RelayAccepted))
}

// AcceptedRelayInboxes lists the inboxes of the relays that accepted the
// instance's subscription, where local public posts are sent too.
func (tx *Tx) AcceptedRelayInboxes() ([]string, error) {
	rows, err := tx.QueryContext(tx.ctx, "SELECT inbox_url FROM relays WHERE state = ? ORDER BY id", RelayAccepted)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var inbox string
		if err := rows.Scan(&inbox); err != nil {
			return nil, err
		}
		out = append(out, inbox)
	}
	return out, rows.Err()
}
