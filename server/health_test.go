package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"roost/store"
	"roost/store/storetest"
)

// TestHealthProbes checks /livez and /readyz over real HTTP, that readiness
// fails with a reason when the schema is not current, and that probes stay
// out of the info log.
func TestHealthProbes(t *testing.T) {
	db := storetest.Open(t)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	s, err := New(DefaultConfig(), db, log)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	probe := func(path string) (int, string) {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	cases := []struct {
		name     string
		path     string
		before   func()
		wantCode int
		wantBody string
	}{
		{"live", "/livez", nil, 200, "ok"},
		{"ready", "/readyz", nil, 200, "ok"},
		{"live with a trailing slash", "/livez/", nil, 200, "ok"},
		{"not ready when the schema is behind", "/readyz", func() {
			db.Write(context.Background(), func(tx *store.Tx) error {
				_, err := tx.ExecContext(tx.Context(), "DELETE FROM schema_migrations")
				return err
			})
		}, 503, "database schema is at version 0, this roost needs"},
		{"still live", "/livez", nil, 200, "ok"},
	}
	for _, c := range cases {
		if c.before != nil {
			c.before()
		}
		code, body := probe(c.path)
		if code != c.wantCode || !strings.Contains(body, c.wantBody) {
			t.Errorf("%s: %d %q, want %d %q", c.name, code, body, c.wantCode, c.wantBody)
		}
	}
	if strings.Contains(logs.String(), "/livez") || strings.Contains(logs.String(), "/readyz") {
		t.Errorf("probes logged at info:\n%s", logs.String())
	}
	probe("/api/v1/instance")
	if !strings.Contains(logs.String(), "path=/api/v1/instance") {
		t.Errorf("other requests are no longer logged:\n%s", logs.String())
	}
}
