package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"roost/server"
	"roost/server/servertest"
)

// TestSessionIPHonoursOnlyTrustedProxies signs in over real HTTP with a
// forged X-Forwarded-For and reads the IP the session was recorded with.
func TestSessionIPHonoursOnlyTrustedProxies(t *testing.T) {
	cases := []struct {
		name    string
		trusted []string
		want    string
	}{
		{"loopback not a configured proxy: header ignored", []string{"10.0.0.0/8"}, "127.0.0.1"},
		{"loopback is the configured proxy: header used", []string{"127.0.0.1/32"}, "203.0.113.9"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := servertest.Start(t, servertest.WithConfig(func(cfg *server.Config) { cfg.TrustedProxies = c.trusted }))
			in.CreateUser(t, "alice")
			jar, _ := cookiejar.New(nil)
			client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			_, form := getWith(t, client, in.URL+"/auth/sign_in")
			token := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(form)
			if token == nil {
				t.Fatalf("no CSRF token on the sign-in page:\n%s", form)
			}
			body := url.Values{"login": {"alice"}, "password": {servertest.Password}, "csrf_token": {token[1]}}
			req, _ := http.NewRequest(http.MethodPost, in.URL+"/auth/sign_in", strings.NewReader(body.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", "203.0.113.9")
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign-in: %d", resp.StatusCode)
			}
			var ip string
			if err := in.DB.R().QueryRowContext(context.Background(), "SELECT ip FROM oauth_tokens WHERE kind = 'session'").Scan(&ip); err != nil {
				t.Fatal(err)
			}
			if ip != c.want {
				t.Errorf("session recorded from %q, want %q", ip, c.want)
			}
		})
	}
}

func getWith(t *testing.T, client *http.Client, url string) (*http.Response, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}
