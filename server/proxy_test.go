package server

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestForwardedHeadersOnlyFromTrustedProxies runs echo with Roost's
// extractor and header filter, and asks it who the client is and how it
// came in.
func TestForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	cases := []struct {
		name       string
		trusted    []string
		remote     string
		header     map[string]string
		wantIP     string
		wantScheme string
	}{
		{"direct client, no headers", nil, "198.51.100.7:5000", nil, "198.51.100.7", "http"},
		{"untrusted peer forges X-Forwarded-For", []string{"127.0.0.1/32"}, "198.51.100.7:5000",
			map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}, "198.51.100.7", "http"},
		{"untrusted peer forges X-Real-IP", []string{"127.0.0.1/32"}, "198.51.100.7:5000",
			map[string]string{"X-Real-IP": "203.0.113.9"}, "198.51.100.7", "http"},
		{"loopback is not trusted unless listed", []string{"10.0.0.0/8"}, "127.0.0.1:5000",
			map[string]string{"X-Forwarded-For": "203.0.113.9"}, "127.0.0.1", "http"},
		{"private network is not trusted unless listed", []string{"127.0.0.1/32"}, "192.168.1.20:5000",
			map[string]string{"X-Forwarded-For": "203.0.113.9"}, "192.168.1.20", "http"},
		{"trusted proxy", []string{"127.0.0.1/32"}, "127.0.0.1:5000",
			map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}, "203.0.113.9", "https"},
		{"trusted proxy, client prepends a forgery", []string{"127.0.0.1/32"}, "127.0.0.1:5000",
			map[string]string{"X-Forwarded-For": "1.2.3.4, 203.0.113.9"}, "203.0.113.9", "http"},
		{"chain of trusted proxies", []string{"127.0.0.1/32", "10.0.0.0/8"}, "127.0.0.1:5000",
			map[string]string{"X-Forwarded-For": "203.0.113.9, 10.1.2.3"}, "203.0.113.9", "http"},
		{"trusted proxy sends X-Real-IP", []string{"::1/128"}, "[::1]:5000",
			map[string]string{"X-Real-IP": "2001:db8::5"}, "2001:db8::5", "http"},
		{"bare address in the list", []string{"10.0.0.5"}, "10.0.0.5:5000",
			map[string]string{"X-Forwarded-For": "203.0.113.9"}, "203.0.113.9", "http"},
		{"nobody trusted", []string{}, "127.0.0.1:5000",
			map[string]string{"X-Forwarded-For": "203.0.113.9"}, "127.0.0.1", "http"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ranges, err := Config{TrustedProxies: c.trusted}.TrustedProxyRanges()
			if err != nil {
				t.Fatal(err)
			}
			p := proxies{ranges: ranges}
			e := echo.New()
			e.IPExtractor = p.clientIP()
			e.Pre(p.dropForgedForwarding)
			e.GET("/", func(c echo.Context) error { return c.String(http.StatusOK, c.RealIP()+" "+c.Scheme()) })
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = c.remote
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if want := c.wantIP + " " + c.wantScheme; rec.Body.String() != want {
				t.Errorf("got %q, want %q", rec.Body.String(), want)
			}
		})
	}
}

func TestTrustedProxiesFromEnvironment(t *testing.T) {
	cases := []struct {
		env     string
		want    []string
		wantErr string
	}{
		{"ROOST_TRUSTED_PROXIES=10.0.0.0/8, 192.168.1.1 ,", []string{"10.0.0.0/8", "192.168.1.1"}, ""},
		{"ROOST_TRUSTED_PROXIES=", []string{}, ""},
		{"ROOST_TRUSTED_PROXIES=10.0.0.0/33", nil, "trusted_proxies (ROOST_TRUSTED_PROXIES): must be addresses or CIDR ranges"},
		{"ROOST_TRUSTED_PROXIES=proxy.lan", nil, `got "proxy.lan"`},
	}
	for _, c := range cases {
		t.Run(c.env, func(t *testing.T) {
			cfg, err := LoadConfig("", []string{c.env})
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("want error %q, got %v", c.wantErr, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cfg.TrustedProxies, c.want) {
				t.Fatalf("got %q, want %q", cfg.TrustedProxies, c.want)
			}
		})
	}
}
