package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server"
	"roost/server/servertest"
)

func TestSignIn(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	createUser(t, in, "pending", "user", false)
	createUser(t, in, "gone", "user", true)
	if err := in.Actions().SetSuspended(context.Background(), "gone", true); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		login    string
		password string
		code     int
		says     string
	}{
		{"username", "alice", servertest.Password, http.StatusSeeOther, ""},
		{"email", "alice@example.com", servertest.Password, http.StatusSeeOther, ""},
		{"username in other case", "ALICE", servertest.Password, http.StatusSeeOther, ""},
		{"wrong password", "alice", "wrong password!", http.StatusUnauthorized, "Wrong username, email or password."},
		{"unknown user", "nobody", servertest.Password, http.StatusUnauthorized, "Wrong username, email or password."},
		{"pending approval", "pending", servertest.Password, http.StatusForbidden, "waiting for a moderator"},
		{"suspended", "gone", servertest.Password, http.StatusForbidden, "This account is suspended."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, in)
			p := b.submit("/auth/sign_in?next=/settings/profile", "/auth/sign_in",
				url.Values{"login": {tt.login}, "password": {tt.password}, "next": {"/settings/profile"}})
			if p.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", p.Code, tt.code, p.Body)
			}
			if tt.says != "" {
				if !strings.Contains(p.Body, tt.says) {
					t.Errorf("page does not say %q", tt.says)
				}
				if b.cookie("roost_session") != nil {
					t.Error("a failed sign-in set a session cookie")
				}
				return
			}
			if p.Location != "/settings/profile" {
				t.Errorf("redirect to %q, want the next page", p.Location)
			}
			if p := b.get("/settings/profile"); p.Code != http.StatusOK || !strings.Contains(p.Body, "@alice") {
				t.Errorf("settings after sign-in: %d", p.Code)
			}
		})
	}
}

func TestSessionCookieAndRow(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	b := newBrowser(t, in)
	p := b.submit("/auth/sign_in", "/auth/sign_in", url.Values{"login": {"alice"}, "password": {servertest.Password}})
	var set string
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "roost_session=") {
			set = c
		}
	}
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(set, want) {
			t.Errorf("session cookie %q lacks %s", set, want)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Errorf("session cookie is Secure on plain http: %q", set)
	}
	secret := b.cookie("roost_session").Value
	tok, err := in.DB.SessionBySecret(context.Background(), secret)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Kind != "session" || tok.UserAgent != "roost-test/1.0" || tok.IP != "127.0.0.1" {
		t.Errorf("session row: kind %q, agent %q, ip %q", tok.Kind, tok.UserAgent, tok.IP)
	}
	// A session secret must never work as an API bearer token.
	if _, err := in.DB.TokenBySecret(context.Background(), secret); err == nil {
		t.Error("the session secret works as a bearer token")
	}
}

func TestSecureCookieOnHTTPS(t *testing.T) {
	in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Protocol = "https" }))
	createUser(t, in, "alice", "user", true)
	// The test server speaks plain http; the instance believes a proxy adds TLS.
	in.URL = "http://" + in.Host
	b := newBrowser(t, in)
	p := b.get("/auth/sign_in")
	if got := p.Header.Get("Strict-Transport-Security"); got == "" {
		t.Error("no HSTS on an https instance")
	}
	m := csrfField.FindStringSubmatch(p.Body)
	req, _ := http.NewRequest(http.MethodPost, in.URL+"/auth/sign_in", strings.NewReader(url.Values{
		"login": {"alice"}, "password": {servertest.Password}, "csrf_token": {m[1]}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// The jar will not send back a Secure cookie over http, so pass it by hand.
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "roost_csrf=") {
			req.Header.Set("Cookie", strings.Split(c, ";")[0])
		}
	}
	p = b.do(req)
	var set string
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "roost_session=") {
			set = c
		}
	}
	if p.Code != http.StatusSeeOther || !strings.Contains(set, "Secure") {
		t.Errorf("sign-in on https: %d, cookie %q", p.Code, set)
	}
}

func TestCSRF(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	other := newBrowser(t, in)
	otherToken := csrfField.FindStringSubmatch(other.get("/auth/sign_in").Body)[1]
	tests := []struct {
		name  string
		token string
	}{
		{"missing", ""},
		{"wrong", "not-the-token"},
		{"another browser's", otherToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, in)
			b.get("/auth/sign_in")
			form := url.Values{"login": {"alice"}, "password": {servertest.Password}}
			if tt.token != "" {
				form.Set("csrf_token", tt.token)
			}
			if p := b.post("/auth/sign_in", form); p.Code != http.StatusForbidden {
				t.Errorf("sign-in: status %d, want 403", p.Code)
			}
			b.signIn("alice")
			form = url.Values{"display_name": {"Hacked"}}
			if tt.token != "" {
				form.Set("csrf_token", tt.token)
			}
			if p := b.post("/settings/profile", form); p.Code != http.StatusForbidden {
				t.Errorf("profile: status %d, want 403", p.Code)
			}
			if p := b.post("/auth/sign_out", url.Values{"csrf_token": {tt.token}}); p.Code != http.StatusForbidden {
				t.Errorf("sign-out: status %d, want 403", p.Code)
			}
		})
	}
	acct, err := in.DB.AccountByHandle(context.Background(), "alice", "")
	if err != nil {
		t.Fatal(err)
	}
	if acct.DisplayName != "" {
		t.Errorf("a forged form changed the display name to %q", acct.DisplayName)
	}
}

func TestSignOut(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	b := newBrowser(t, in)
	b.signIn("alice")
	secret := b.cookie("roost_session").Value
	p := b.submit("/settings/profile", "/auth/sign_out", url.Values{})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", p.Code)
	}
	if _, err := in.DB.SessionBySecret(context.Background(), secret); err == nil {
		t.Error("the session is still live after sign-out")
	}
	if p := b.get("/settings/profile"); p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/auth/sign_in") {
		t.Errorf("settings after sign-out: %d %q", p.Code, p.Location)
	}
	// The old cookie, replayed, opens nothing.
	replay := newBrowser(t, in)
	u, _ := url.Parse(in.URL)
	replay.http.Jar.SetCookies(u, []*http.Cookie{{Name: "roost_session", Value: secret}})
	if p := replay.get("/settings/profile"); p.Code != http.StatusSeeOther {
		t.Errorf("replayed cookie: %d", p.Code)
	}
}

func TestSignUp(t *testing.T) {
	tests := []struct {
		name     string
		mode     string
		form     url.Values
		code     int
		says     string
		approved bool // nil user when the sign-up must fail
		created  bool
	}{
		{name: "open", mode: "open", code: http.StatusSeeOther, created: true, approved: true},
		{name: "approval", mode: "approval", code: http.StatusOK, says: "Your request has been received", created: true},
		{name: "closed", mode: "closed", code: http.StatusForbidden, says: "is not accepting new accounts"},
		{name: "passwords differ", mode: "open", form: url.Values{"password_confirmation": {"something else"}},
			code: http.StatusUnprocessableEntity, says: "The two passwords do not match."},
		{name: "bad username", mode: "open", form: url.Values{"username": {"no spaces"}},
			code: http.StatusUnprocessableEntity, says: "Use 1 to 30 letters, digits or underscores."},
		{name: "email taken", mode: "open", form: url.Values{"email": {"taken@example.com"}},
			code: http.StatusUnprocessableEntity, says: "This is already taken."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Registrations = tt.mode }))
			createUser(t, in, "taken", "user", true)
			b := newBrowser(t, in)
			if p := b.get("/auth/sign_up"); p.Code != http.StatusOK {
				t.Fatalf("sign-up page: %d", p.Code)
			}
			form := url.Values{"username": {"newbie"}, "email": {"newbie@example.com"}, "password": {"a fine password"},
				"password_confirmation": {"a fine password"}, "reason": {"I like birds"}}
			for k, v := range tt.form {
				form[k] = v
			}
			// A closed sign-up page has no form; any page's token will do.
			p := b.submit("/auth/sign_in", "/auth/sign_up", form)
			if p.Code != tt.code {
				t.Fatalf("status %d, want %d: %s", p.Code, tt.code, p.Body)
			}
			if tt.says != "" && !strings.Contains(p.Body, tt.says) {
				t.Errorf("page does not say %q", tt.says)
			}
			if offered := strings.Contains(newBrowser(t, in).get("/auth/sign_in").Body, `href="/auth/sign_up"`); offered != (tt.mode != "closed") {
				t.Errorf("sign-in page offers sign-up: %v in mode %s", offered, tt.mode)
			}
			u, err := in.DB.UserByUsername(context.Background(), "newbie")
			if !tt.created {
				if err == nil {
					t.Error("an account was created")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (u.ApprovedAt != nil) != tt.approved {
				t.Errorf("approved = %v, want %v", u.ApprovedAt != nil, tt.approved)
			}
			signedIn := b.get("/settings/profile").Code == http.StatusOK
			if signedIn != tt.approved {
				t.Errorf("signed in after sign-up = %v, want %v", signedIn, tt.approved)
			}
			if tt.mode == "approval" && u.SignupReason != "I like birds" {
				t.Errorf("reason %q not kept", u.SignupReason)
			}
		})
	}
}
