package mastoapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

// parseScheduledAt reads an ISO 8601 time as apps send scheduled_at.
func parseScheduledAt(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, &actions.ErrInvalid{Field: "scheduled_at", Reason: "is not a valid ISO 8601 time"}
}

func renderScheduled(c echo.Context, s *actions.ScheduledStatus, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, scheduledEntity(s))
}

// ScheduledStatuses serves GET /api/v1/scheduled_statuses.
func (api *API) ScheduledStatuses(c echo.Context) error {
	list, cursors, err := api.Actions.ScheduledStatuses(c.Request().Context(), viewerAccount(c), page(c))
	if err != nil {
		return err
	}
	api.setLink(c, cursors)
	out := make([]*ScheduledStatus, 0, len(list))
	for _, s := range list {
		out = append(out, scheduledEntity(s))
	}
	return c.JSON(http.StatusOK, out)
}

// GetScheduledStatus serves GET /api/v1/scheduled_statuses/:id.
func (api *API) GetScheduledStatus(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	s, err := api.Actions.GetScheduledStatus(c.Request().Context(), viewerAccount(c), id)
	return renderScheduled(c, s, err)
}

// RescheduleStatus serves PUT /api/v1/scheduled_statuses/:id.
func (api *API) RescheduleStatus(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := readParams(c)
	if err != nil {
		return err
	}
	at, err := parseScheduledAt(p.String("scheduled_at"))
	if err != nil {
		return err
	}
	s, err := api.Actions.RescheduleStatus(c.Request().Context(), viewerAccount(c), id, at)
	return renderScheduled(c, s, err)
}

// CancelScheduledStatus serves DELETE /api/v1/scheduled_statuses/:id.
func (api *API) CancelScheduledStatus(c echo.Context) error {
	return api.deleteByID(c, api.Actions.CancelScheduledStatus)
}
