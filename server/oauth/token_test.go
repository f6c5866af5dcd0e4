package oauth_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server/servertest"
)

func TestTokenErrors(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	a := registerApp(t, in, callback, "read write")
	other := registerApp(t, in, callback, "read")
	verifier := strings.Repeat("pkce-verifier-", 4)
	// freshCode runs a whole sign-in for a new code (with PKCE when challenge is set).
	freshCode := func(t *testing.T, challenge bool) string {
		extra := url.Values{}
		if challenge {
			extra = url.Values{"code_challenge": {pkce(verifier)}, "code_challenge_method": {"S256"}}
		}
		return codeFrom(t, signIn(t, newBrowser(t), in, authorizeURL(in, a, callback, "read", extra), "alice", servertest.Password), callback)
	}
	exchange := func(code string, change url.Values) reply {
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {a.ClientID},
			"client_secret": {a.ClientSecret}, "redirect_uri": {callback}, "code_verifier": {verifier}}
		for k, vs := range change {
			form[k] = vs
		}
		return newBrowser(t).postForm(in.URL+"/oauth/token", form, "")
	}
	cases := []struct {
		name   string
		pkce   bool
		change url.Values
		status int
		error  string
	}{
		{"wrong client secret", false, url.Values{"client_secret": {"wrong"}}, 401, "invalid_client"},
		{"unknown client", false, url.Values{"client_id": {"nobody"}}, 401, "invalid_client"},
		{"no client secret", false, url.Values{"client_secret": nil}, 401, "invalid_client"},
		{"code of another app", false, url.Values{"client_id": {other.ClientID}, "client_secret": {other.ClientSecret}}, 400, "invalid_grant"},
		{"redirect_uri mismatch", false, url.Values{"redirect_uri": {callback + "/other"}}, 400, "invalid_grant"},
		{"bad pkce verifier", true, url.Values{"code_verifier": {strings.Repeat("wrong-verifier", 4)}}, 400, "invalid_grant"},
		{"missing pkce verifier", true, url.Values{"code_verifier": nil}, 400, "invalid_grant"},
		{"unknown code", false, url.Values{"code": {"made-up"}}, 400, "invalid_grant"},
		{"unsupported grant", false, url.Values{"grant_type": {"password"}}, 400, "unsupported_grant_type"},
		{"no grant", false, url.Values{"grant_type": nil}, 400, "invalid_request"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := exchange(freshCode(t, c.pkce), c.change)
			if r.Status != c.status || r.errorCode(t) != c.error {
				t.Fatalf("got %d %s, want %d %s", r.Status, r.Body, c.status, c.error)
			}
		})
	}
	t.Run("code is single use", func(t *testing.T) {
		code := freshCode(t, true)
		if r := exchange(code, nil); r.Status != http.StatusOK {
			t.Fatalf("first exchange: %d %s", r.Status, r.Body)
		}
		if r := exchange(code, nil); r.Status != http.StatusBadRequest || r.errorCode(t) != "invalid_grant" {
			t.Fatalf("reused code: %d %s", r.Status, r.Body)
		}
	})
	t.Run("failed exchange burns the code", func(t *testing.T) {
		code := freshCode(t, false)
		exchange(code, url.Values{"redirect_uri": {callback + "/x"}})
		if r := exchange(code, nil); r.Status != http.StatusBadRequest {
			t.Fatalf("code still usable after a failed attempt: %d", r.Status)
		}
	})
	t.Run("json body and basic auth", func(t *testing.T) {
		b := newBrowser(t)
		body := `{"grant_type":"authorization_code","code":"` + freshCode(t, false) + `","redirect_uri":"` + callback + `"}`
		req, _ := http.NewRequest(http.MethodPost, in.URL+"/oauth/token", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth(a.ClientID, a.ClientSecret)
		if r := b.do(req); r.Status != http.StatusOK {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
}

func TestClientCredentials(t *testing.T) {
	in := servertest.Start(t)
	a := registerApp(t, in, callback, "read write")
	b := newBrowser(t)
	grant := func(scope string) reply {
		return b.postForm(in.URL+"/oauth/token", url.Values{"grant_type": {"client_credentials"},
			"client_id": {a.ClientID}, "client_secret": {a.ClientSecret}, "scope": {scope}}, "")
	}
	r := grant("read write")
	var tok tokenReply
	r.json(t, &tok)
	if r.Status != http.StatusOK || tok.Scope != "read write" {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	if r := b.get(in.URL+"/api/v1/apps/verify_credentials", tok.AccessToken); r.Status != http.StatusOK {
		t.Fatalf("app token refused: %d %s", r.Status, r.Body)
	}
	// An app token is not a user: user endpoints refuse it.
	if r := b.get(in.URL+"/api/v1/preferences", tok.AccessToken); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("app token used as a user: %d %s", r.Status, r.Body)
	}
	if r := grant("read follow"); r.Status != http.StatusBadRequest || r.errorCode(t) != "invalid_scope" {
		t.Fatalf("scope beyond the app's: %d %s", r.Status, r.Body)
	}
	if r := grant(""); r.Status != http.StatusOK {
		t.Fatalf("default scope: %d %s", r.Status, r.Body)
	}
}

func TestRevoke(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	a := registerApp(t, in, callback, "read")
	other := registerApp(t, in, callback, "read")
	b := newBrowser(t)
	code := codeFrom(t, signIn(t, b, in, authorizeURL(in, a, callback, "read", nil), "alice", servertest.Password), callback)
	var tok tokenReply
	newBrowser(t).postForm(in.URL+"/oauth/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"client_id": {a.ClientID}, "client_secret": {a.ClientSecret}, "redirect_uri": {callback}}, "").json(t, &tok)
	revoke := func(app app, secret string) reply {
		return b.postForm(in.URL+"/oauth/revoke", url.Values{"token": {tok.AccessToken},
			"client_id": {app.ClientID}, "client_secret": {secret}}, "")
	}
	if r := revoke(a, "wrong"); r.Status != http.StatusUnauthorized || r.errorCode(t) != "invalid_client" {
		t.Fatalf("wrong secret: %d %s", r.Status, r.Body)
	}
	if r := revoke(other, other.ClientSecret); r.Status != http.StatusOK {
		t.Fatalf("other app: %d %s", r.Status, r.Body)
	}
	if r := b.get(in.URL+"/api/v1/preferences", tok.AccessToken); r.Status != http.StatusOK {
		t.Fatalf("another app revoked the token: %d", r.Status)
	}
	if r := revoke(a, a.ClientSecret); r.Status != http.StatusOK || string(r.Body) != "{}\n" {
		t.Fatalf("revoke: %d %q", r.Status, r.Body)
	}
	if r := b.get(in.URL+"/api/v1/preferences", tok.AccessToken); r.Status != http.StatusUnauthorized {
		t.Fatalf("revoked token still works: %d", r.Status)
	}
	if r := b.get(in.URL+"/api/v1/apps/verify_credentials", tok.AccessToken); r.Status != http.StatusUnauthorized {
		t.Fatalf("revoked token verifies: %d", r.Status)
	}
}

func TestServerMetadata(t *testing.T) {
	in := servertest.Start(t)
	r := newBrowser(t).get(in.URL+"/.well-known/oauth-authorization-server", "")
	var m map[string]any
	r.json(t, &m)
	if r.Status != http.StatusOK || m["token_endpoint"] != in.URL+"/oauth/token" || m["authorization_endpoint"] != in.URL+"/oauth/authorize" ||
		m["app_registration_endpoint"] != in.URL+"/api/v1/apps" || m["issuer"] == nil {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	for key, want := range map[string]string{"code_challenge_methods_supported": "S256", "scopes_supported": "read:statuses",
		"grant_types_supported": "client_credentials", "response_types_supported": "code",
		"token_endpoint_auth_methods_supported": "client_secret_basic"} {
		list, _ := m[key].([]any)
		found := false
		for _, v := range list {
			found = found || v == want
		}
		if !found {
			t.Errorf("%s lacks %q: %v", key, want, m[key])
		}
	}
}

func TestCORS(t *testing.T) {
	in := servertest.Start(t)
	b := newBrowser(t)
	cases := []struct {
		name, method, path string
		allowed            bool
	}{
		{"preflight apps", http.MethodOptions, "/api/v1/apps", true},
		{"preflight token", http.MethodOptions, "/oauth/token", true},
		{"preflight revoke", http.MethodOptions, "/oauth/revoke", true},
		{"instance", http.MethodGet, "/api/v2/instance", true},
		{"metadata", http.MethodGet, "/.well-known/oauth-authorization-server", true},
		{"authorize page is not for scripts", http.MethodGet, "/oauth/authorize", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, in.URL+c.path, nil)
			req.Header.Set("Origin", "https://elk.example")
			if c.method == http.MethodOptions {
				req.Header.Set("Access-Control-Request-Method", "POST")
				req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
			}
			r := b.do(req)
			got := r.Header.Get("Access-Control-Allow-Origin")
			if c.allowed && got != "*" || !c.allowed && got != "" {
				t.Fatalf("Access-Control-Allow-Origin %q (status %d)", got, r.Status)
			}
			if c.method == http.MethodOptions && !strings.Contains(strings.ToLower(r.Header.Get("Access-Control-Allow-Headers")), "authorization") {
				t.Fatalf("preflight does not allow Authorization: %v", r.Header)
			}
		})
	}
}
