package mastoapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server"
	"roost/server/servertest"
)

// appToken registers an app and gets its client_credentials token, as an
// app does before offering sign-up.
func appToken(t *testing.T, in *servertest.Instance, scopes string) string {
	t.Helper()
	status, body := call(t, http.MethodPost, in.URL+"/api/v1/apps", "", url.Values{"client_name": {"Signup"},
		"redirect_uris": {"urn:ietf:wg:oauth:2.0:oob"}, "scopes": {scopes}})
	var app struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	if status != 200 {
		t.Fatalf("app: %d %s", status, body)
	}
	decode(t, body, &app)
	status, body = call(t, http.MethodPost, in.URL+"/oauth/token", "", url.Values{"grant_type": {"client_credentials"},
		"client_id": {app.ClientID}, "client_secret": {app.ClientSecret}, "scope": {scopes}})
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	decode(t, body, &tok)
	if status != 200 || tok.AccessToken == "" {
		t.Fatalf("client_credentials: %d %s", status, body)
	}
	return tok.AccessToken
}

func signUp(username string) url.Values {
	return url.Values{"username": {username}, "email": {username + "@example.com"}, "password": {"a long passphrase"},
		"agreement": {"true"}, "locale": {"en"}, "reason": {"I like birds"}}
}

func TestRegistrationModes(t *testing.T) {
	cases := []struct {
		mode       string
		status     int
		userStatus int // what a user endpoint answers the new token
	}{
		{"open", 200, 200},
		{"approval", 200, 403},
		{"closed", 403, 0},
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			in := servertest.Start(t, servertest.WithConfig(func(cfg *server.Config) { cfg.Registrations = c.mode }))
			status, body := call(t, http.MethodPost, in.URL+"/api/v1/accounts", appToken(t, in, "read write follow"), signUp("newbie"))
			if status != c.status {
				t.Fatalf("sign-up: %d %s, want %d", status, body, c.status)
			}
			if c.mode == "closed" {
				if !strings.Contains(string(body), "closed") {
					t.Fatalf("refusal does not say why: %s", body)
				}
				return
			}
			var tok struct {
				AccessToken string `json:"access_token"`
				TokenType   string `json:"token_type"`
				Scope       string `json:"scope"`
				CreatedAt   int64  `json:"created_at"`
			}
			decode(t, body, &tok)
			if tok.AccessToken == "" || tok.TokenType != "Bearer" || tok.Scope != "read write follow" || tok.CreatedAt == 0 {
				t.Fatalf("token: %s", body)
			}
			status, body = call(t, http.MethodGet, in.URL+"/api/v1/preferences", tok.AccessToken, nil)
			if status != c.userStatus {
				t.Fatalf("new user's token on a user endpoint: %d %s, want %d", status, body, c.userStatus)
			}
			u, err := in.DB.UserByUsername(t.Context(), "newbie")
			if err != nil {
				t.Fatal(err)
			}
			if (u.ApprovedAt != nil) != (c.mode == "open") || u.SignupReason != "I like birds" {
				t.Fatalf("user approved_at=%v reason=%q in %s mode", u.ApprovedAt, u.SignupReason, c.mode)
			}
		})
	}
}

func TestRegistrationErrors(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "taken")
	app := appToken(t, in, "read write")
	_, alice := in.CreateUser(t, "alice")
	with := func(change url.Values) url.Values {
		f := signUp("fresh")
		for k, v := range change {
			f[k] = v
		}
		return f
	}
	cases := []struct {
		name   string
		token  string
		form   url.Values
		status int
		field  string
		code   string
	}{
		{"username taken", app, with(url.Values{"username": {"taken"}}), 422, "username", "ERR_TAKEN"},
		{"email taken", app, with(url.Values{"email": {"taken@example.com"}}), 422, "email", "ERR_TAKEN"},
		{"bad username", app, with(url.Values{"username": {"no spaces"}}), 422, "username", "ERR_INVALID"},
		{"bad email", app, with(url.Values{"email": {"nope"}}), 422, "email", "ERR_INVALID"},
		{"short password", app, with(url.Values{"password": {"short"}}), 422, "password", "ERR_TOO_SHORT"},
		{"no agreement", app, with(url.Values{"agreement": {"false"}}), 422, "agreement", "ERR_ACCEPTED"},
		{"bad locale", app, with(url.Values{"locale": {"<script>"}}), 422, "locale", "ERR_INVALID"},
		{"no token", "", with(nil), 401, "", ""},
		{"token without write:accounts", in.Token(t, alice, "read"), with(nil), 403, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := call(t, http.MethodPost, in.URL+"/api/v1/accounts", c.token, c.form)
			if status != c.status {
				t.Fatalf("%d %s, want %d", status, body, c.status)
			}
			var e struct {
				Error   string `json:"error"`
				Details map[string][]struct {
					Error       string `json:"error"`
					Description string `json:"description"`
				} `json:"details"`
			}
			decode(t, body, &e)
			if e.Error == "" {
				t.Fatalf("no error message: %s", body)
			}
			if c.field == "" {
				return
			}
			if !strings.HasPrefix(e.Error, "Validation failed:") || len(e.Details[c.field]) != 1 || e.Details[c.field][0].Error != c.code {
				t.Fatalf("details: %s, want %s %s", body, c.field, c.code)
			}
		})
	}
}
