package server_test

import (
	"net/http"
	"strings"
	"testing"

	"roost/server"
	"roost/server/servertest"
)

// TestSecurityHeadersOnEverySurface: nosniff on every response (HTML, API
// JSON, OAuth metadata, static files, ActivityPub-shaped errors), HSTS on
// all of them once the instance is served over https, and the HTML-only
// policy headers (CSP with data: images for the QR code, frame-ancestors,
// X-Frame-Options, Referrer-Policy) on pages.
func TestSecurityHeadersOnEverySurface(t *testing.T) {
	for _, tt := range []struct {
		name     string
		protocol string
		hsts     bool
	}{{"http", "http", false}, {"https", "https", true}} {
		t.Run(tt.name, func(t *testing.T) {
			in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Protocol = tt.protocol }))
			in.CreateUser(t, "alice")
			base := "http://" + in.Host // the test server listens on plain http either way
			_, landing := get(t, base+"/")
			i := strings.Index(landing, "/static/")
			css := landing[i : i+strings.Index(landing[i:], `"`)]
			surfaces := []struct {
				name, path string
				header     []string
				html       bool
			}{
				{"landing page", "/", nil, true},
				{"sign-in page", "/auth/sign_in", nil, true},
				{"HTML 404", "/nope", nil, true},
				{"API JSON", "/api/v1/instance", nil, false},
				{"API error", "/api/v1/accounts/verify_credentials", nil, false},
				{"OAuth metadata", "/.well-known/oauth-authorization-server", nil, false},
				{"static file", css, nil, false},
				{"ActivityPub error", "/users/nobody", []string{"Accept", "application/activity+json"}, false},
			}
			for _, s := range surfaces {
				resp, _ := get(t, base+s.path, s.header...)
				h := resp.Header
				if h.Get("X-Content-Type-Options") != "nosniff" {
					t.Errorf("%s: X-Content-Type-Options %q", s.name, h.Get("X-Content-Type-Options"))
				}
				if got := h.Get("Strict-Transport-Security") != ""; got != tt.hsts {
					t.Errorf("%s: HSTS %q, want present=%v", s.name, h.Get("Strict-Transport-Security"), tt.hsts)
				}
				if !s.html {
					continue
				}
				csp := h.Get("Content-Security-Policy")
				for _, want := range []string{"frame-ancestors 'none'", "script-src 'self'", "img-src 'self' https: data:"} {
					if !strings.Contains(csp, want) {
						t.Errorf("%s: CSP %q lacks %q", s.name, csp, want)
					}
				}
				if h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") == "" {
					t.Errorf("%s: X-Frame-Options %q, Referrer-Policy %q", s.name, h.Get("X-Frame-Options"), h.Get("Referrer-Policy"))
				}
				if resp.StatusCode == http.StatusInternalServerError {
					t.Errorf("%s: 500", s.name)
				}
			}
		})
	}
}
