package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/server/oauth"
	"roost/store"
)

// Marker is Mastodon's Marker entity: where the user stopped reading.
type Marker struct {
	LastReadID string `json:"last_read_id"`
	Version    int    `json:"version"`
	UpdatedAt  string `json:"updated_at"`
}

func markersJSON(ms []store.Marker) map[string]Marker {
	out := map[string]Marker{}
	for _, m := range ms {
		out[m.Timeline] = Marker{LastReadID: store.FormatID(m.LastReadID), Version: m.Version,
			UpdatedAt: m.UpdatedAt.UTC().Format("2006-01-02T15:04:05.000Z")}
	}
	return out
}

// Markers serves GET /api/v1/markers?timeline[]=home&timeline[]=notifications.
func (api *API) Markers(c echo.Context) error {
	p, err := oauth.Params(c.Request())
	if err != nil {
		return err
	}
	ms, err := api.Actions.Markers(c.Request().Context(), ViewerOf(c).Account.ID, p["timeline"])
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, markersJSON(ms))
}

// SaveMarkers serves POST /api/v1/markers with home[last_read_id] and/or
// notifications[last_read_id], as a form or as JSON.
func (api *API) SaveMarkers(c echo.Context) error {
	p, err := oauth.Params(c.Request())
	if err != nil {
		return err
	}
	positions := map[string]store.ID{}
	for _, t := range actions.MarkerTimelines {
		raw := p.Get(t + "[last_read_id]")
		if raw == "" {
			continue
		}
		id, ok := store.ParseID(raw)
		if !ok {
			return &actions.ErrInvalid{Field: t + "[last_read_id]", Reason: "is not a valid id"}
		}
		positions[t] = id
	}
	ms, err := api.Actions.SaveMarkers(c.Request().Context(), ViewerOf(c).Account.ID, positions)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, markersJSON(ms))
}
