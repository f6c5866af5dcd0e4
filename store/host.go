package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Host is what we know of a remote server: whether deliveries to it keep
// failing, and which HTTP signature scheme it accepts.
type Host struct {
	Host             string
	Failures         int        // consecutive failed deliveries
	FailingSince     *time.Time // start of the current run of failures
	UnavailableSince *time.Time // set once the host has failed long enough; deliveries skip it
	SignatureScheme  string     // "", "rfc9421" or "cavage"
	Software         string
	UpdatedAt        time.Time
}

// Available reports whether deliveries to the host should be attempted.
func (h *Host) Available() bool { return h.UnavailableSince == nil }

// HostByName returns what we know of host. An unknown host is returned as a
// fresh, available Host (not ErrNotFound): every host starts out reachable.
func (db *DB) HostByName(ctx context.Context, host string) (*Host, error) {
	h := Host{Host: host}
	var failing, unavailable *int64
	var updated int64
	err := db.reader.QueryRowContext(ctx, `SELECT failures, failing_since, unavailable_since, signature_scheme,
		software, updated_at FROM hosts WHERE host = ?`, host).
		Scan(&h.Failures, &failing, &unavailable, &h.SignatureScheme, &h.Software, &updated)
	if err == nil {
		h.FailingSince, h.UnavailableSince, h.UpdatedAt = nullMillis(failing), nullMillis(unavailable), FromMillis(updated)
		return &h, nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &h, nil
	}
	return nil, err
}

// HostFailurePolicy decides when a failing host becomes unavailable: after
// at least Failures consecutive failures spread over at least Span.
type HostFailurePolicy struct {
	Failures int
	Span     time.Duration
}

// RecordHostFailure counts one more failed delivery to host and reports
// whether the host is now unavailable.
func (tx *Tx) RecordHostFailure(host string, now time.Time, policy HostFailurePolicy) (unavailable bool, err error) {
	ms := Millis(now)
	_, err = tx.ExecContext(tx.ctx, `INSERT INTO hosts (host, failures, failing_since, updated_at) VALUES (?, 1, ?, ?)
		ON CONFLICT (host) DO UPDATE SET failures = failures + 1,
			failing_since = COALESCE(failing_since, excluded.failing_since), updated_at = excluded.updated_at`,
		host, ms, ms)
	if err != nil {
		return false, err
	}
	_, err = tx.ExecContext(tx.ctx, `UPDATE hosts SET unavailable_since = ? WHERE host = ? AND unavailable_since IS NULL
		AND failures >= ? AND failing_since <= ?`, ms, host, policy.Failures, ms-policy.Span.Milliseconds())
	if err != nil {
		return false, err
	}
	err = tx.QueryRowContext(tx.ctx, "SELECT unavailable_since IS NOT NULL FROM hosts WHERE host = ?", host).Scan(&unavailable)
	return unavailable, err
}

// MarkHostReachable forgets a host's failures: call it after any successful
// delivery to it and whenever it sends us an activity.
func (tx *Tx) MarkHostReachable(host string) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE hosts SET failures = 0, failing_since = NULL, unavailable_since = NULL,
		updated_at = ? WHERE host = ? AND (failures != 0 OR unavailable_since IS NOT NULL)`, Millis(time.Now()), host)
	return err
}

// SetHostSignatureScheme remembers which signature scheme host accepted.
func (tx *Tx) SetHostSignatureScheme(host, scheme string) error {
	ms := Millis(time.Now())
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO hosts (host, signature_scheme, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (host) DO UPDATE SET signature_scheme = excluded.signature_scheme, updated_at = excluded.updated_at`,
		host, scheme, ms)
	return err
}
