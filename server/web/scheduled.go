package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// scheduledTime reads the composer's datetime-local field in the
// browser's time zone (UTC when roost.js did not say).
func scheduledTime(value, utcOffset string) (time.Time, error) {
	t, err := time.Parse("2006-01-02T15:04", value)
	if err != nil {
		return time.Time{}, &actions.ErrInvalid{Field: "scheduled_at", Reason: "is not a valid time"}
	}
	if minutes, err := strconv.Atoi(utcOffset); err == nil && minutes > -24*60 && minutes < 24*60 {
		t = t.Add(time.Duration(minutes) * time.Minute)
	}
	return t, nil
}

// scheduleStatus keeps the composer's status for later.
func (h *Handlers) scheduleStatus(c echo.Context, form composeForm, args actions.PostStatusArgs, uploads []actions.UploadMediaArgs) error {
	at, err := scheduledTime(form.ScheduledAt, form.UTCOffset)
	if err == nil {
		args.IdempotencyKey = ""
		_, err = h.Actions.ScheduleStatusWithMedia(c.Request().Context(), sessionOf(c).Account, args, uploads, at)
	}
	if err != nil {
		if form.Errors, err = formError(err, "text", "spoiler_text", "visibility", "language", "scheduled_at"); err != nil {
			return err
		}
		form.IdempotencyKey = ""
		return h.renderCompose(c, http.StatusUnprocessableEntity, h.newCompose(c, form))
	}
	return c.Redirect(http.StatusSeeOther, "/scheduled?notice=scheduled")
}

type scheduledCard struct {
	ID          string
	At          time.Time
	Text        string
	SpoilerText string
	Visibility  string
}

type scheduledPage struct {
	Statuses []scheduledCard
	Pager    pager
}

// ScheduledStatuses lists the user's statuses waiting to be published.
func (h *Handlers) ScheduledStatuses(c echo.Context) error {
	p, paged := pageOf(c)
	list, cursors, err := h.Actions.ScheduledStatuses(c.Request().Context(), sessionOf(c).Account, p)
	if err != nil {
		return err
	}
	page := scheduledPage{Pager: newPager(c.Request().URL.Path, c.QueryParams(), cursors, p.Limit, paged)}
	for _, s := range list {
		page.Statuses = append(page.Statuses, scheduledCard{ID: store.FormatID(s.ID), At: s.ScheduledAt, Text: s.Params.Text,
			SpoilerText: s.Params.SpoilerText, Visibility: s.Params.Visibility})
	}
	return h.render(c, http.StatusOK, "scheduled", page)
}

// CancelScheduledStatus deletes one scheduled status.
func (h *Handlers) CancelScheduledStatus(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.CancelScheduledStatus(c.Request().Context(), sessionOf(c).Account, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/scheduled?notice=deleted")
}
