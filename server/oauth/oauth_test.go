package oauth_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server/servertest"
)

const callback = "https://app.example/callback"

func TestCreateApp(t *testing.T) {
	in := servertest.Start(t)
	b := newBrowser(t)
	cases := []struct {
		name       string
		body       any // url.Values is sent as a form, anything else as JSON
		status     int
		redirects  []string
		scopes     []string
		errorField string
	}{
		{"form, default scope", url.Values{"client_name": {"A"}, "redirect_uris": {callback}},
			200, []string{callback}, []string{"read"}, ""},
		{"form, several uris on lines", url.Values{"client_name": {"A"}, "redirect_uris": {callback + "\nurn:ietf:wg:oauth:2.0:oob"}, "scopes": {"read write"}},
			200, []string{callback, "urn:ietf:wg:oauth:2.0:oob"}, []string{"read", "write"}, ""},
		{"form, array", url.Values{"client_name": {"A"}, "redirect_uris[]": {callback, "app://x"}, "scopes": {"read:statuses"}},
			200, []string{callback, "app://x"}, []string{"read:statuses"}, ""},
		{"json, string", map[string]any{"client_name": "A", "redirect_uris": "tusky://oauth", "scopes": "read write follow push"},
			200, []string{"tusky://oauth"}, []string{"read", "write", "follow", "push"}, ""},
		{"json, array", map[string]any{"client_name": "A", "redirect_uris": []string{callback, "app://y"}},
			200, []string{callback, "app://y"}, []string{"read"}, ""},
		{"no name", url.Values{"redirect_uris": {callback}}, 422, nil, nil, "client_name"},
		{"no redirect", url.Values{"client_name": {"A"}}, 422, nil, nil, "redirect_uris"},
		{"relative redirect", url.Values{"client_name": {"A"}, "redirect_uris": {"/callback"}}, 422, nil, nil, "redirect_uris"},
		{"fragment in redirect", url.Values{"client_name": {"A"}, "redirect_uris": {callback + "#x"}}, 422, nil, nil, "redirect_uris"},
		{"unknown scope", url.Values{"client_name": {"A"}, "redirect_uris": {callback}, "scopes": {"read everything"}}, 422, nil, nil, "scopes"},
		{"bad website", url.Values{"client_name": {"A"}, "redirect_uris": {callback}, "website": {"javascript:alert(1)"}}, 422, nil, nil, "website"},
		{"bad json", "not an object", 400, nil, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r reply
			if form, ok := c.body.(url.Values); ok {
				r = b.postForm(in.URL+"/api/v1/apps", form, "")
			} else {
				r = b.postJSON(in.URL+"/api/v1/apps", c.body, "")
			}
			if r.Status != c.status {
				t.Fatalf("status %d, want %d: %s", r.Status, c.status, r.Body)
			}
			if c.status != 200 {
				var e struct {
					Error   string         `json:"error"`
					Details map[string]any `json:"details"`
				}
				r.json(t, &e)
				if e.Error == "" || c.errorField != "" && e.Details[c.errorField] == nil {
					t.Fatalf("error body %s does not name %q", r.Body, c.errorField)
				}
				return
			}
			var a app
			r.json(t, &a)
			if a.ClientID == "" || a.ClientSecret == "" || a.ID == "" || a.VapidKey == nil {
				t.Fatalf("missing credentials: %s", r.Body)
			}
			if strings.Join(a.RedirectURIs, " ") != strings.Join(c.redirects, " ") || a.RedirectURI != strings.Join(c.redirects, "\n") {
				t.Fatalf("redirects %q / %q, want %q", a.RedirectURIs, a.RedirectURI, c.redirects)
			}
			if strings.Join(a.Scopes, " ") != strings.Join(c.scopes, " ") {
				t.Fatalf("scopes %q, want %q", a.Scopes, c.scopes)
			}
		})
	}
}

// TestAuthorizationCodeFlow signs in the way a person does in the app's
// browser, with PKCE, and uses the token it gets.
func TestAuthorizationCodeFlow(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	a := registerApp(t, in, callback+"?from=roost", "read write follow")
	b := newBrowser(t)
	verifier := strings.Repeat("v3rifier-", 6)
	authURL := authorizeURL(in, a, callback+"?from=roost", "read write",
		url.Values{"code_challenge": {pkce(verifier)}, "code_challenge_method": {"S256"}})

	page := b.get(authURL, "")
	for _, want := range []string{"Authorize Test App", `name="password"`, `name="authenticity_token"`, "read all your account"} {
		if !strings.Contains(string(page.Body), want) {
			t.Fatalf("authorize page lacks %q:\n%s", want, page.Body)
		}
	}
	if page.Header.Get("X-Frame-Options") != "DENY" {
		t.Error("authorize page can be framed")
	}
	r := signIn(t, b, in, authURL, "alice@example.com", servertest.Password)
	code := codeFrom(t, r, callback+"?")
	if !strings.Contains(r.Header.Get("Location"), "from=roost") {
		t.Errorf("the redirect URI's own query was lost: %s", r.Header.Get("Location"))
	}

	tr := b.postForm(in.URL+"/oauth/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"client_id": {a.ClientID}, "client_secret": {a.ClientSecret}, "redirect_uri": {callback + "?from=roost"},
		"code_verifier": {verifier}}, "")
	if tr.Status != http.StatusOK {
		t.Fatalf("token: %d %s", tr.Status, tr.Body)
	}
	if tr.Header.Get("Cache-Control") != "no-store" {
		t.Error("token response may be cached")
	}
	var tok tokenReply
	tr.json(t, &tok)
	if tok.AccessToken == "" || tok.TokenType != "Bearer" || tok.Scope != "read write" || tok.CreatedAt == 0 {
		t.Fatalf("token: %s", tr.Body)
	}
	if r := b.get(in.URL+"/api/v1/preferences", tok.AccessToken); r.Status != http.StatusOK {
		t.Fatalf("user token refused: %d %s", r.Status, r.Body)
	}
	vr := b.get(in.URL+"/api/v1/apps/verify_credentials", tok.AccessToken)
	var got app
	vr.json(t, &got)
	if vr.Status != http.StatusOK || got.Name != "Test App" || got.ClientSecret != "" {
		t.Fatalf("verify_credentials: %d %s", vr.Status, vr.Body)
	}
}

func TestAuthorizeOutOfBandShowsCode(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	oob := "urn:ietf:wg:oauth:2.0:oob"
	a := registerApp(t, in, oob, "read")
	b := newBrowser(t)
	r := signIn(t, b, in, authorizeURL(in, a, oob, "read", nil), "alice", servertest.Password)
	if r.Status != http.StatusOK {
		t.Fatalf("oob: %d %s", r.Status, r.Body)
	}
	code := between(string(r.Body), `id="code" readonly value="`, `"`)
	if code == "" {
		t.Fatalf("no code on the page:\n%s", r.Body)
	}
	tr := b.postForm(in.URL+"/oauth/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"client_id": {a.ClientID}, "client_secret": {a.ClientSecret}, "redirect_uri": {oob}}, "")
	if tr.Status != http.StatusOK {
		t.Fatalf("token: %d %s", tr.Status, tr.Body)
	}
}

func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}

// TestAuthorizeRefusesBadRequests: a request that does not check out is
// shown to the person as an error page and never redirected.
func TestAuthorizeRefusesBadRequests(t *testing.T) {
	in := servertest.Start(t)
	a := registerApp(t, in, callback, "read write")
	cases := []struct {
		name   string
		params url.Values
		status int
		want   string
	}{
		{"unknown client", url.Values{"client_id": {"nope"}}, 401, "not a registered application"},
		{"redirect not registered", url.Values{"redirect_uri": {"https://evil.example/cb"}}, 400, "redirect_uri is not one"},
		{"scope not granted to app", url.Values{"scope": {"read follow"}}, 400, "scope follow was not registered"},
		{"unknown scope", url.Values{"scope": {"read:everything"}}, 400, "scope read:everything is not known"},
		{"response type", url.Values{"response_type": {"token"}}, 400, "response_type=code"},
		{"plain pkce", url.Values{"code_challenge": {strings.Repeat("a", 43)}, "code_challenge_method": {"plain"}}, 400, "S256"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newBrowser(t).get(authorizeURL(in, a, callback, "read", c.params), "")
			if r.Status != c.status || r.Header.Get("Location") != "" {
				t.Fatalf("status %d location %q, want %d and no redirect", r.Status, r.Header.Get("Location"), c.status)
			}
			if !strings.Contains(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.Body), c.want) {
				t.Fatalf("page does not say %q:\n%s", c.want, r.Body)
			}
		})
	}
}

func TestAuthorizeSubmission(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	a := registerApp(t, in, callback, "read")
	authURL := authorizeURL(in, a, callback, "read", nil)

	t.Run("wrong password shows the form again", func(t *testing.T) {
		r := signIn(t, newBrowser(t), in, authURL, "alice", "wrong password!")
		if r.Status != http.StatusUnauthorized || !strings.Contains(string(r.Body), "Invalid username") {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if !strings.Contains(string(r.Body), `value="alice"`) {
			t.Error("the login typed is not kept")
		}
	})
	t.Run("unknown user", func(t *testing.T) {
		if r := signIn(t, newBrowser(t), in, authURL, "nobody", "whatever123"); r.Status != http.StatusUnauthorized {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("deny redirects with access_denied", func(t *testing.T) {
		b := newBrowser(t)
		f := parseForm(t, b.get(authURL, "").Body)
		f.Fields.Set("decision", "deny")
		r := b.postForm(in.URL+f.Action, f.Fields, "")
		loc, _ := url.Parse(r.Header.Get("Location"))
		if r.Status != http.StatusFound || loc.Query().Get("error") != "access_denied" || loc.Query().Get("state") != "xyz-state" {
			t.Fatalf("%d %q", r.Status, r.Header.Get("Location"))
		}
	})
	t.Run("no csrf cookie", func(t *testing.T) {
		f := parseForm(t, newBrowser(t).get(authURL, "").Body)
		f.Fields.Set("login", "alice")
		f.Fields.Set("password", servertest.Password)
		f.Fields.Set("decision", "approve")
		r := newBrowser(t).postForm(in.URL+f.Action, f.Fields, "") // a different browser: no cookie
		if r.Status != http.StatusForbidden || r.Header.Get("Location") != "" {
			t.Fatalf("cross-site post accepted: %d %q", r.Status, r.Header.Get("Location"))
		}
	})
	t.Run("wrong csrf token", func(t *testing.T) {
		b := newBrowser(t)
		f := parseForm(t, b.get(authURL, "").Body)
		f.Fields.Set("authenticity_token", strings.Repeat("x", 43))
		f.Fields.Set("login", "alice")
		f.Fields.Set("password", servertest.Password)
		f.Fields.Set("decision", "approve")
		if r := b.postForm(in.URL+f.Action, f.Fields, ""); r.Status != http.StatusForbidden {
			t.Fatalf("forged token accepted: %d", r.Status)
		}
	})
	t.Run("tampered redirect in hidden field", func(t *testing.T) {
		b := newBrowser(t)
		f := parseForm(t, b.get(authURL, "").Body)
		f.Fields.Set("redirect_uri", "https://evil.example/")
		f.Fields.Set("login", "alice")
		f.Fields.Set("password", servertest.Password)
		f.Fields.Set("decision", "approve")
		if r := b.postForm(in.URL+f.Action, f.Fields, ""); r.Status != http.StatusBadRequest || r.Header.Get("Location") != "" {
			t.Fatalf("%d %q", r.Status, r.Header.Get("Location"))
		}
	})
	t.Run("suspended account", func(t *testing.T) {
		in.CreateUser(t, "mallory")
		if err := in.Actions().SetSuspended(t.Context(), "mallory", true); err != nil {
			t.Fatal(err)
		}
		if r := signIn(t, newBrowser(t), in, authURL, "mallory", servertest.Password); r.Status != http.StatusForbidden {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("html is escaped", func(t *testing.T) {
		b := newBrowser(t)
		r := b.get(authorizeURL(in, a, callback, "read", url.Values{"state": {`"><script>alert(1)</script>`}}), "")
		if strings.Contains(string(r.Body), "<script>alert") {
			t.Fatalf("state echoed unescaped:\n%s", r.Body)
		}
	})
}

func TestAuthorizeThrottlesWrongPasswords(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	a := registerApp(t, in, callback, "read")
	authURL := authorizeURL(in, a, callback, "read", nil)
	for i := 0; i < 10; i++ {
		if r := signIn(t, newBrowser(t), in, authURL, "alice", "guess number "+string(rune('a'+i))); r.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, r.Status)
		}
	}
	r := signIn(t, newBrowser(t), in, authURL, "alice", servertest.Password)
	if r.Status != http.StatusTooManyRequests || !strings.Contains(string(r.Body), "Too many failed") {
		t.Fatalf("after 10 wrong passwords: %d %s", r.Status, r.Body)
	}
}
