package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// logRequests writes one line per request at info; health probes at debug.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		req := c.Request()
		level := slog.LevelInfo
		if p := req.URL.Path; p == livenessPath || p == readinessPath {
			level = slog.LevelDebug
		}
		s.log.LogAttrs(req.Context(), level, "request",
			slog.String("method", req.Method), slog.String("path", req.URL.Path),
			slog.Int("status", c.Response().Status), slog.Duration("took", time.Since(start)),
			slog.Int64("bytes", c.Response().Size))
		return nil
	}
}

// recoverPanics turns a handler panic into a 500 and a logged stack, so one
// bad request never takes the instance down.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic", "path", c.Request().URL.Path, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

// corsForApps lets browser apps (Elk, Phanpy) on other origins call the
// client API and the token endpoints. Any origin is fine: those requests
// carry a bearer token, never a cookie, so no credentials are allowed.
func corsForApps() echo.MiddlewareFunc {
	return middleware.CORSWithConfig(middleware.CORSConfig{
		Skipper: func(c echo.Context) bool {
			p := c.Request().URL.Path
			return !strings.HasPrefix(p, "/api/") && p != "/oauth/token" && p != "/oauth/revoke" &&
				!strings.HasPrefix(p, "/.well-known/")
		},
		AllowOrigins:  []string{"*"},
		AllowMethods:  []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete},
		AllowHeaders:  []string{"Authorization", "Content-Type", "Idempotency-Key", "Accept"},
		ExposeHeaders: []string{"Link", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-Id"},
		MaxAge:        86400,
	})
}

// baselineHeaders go on every response, whatever the surface (HTML, API
// JSON, ActivityPub, static files, media): no content sniffing, so an
// uploaded file is never run as a page, and, over https, HSTS so browsers
// never try plain http again. HTML pages add their CSP in server/web.
func (s *Server) baselineHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	https := s.cfg.Scheme() == "https"
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if https {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}
