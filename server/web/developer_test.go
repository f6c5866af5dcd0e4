package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"roost/server/servertest"
)

var tokenField = regexp.MustCompile(`id="app-token" type="text" readonly value="([^"]+)"`)

// TestDevelopmentPage: the Development settings create an app and show an
// access token that works on the API with the ticked scopes only.
func TestDevelopmentPage(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	b := newBrowser(t, in)
	b.signIn("alice")
	if p := b.get("/settings/applications"); p.Code != http.StatusOK || !strings.Contains(p.Body, `name="scopes" value="read" checked`) {
		t.Fatalf("form (%d)", p.Code)
	}
	p := b.submit("/settings/applications", "/settings/applications", url.Values{"name": {"my bot"}, "scopes": {"read"}})
	m := tokenField.FindStringSubmatch(p.Body)
	if p.Code != http.StatusOK || m == nil {
		t.Fatalf("create (%d): no token shown", p.Code)
	}
	if !strings.Contains(p.Header.Get("Cache-Control"), "no-store") {
		t.Error("the token page may be cached")
	}
	api := func(method, path string) int {
		req, _ := http.NewRequest(method, in.URL+path, strings.NewReader("status=hi"))
		req.Header.Set("Authorization", "Bearer "+m[1])
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := api(http.MethodGet, "/api/v1/accounts/verify_credentials"); code != http.StatusOK {
		t.Errorf("verify_credentials with the token: %d", code)
	}
	if code := api(http.MethodPost, "/api/v1/statuses"); code != http.StatusForbidden {
		t.Errorf("posting with a read-only token: %d", code)
	}
	if body := b.get("/settings/sessions").Body; !strings.Contains(body, "my bot") {
		t.Error("the new app is not listed among authorised apps, where it is revoked")
	}
	tests := []struct {
		name string
		form url.Values
		want string
	}{
		{"no name", url.Values{"name": {" "}, "scopes": {"read"}}, `id="app-name-error"`},
		{"bad website", url.Values{"name": {"x"}, "website": {"ftp://x"}}, "Not a valid web address."},
		{"bad redirect", url.Values{"name": {"x"}, "redirect_uri": {"javascript:alert(1)"}}, `id="app-redirect-error"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := b.submit("/settings/applications", "/settings/applications", tc.form)
			if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, tc.want) || strings.Contains(p.Body, `id="app-token"`) {
				t.Errorf("%d", p.Code)
			}
		})
	}
}
