package mastoapi

// PLACEHOLDERS. Apps call these endpoints at start-up and give up, or show
// an error, when one answers 404. Until the real feature exists, each
// answers an empty but valid value behind the scope guard Mastodon uses
// (the guards sit on the routes in server/server.go). Replace a handler
// here with a real one, and delete it from this file, as features land.

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// StreamingHealth serves GET /api/v1/streaming/health, which apps poll
// before opening a stream.
func (api *API) StreamingHealth(c echo.Context) error {
	return c.String(http.StatusOK, "OK")
}
