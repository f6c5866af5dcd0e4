package mastoapi

import (
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
	return renderOne(c, scheduledEntity, s, err)
}

// ScheduledStatuses serves GET /api/v1/scheduled_statuses.
func (api *API) ScheduledStatuses(c echo.Context) error {
	list, cursors, err := api.Actions.ScheduledStatuses(c.Request().Context(), viewerAccount(c), page(c))
	if err == nil {
		api.setLink(c, cursors)
	}
	return renderAll(c, scheduledEntity, list, err)
}

// GetScheduledStatus serves GET /api/v1/scheduled_statuses/:id.
func (api *API) GetScheduledStatus(c echo.Context) error {
	return getByID(c, api.Actions.GetScheduledStatus, scheduledEntity)
}

// RescheduleStatus serves PUT /api/v1/scheduled_statuses/:id.
func (api *API) RescheduleStatus(c echo.Context) error {
	return updateByID(c, func(p *params) (time.Time, error) { return parseScheduledAt(p.String("scheduled_at")) },
		api.Actions.RescheduleStatus, scheduledEntity)
}

// CancelScheduledStatus serves DELETE /api/v1/scheduled_statuses/:id.
func (api *API) CancelScheduledStatus(c echo.Context) error {
	return deleteByID(c, api.Actions.CancelScheduledStatus)
}
