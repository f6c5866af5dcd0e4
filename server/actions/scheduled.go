package actions

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"roost/store"
)

// Scheduling limits, as in Mastodon.
const (
	minScheduleAhead   = 5 * time.Minute
	maxScheduledPerDay = 25
	maxScheduled       = 300
	// schedulerRetry is how long a scheduled status that failed for a
	// passing reason (the database was busy) waits before another try.
	schedulerRetry = time.Minute
	// schedulerIdle is the longest the scheduler sleeps with nothing due;
	// new rows wake it sooner.
	schedulerIdle = time.Hour
)

// ScheduledParams are a scheduled status's arguments, stored as JSON in
// Mastodon's words (they are also the API entity's params).
type ScheduledParams struct {
	Text          string     `json:"text"`
	Visibility    string     `json:"visibility"`
	SpoilerText   string     `json:"spoiler_text,omitempty"`
	Sensitive     bool       `json:"sensitive"`
	Language      string     `json:"language,omitempty"`
	InReplyToID   store.ID   `json:"in_reply_to_id,omitempty,string"`
	MediaIDs      []store.ID `json:"media_ids,omitempty"`
	ApplicationID *store.ID  `json:"application_id,omitempty"`
}

// ScheduledStatus is a status waiting to be published.
type ScheduledStatus struct {
	ID          store.ID
	ScheduledAt time.Time
	Params      ScheduledParams
}

func scheduledView(row *store.ScheduledStatus) (*ScheduledStatus, error) {
	out := &ScheduledStatus{ID: row.ID, ScheduledAt: row.ScheduledAt}
	return out, json.Unmarshal([]byte(row.Params), &out.Params)
}

func (p ScheduledParams) postArgs(id store.ID) PostStatusArgs {
	return PostStatusArgs{Text: p.Text, Visibility: p.Visibility, SpoilerText: p.SpoilerText, Sensitive: p.Sensitive,
		Language: p.Language, InReplyToID: p.InReplyToID, MediaIDs: p.MediaIDs, ApplicationID: p.ApplicationID,
		// Publishing twice (a crash after posting, before the row is
		// gone) returns the first status instead of a duplicate.
		IdempotencyKey: "scheduled-" + store.FormatID(id)}
}

// checkScheduleTime refuses a time too close: Mastodon's five minutes.
func checkScheduleTime(at time.Time) error {
	if at.Before(time.Now().Add(minScheduleAhead)) {
		return invalid("scheduled_at", "must be at least 5 minutes in the future")
	}
	return nil
}

// ScheduleStatus keeps a status to publish at a later time through
// PostStatus; it is checked now, so a client hears of a mistake at once.
func (a *Actions) ScheduleStatus(ctx context.Context, author *store.Account, args PostStatusArgs, at time.Time) (*ScheduledStatus, error) {
	if err := checkScheduleTime(at); err != nil {
		return nil, err
	}
	if err := a.checkPost(ctx, author, &args); err != nil {
		return nil, err
	}
	if args.InReplyToID != 0 {
		if _, err := a.visibleStatus(ctx, author, args.InReplyToID); err != nil {
			return nil, err
		}
	}
	if err := a.checkScheduleLimits(ctx, author, at); err != nil {
		return nil, err
	}
	params := ScheduledParams{Text: args.Text, Visibility: args.Visibility, SpoilerText: args.SpoilerText, Sensitive: args.Sensitive,
		Language: args.Language, InReplyToID: args.InReplyToID, MediaIDs: args.MediaIDs, ApplicationID: args.ApplicationID}
	raw, err := json.Marshal(params)
	if err != nil {
		return nil, err
	}
	row := &store.ScheduledStatus{ID: a.DB.NewID(), AccountID: author.ID, ScheduledAt: at.UTC(), Params: string(raw), CreatedAt: time.Now()}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error {
		tx.AfterCommit(a.wakeScheduler)
		return tx.InsertScheduledStatus(row)
	}); err != nil {
		return nil, err
	}
	return &ScheduledStatus{ID: row.ID, ScheduledAt: row.ScheduledAt, Params: params}, nil
}

func (a *Actions) checkScheduleLimits(ctx context.Context, author *store.Account, at time.Time) error {
	day := at.UTC().Truncate(24 * time.Hour)
	n, err := a.DB.ScheduledStatusCount(ctx, author.ID, day, day.Add(24*time.Hour))
	if err != nil {
		return err
	}
	if n >= maxScheduledPerDay {
		return invalid("scheduled_at", "exceeds the limit of 25 scheduled statuses per day")
	}
	total, err := a.DB.ScheduledStatusCount(ctx, author.ID, time.Time{}, time.Now().AddDate(100, 0, 0))
	if err != nil {
		return err
	}
	if total >= maxScheduled {
		return invalid("scheduled_at", "exceeds the limit of 300 scheduled statuses")
	}
	return nil
}

// ScheduledStatuses lists the viewer's scheduled statuses.
func (a *Actions) ScheduledStatuses(ctx context.Context, viewer *store.Account, p store.Page) ([]*ScheduledStatus, []store.ID, error) {
	rows, cursors, err := a.DB.ScheduledStatuses(ctx, viewer.ID, p)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*ScheduledStatus, 0, len(rows))
	for _, r := range rows {
		v, err := scheduledView(r)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, v)
	}
	return out, cursors, nil
}

// GetScheduledStatus returns one of the viewer's scheduled statuses.
func (a *Actions) GetScheduledStatus(ctx context.Context, viewer *store.Account, id store.ID) (*ScheduledStatus, error) {
	row, err := valueOrNotFound(a.DB.ScheduledStatus(ctx, viewer.ID, id))
	if err != nil {
		return nil, err
	}
	return scheduledView(row)
}

// RescheduleStatus moves one of the viewer's scheduled statuses.
func (a *Actions) RescheduleStatus(ctx context.Context, viewer *store.Account, id store.ID, at time.Time) (*ScheduledStatus, error) {
	s, err := a.GetScheduledStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	if err := checkScheduleTime(at); err != nil {
		return nil, err
	}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error {
		tx.AfterCommit(a.wakeScheduler)
		return tx.RescheduleStatus(s.ID, at.UTC())
	}); err != nil {
		return nil, err
	}
	s.ScheduledAt = at.UTC()
	return s, nil
}

// CancelScheduledStatus deletes one of the viewer's scheduled statuses.
func (a *Actions) CancelScheduledStatus(ctx context.Context, viewer *store.Account, id store.ID) error {
	s, err := a.GetScheduledStatus(ctx, viewer, id)
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.DeleteScheduledStatus(s.ID)
		return err
	})
}

func (a *Actions) wakeScheduler() {
	select {
	case a.scheduleWake <- struct{}{}:
	default:
	}
}

// RunScheduler publishes scheduled statuses when they fall due, until ctx
// ends. It keeps no schedule of its own: each round reads the due rows and
// the next due time from the database, so after a restart whatever fell
// due while Roost was down is published at once. The server owns it and
// waits for it at shutdown.
func (a *Actions) RunScheduler(ctx context.Context) {
	for {
		retry := a.publishDue(ctx)
		wait := schedulerIdle
		at, ok, err := a.DB.NextScheduledAt(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			a.Log.Warn("reading the next scheduled status", "err", err)
			wait = schedulerRetry
		case ok:
			wait = min(wait, max(time.Until(at), 0))
		}
		if retry {
			wait = max(wait, schedulerRetry)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-a.scheduleWake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// publishDue publishes every due status; it reports whether one failed
// for a passing reason and stays due.
func (a *Actions) publishDue(ctx context.Context) (retry bool) {
	for ctx.Err() == nil {
		due, err := a.DB.DueScheduledStatuses(ctx, time.Now(), 20)
		if err != nil {
			a.Log.Warn("reading scheduled statuses", "err", err)
			return true
		}
		if len(due) == 0 {
			return false
		}
		for _, row := range due {
			if err := a.publishScheduled(ctx, row); err != nil {
				a.Log.Warn("publishing a scheduled status", "id", row.ID, "err", err)
				return true
			}
		}
	}
	return false
}

// publishScheduled posts one due status through PostStatus, then forgets
// it. One that can no longer be posted (its author suspended, its reply
// target gone, its text now invalid) is dropped, as Mastodon does.
func (a *Actions) publishScheduled(ctx context.Context, row *store.ScheduledStatus) error {
	drop := func() error {
		return a.DB.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.DeleteScheduledStatus(row.ID)
			return err
		})
	}
	s, err := scheduledView(row)
	if err != nil {
		a.Log.Warn("dropping an unreadable scheduled status", "id", row.ID, "err", err)
		return drop()
	}
	author, err := a.targetAccount(ctx, row.AccountID)
	if err == nil {
		_, err = a.PostStatus(ctx, author, s.Params.postArgs(row.ID))
	}
	var bad *ErrInvalid
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) || errors.As(err, &bad) {
		a.Log.Info("dropping a scheduled status that can no longer be posted", "id", row.ID, "err", err)
		return drop()
	}
	if err != nil {
		return err
	}
	return drop()
}
