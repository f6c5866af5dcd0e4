package store

import (
	"context"
	"time"
)

// Peers lists the domains of the remote accounts the instance knows,
// leaving out the domains it blocks (Mastodon's instance/peers).
func (db *DB) Peers(ctx context.Context) ([]string, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT DISTINCT domain FROM accounts WHERE domain != ''
		AND domain NOT IN (SELECT domain FROM instance_domain_blocks) ORDER BY domain`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// WeekActivity is one week of local activity.
type WeekActivity struct {
	Week          time.Time
	Statuses      int
	Logins        int
	Registrations int
}

// WeekActivityFrom counts the local activity of the week starting at
// start: statuses posted, users registered, and users whose latest
// sign-in or token use falls in it (only the latest is kept, so earlier
// weeks count the users not seen since: a lower bound).
func (db *DB) WeekActivityFrom(ctx context.Context, start time.Time) (WeekActivity, error) {
	w := WeekActivity{Week: start}
	from, to := Millis(start), Millis(start.AddDate(0, 0, 7))
	err := db.reader.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM statuses WHERE local = 1 AND reblog_of_id IS NULL AND created_at >= ?1 AND created_at < ?2),
		(SELECT COUNT(*) FROM (SELECT MAX(COALESCE(u.last_sign_in_at, 0),
			COALESCE((SELECT MAX(t.last_used_at) FROM oauth_tokens t WHERE t.user_id = u.id), 0)) AS seen FROM users u)
			WHERE seen >= ?1 AND seen < ?2),
		(SELECT COUNT(*) FROM users WHERE created_at >= ?1 AND created_at < ?2)`, from, to).
		Scan(&w.Statuses, &w.Logins, &w.Registrations)
	return w, err
}

// InstanceStartedAt is when the first local account was made: the date of
// the instance's texts until an admin edits them.
func (db *DB) InstanceStartedAt(ctx context.Context) (time.Time, error) {
	var ms *int64
	err := db.reader.QueryRowContext(ctx, "SELECT MIN(created_at) FROM accounts WHERE domain = ''").Scan(&ms)
	if err != nil || ms == nil {
		return time.Unix(0, 0).UTC(), err
	}
	return *nullMillis(ms), nil
}
