package store

import (
	"context"
	"time"
)

// HostQueue is the outbox's state for one remote host: how many
// deliveries wait for it, how many of those already failed, and what the
// hosts table knows of its failures.
type HostQueue struct {
	Host             string
	Pending          int // queued deliveries, failed or not
	Failing          int // queued deliveries that failed at least once
	OldestAt         *time.Time
	NextAt           *time.Time
	LastError        string // of the most recently failed delivery
	Failures         int    // consecutive failures of the host
	FailingSince     *time.Time
	UnavailableSince *time.Time
}

// DeliveryQueueByHost lists the hosts with queued ActivityPub deliveries or
// recorded failures, the unhealthiest first: the admin's view of the
// federation queue.
func (db *DB) DeliveryQueueByHost(ctx context.Context, limit int) ([]HostQueue, error) {
	rows, err := db.reader.QueryContext(ctx, `
		WITH queued AS (
			SELECT host, COUNT(*) AS pending, SUM(attempts > 0) AS failing, MIN(created_at) AS oldest,
				MIN(next_at) AS next_at,
				(SELECT d2.last_error FROM deliveries d2 WHERE d2.host = d.host AND d2.kind = 'activitypub'
					AND d2.last_error != '' ORDER BY d2.next_at DESC LIMIT 1) AS last_error
			FROM deliveries d WHERE kind = 'activitypub' GROUP BY host
		), names AS (
			SELECT host FROM queued UNION SELECT host FROM hosts WHERE failures > 0 OR unavailable_since IS NOT NULL
		)
		SELECT n.host, COALESCE(q.pending, 0), COALESCE(q.failing, 0), q.oldest, q.next_at,
			COALESCE(q.last_error, ''), COALESCE(h.failures, 0), h.failing_since, h.unavailable_since
		FROM names n LEFT JOIN queued q ON q.host = n.host LEFT JOIN hosts h ON h.host = n.host
		ORDER BY h.unavailable_since IS NULL, COALESCE(q.failing, 0) DESC, COALESCE(q.pending, 0) DESC, n.host
		LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HostQueue
	for rows.Next() {
		var q HostQueue
		var oldest, next, failing, unavailable *int64
		if err := rows.Scan(&q.Host, &q.Pending, &q.Failing, &oldest, &next, &q.LastError, &q.Failures,
			&failing, &unavailable); err != nil {
			return nil, err
		}
		q.OldestAt, q.NextAt = nullMillis(oldest), nullMillis(next)
		q.FailingSince, q.UnavailableSince = nullMillis(failing), nullMillis(unavailable)
		out = append(out, q)
	}
	return out, rows.Err()
}
