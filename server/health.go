package server

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"roost/store"
)

// Health probes answer without authentication and are logged at debug
// only: a supervisor asking every few seconds must not flood the log.
const (
	livenessPath  = "/livez"
	readinessPath = "/readyz"
)

// live serves GET /livez: the process is up and serving HTTP.
func (s *Server) live(c echo.Context) error {
	return c.String(http.StatusOK, "ok")
}

// ready serves GET /readyz: the database answers and its schema is the one
// this binary expects. Otherwise 503 with the reason, for the operator.
func (s *Server) ready(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	applied, err := s.db.AppliedSchemaVersion(ctx)
	if err != nil {
		return c.String(http.StatusServiceUnavailable, fmt.Sprintf("database not answering: %v", err))
	}
	if want := store.SchemaVersion(); applied != want {
		return c.String(http.StatusServiceUnavailable, fmt.Sprintf("database schema is at version %d, this roost needs %d", applied, want))
	}
	return c.String(http.StatusOK, "ok")
}
