package actions

import (
	"context"
	"time"

	"roost/server/events"
	"roost/store"
)

// announcementPoll bounds how long the schedule sleeps, so that a clock
// change or a missed wake-up costs at most this delay.
const announcementPoll = time.Minute

// wakeAnnouncements tells the schedule that announcements changed, once tx commits.
func (a *Actions) wakeAnnouncements(tx *store.Tx) {
	tx.AfterCommit(func() {
		select {
		case a.announceWake <- struct{}{}:
		default:
		}
	})
}

// RunAnnouncementSchedule tells open user streams when a published
// announcement's start time comes (an announcement event) and when its end
// time passes (announcement.delete), as Mastodon does for scheduled ones,
// until ctx ends. The server owns it and waits for it at shutdown.
func (a *Actions) RunAnnouncementSchedule(ctx context.Context) {
	last := time.Now()
	for {
		wait := announcementPoll
		next, err := a.DB.NextAnnouncementChange(ctx, last)
		if err != nil && ctx.Err() == nil {
			a.Log.Warn("announcement schedule", "err", err)
		}
		if next != nil {
			wait = min(wait, max(time.Until(*next), 0))
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-a.announceWake: // the next change may have moved
			timer.Stop()
		case <-timer.C:
		}
		now := time.Now()
		a.announceChanges(ctx, last, now)
		last = now
	}
}

// announceChanges publishes the starts and ends that fell in (from, to].
func (a *Actions) announceChanges(ctx context.Context, from, to time.Time) {
	list, err := a.DB.Announcements(ctx)
	if err != nil {
		if ctx.Err() == nil {
			a.Log.Warn("announcement schedule", "err", err)
		}
		return
	}
	within := func(t *time.Time) bool { return t != nil && t.After(from) && !t.After(to) }
	for _, ann := range list {
		switch {
		case ann.PublishedAt == nil:
		case within(ann.EndsAt):
			a.Events.Publish(&events.Event{Kind: events.AnnouncementDelete, AnnouncementID: ann.ID})
		case within(ann.StartsAt) && ann.Active(to):
			a.Events.Publish(&events.Event{Kind: events.Announcement, AnnouncementID: ann.ID})
		}
	}
}
