package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Poll is a status's poll, local or remote.
type Poll struct {
	ID          ID
	StatusID    ID
	Options     []PollOption
	Multiple    bool
	HideTotals  bool
	VotesCount  int
	VotersCount int
	ExpiresAt   *time.Time
	ClosedAt    *time.Time
}

// PollOption is one choice and how many votes it has.
type PollOption struct {
	Title      string `json:"title"`
	VotesCount int    `json:"votes_count"`
}

// Expired reports whether the poll no longer takes votes at now.
func (p *Poll) Expired(now time.Time) bool {
	return p.ClosedAt != nil || (p.ExpiresAt != nil && !now.Before(*p.ExpiresAt))
}

// ErrAlreadyVoted is returned by VotePoll when the account has voted already.
var ErrAlreadyVoted = errors.New("store: already voted")

const pollColumns = `id, status_id, options, multiple, hide_totals, votes_count, voters_count, expires_at, closed_at`

func scanPoll(row interface{ Scan(...any) error }) (*Poll, error) {
	var p Poll
	var options string
	var expires, closed *int64
	if err := row.Scan(&p.ID, &p.StatusID, &options, &p.Multiple, &p.HideTotals, &p.VotesCount, &p.VotersCount,
		&expires, &closed); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	if err := json.Unmarshal([]byte(options), &p.Options); err != nil {
		return nil, fmt.Errorf("poll %d options: %w", p.ID, err)
	}
	p.ExpiresAt, p.ClosedAt = nullMillis(expires), nullMillis(closed)
	return &p, nil
}

// InsertPoll stores a local status's new poll and links the status to it.
func (tx *Tx) InsertPoll(p *Poll) error {
	raw, err := json.Marshal(p.Options)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO polls (`+pollColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.StatusID, string(raw), p.Multiple, p.HideTotals, p.VotesCount, p.VotersCount,
		optMillis(p.ExpiresAt), optMillis(p.ClosedAt)); err != nil {
		return err
	}
	_, err = tx.ExecContext(tx.ctx, "UPDATE statuses SET poll_id = ? WHERE id = ?", p.ID, p.StatusID)
	return err
}

// Poll reads one poll in the transaction, or ErrNotFound.
func (tx *Tx) Poll(id ID) (*Poll, error) {
	return scanPoll(tx.QueryRowContext(tx.ctx, "SELECT "+pollColumns+" FROM polls WHERE id = ?", id))
}

// Poll reads one poll, or ErrNotFound.
func (db *DB) Poll(ctx context.Context, id ID) (*Poll, error) {
	return scanPoll(db.R().QueryRowContext(ctx, "SELECT "+pollColumns+" FROM polls WHERE id = ?", id))
}

// PollsOf returns the polls of the given statuses, keyed by status id.
func (db *DB) PollsOf(ctx context.Context, statusIDs []ID) (map[ID]*Poll, error) {
	out := map[ID]*Poll{}
	if len(statusIDs) == 0 {
		return out, nil
	}
	rows, err := db.R().QueryContext(ctx, "SELECT "+pollColumns+" FROM polls WHERE status_id IN ("+
		placeholders(len(statusIDs))+")", idArgs(statusIDs)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPoll(rows)
		if err != nil {
			return nil, err
		}
		out[p.StatusID] = p
	}
	return out, rows.Err()
}

// OwnVotes returns the choices accountID made on each of the polls.
func (db *DB) OwnVotes(ctx context.Context, accountID ID, pollIDs []ID) (map[ID][]int, error) {
	out := map[ID][]int{}
	if accountID == 0 || len(pollIDs) == 0 {
		return out, nil
	}
	args := append([]any{accountID}, idArgs(pollIDs)...)
	rows, err := db.R().QueryContext(ctx, "SELECT poll_id, choice FROM poll_votes WHERE account_id = ? AND poll_id IN ("+
		placeholders(len(pollIDs))+") ORDER BY poll_id, choice", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id ID
		var choice int
		if err := rows.Scan(&id, &choice); err != nil {
			return nil, err
		}
		out[id] = append(out[id], choice)
	}
	return out, rows.Err()
}

// HasVoted reports whether accountID has voted on pollID.
func (tx *Tx) HasVoted(pollID, accountID ID) (bool, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, "SELECT count(*) FROM poll_votes WHERE poll_id = ? AND account_id = ?",
		pollID, accountID).Scan(&n)
	return n > 0, err
}

// VotePoll records accountID's choices on p and moves its counts; the
// caller has checked the choices. ErrAlreadyVoted if the account has voted
// (on a multiple-choice poll: on one of these choices; a remote voter sends
// one activity a choice).
// uri names a remote vote (” for local ones).
func (tx *Tx) VotePoll(p *Poll, accountID ID, choices []int, uri string, at time.Time) error {
	voted, err := tx.HasVoted(p.ID, accountID)
	if err != nil {
		return err
	}
	if voted && !p.Multiple {
		return ErrAlreadyVoted
	}
	for _, c := range choices {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO poll_votes (poll_id, account_id, choice, uri, created_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, p.ID, accountID, c, uri, Millis(at))
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return ErrAlreadyVoted
		}
		p.Options[c].VotesCount++
		p.VotesCount++
	}
	if !voted {
		p.VotersCount++
	}
	return tx.SavePollCounts(p)
}

// SavePollCounts writes p's option counts and totals.
func (tx *Tx) SavePollCounts(p *Poll) error {
	raw, err := json.Marshal(p.Options)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(tx.ctx, "UPDATE polls SET options = ?, votes_count = ?, voters_count = ? WHERE id = ?",
		string(raw), p.VotesCount, p.VotersCount, p.ID)
	return err
}

// PollVoters returns the local accounts that voted on a poll.
func (tx *Tx) PollVoters(pollID ID) ([]ID, error) {
	return queryIDs(tx.ctx, tx, `SELECT DISTINCT v.account_id FROM poll_votes v JOIN accounts a ON a.id = v.account_id
		WHERE v.poll_id = ? AND a.domain = ''`, pollID)
}

// NextPollExpiry is when the earliest poll not yet notified ends; ErrNotFound if none.
func (db *DB) NextPollExpiry(ctx context.Context) (time.Time, error) {
	var ms *int64
	if err := db.R().QueryRowContext(ctx, `SELECT min(expires_at) FROM polls WHERE notified_at IS NULL
		AND expires_at IS NOT NULL`).Scan(&ms); err != nil {
		return time.Time{}, err
	}
	if ms == nil {
		return time.Time{}, ErrNotFound
	}
	return FromMillis(*ms), nil
}

// EndedPolls returns up to limit polls ended by now and not yet notified.
func (tx *Tx) EndedPolls(now time.Time, limit int) ([]*Poll, error) {
	rows, err := tx.QueryContext(tx.ctx, "SELECT "+pollColumns+` FROM polls WHERE notified_at IS NULL
		AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?`, Millis(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Poll
	for rows.Next() {
		p, err := scanPoll(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// MarkPollNotified records that a poll's end has been announced.
func (tx *Tx) MarkPollNotified(id ID, at time.Time) error {
	_, err := tx.ExecContext(tx.ctx, "UPDATE polls SET notified_at = ? WHERE id = ?", Millis(at), id)
	return err
}
