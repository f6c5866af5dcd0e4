package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

func TestAdminAccess(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "root", "admin", true)
	createUser(t, in, "mod", "moderator", true)
	createUser(t, in, "alice", "user", true)
	createUser(t, in, "pending", "user", false)
	tests := []struct {
		name  string
		login string
		path  string
		code  int
	}{
		{"signed out", "", "/admin/users", http.StatusSeeOther},
		{"user: users", "alice", "/admin/users", http.StatusForbidden},
		{"user: settings", "alice", "/admin/settings", http.StatusForbidden},
		{"moderator: users", "mod", "/admin/users", http.StatusOK},
		{"moderator: settings", "mod", "/admin/settings", http.StatusForbidden},
		{"admin: users", "root", "/admin/users", http.StatusOK},
		{"admin: settings", "root", "/admin/settings", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, in)
			if tt.login != "" {
				b.signIn(tt.login)
			}
			if p := b.get(tt.path); p.Code != tt.code {
				t.Errorf("%s: %d, want %d", tt.path, p.Code, tt.code)
			}
		})
	}
	t.Run("user cannot post admin forms", func(t *testing.T) {
		b := newBrowser(t, in)
		b.signIn("alice")
		if p := b.submit("/settings/profile", "/admin/users/pending/approve", url.Values{}); p.Code != http.StatusForbidden {
			t.Errorf("approve by a user: %d", p.Code)
		}
	})
	t.Run("moderator cannot suspend an admin", func(t *testing.T) {
		b := newBrowser(t, in)
		b.signIn("mod")
		if p := b.submit("/admin/users", "/admin/users/root/suspend", url.Values{}); p.Code != http.StatusForbidden {
			t.Errorf("suspend admin by a moderator: %d", p.Code)
		}
	})
}

func TestAdminManagesUsers(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "root", "admin", true)
	createUser(t, in, "alice", "user", true)
	createUser(t, in, "pending", "user", false)
	b := newBrowser(t, in)
	b.signIn("root")
	ctx := context.Background()
	steps := []struct {
		name   string
		action string
		form   url.Values
		check  func(u *store.User, a *store.Account) bool
	}{
		{"approve", "/admin/users/pending/approve", nil, func(u *store.User, _ *store.Account) bool { return u.ApprovedAt != nil }},
		{"suspend", "/admin/users/alice/suspend", nil, func(_ *store.User, a *store.Account) bool { return a.SuspendedAt != nil }},
		{"unsuspend", "/admin/users/alice/unsuspend", nil, func(_ *store.User, a *store.Account) bool { return a.SuspendedAt == nil }},
		{"role", "/admin/users/alice/role", url.Values{"role": {"moderator"}}, func(u *store.User, _ *store.Account) bool { return u.Role == "moderator" }},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			form := s.form
			if form == nil {
				form = url.Values{}
			}
			p := b.submit("/admin/users", s.action, form)
			if p.Code != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", s.action, p.Code, p.Body)
			}
			username := strings.Split(s.action, "/")[3]
			u, err := in.DB.UserByUsername(ctx, username)
			if err != nil {
				t.Fatal(err)
			}
			a, err := in.DB.Account(ctx, u.AccountID)
			if err != nil {
				t.Fatal(err)
			}
			if !s.check(u, a) {
				t.Errorf("%s had no effect", s.name)
			}
		})
	}
	t.Run("admin cannot demote themselves", func(t *testing.T) {
		p := b.submit("/admin/users", "/admin/users/root/role", url.Values{"role": {"user"}})
		if p.Code != http.StatusForbidden {
			t.Errorf("self-demotion: %d", p.Code)
		}
	})
}

func TestInstanceSettings(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "root", "admin", true)
	b := newBrowser(t, in)
	b.signIn("root")
	p := b.submit("/admin/settings", "/admin/settings", url.Values{"name": {"Bird House"},
		"description": {"Tweets, but slower."}, "registrations": {"approval"}, "privacy_policy": {"We keep little."}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Code, p.Body)
	}
	s, err := in.Actions().InstanceSettings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if *s != (actions.InstanceSettings{Name: "Bird House", Description: "Tweets, but slower.", Registrations: "approval",
		PrivacyPolicy: "We keep little."}) {
		t.Errorf("effective settings: %+v", s)
	}
	visitor := newBrowser(t, in)
	p = visitor.get("/")
	for _, want := range []string{"Bird House", "Tweets, but slower.", "Ask to join Bird House"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("landing page lacks %q", want)
		}
	}
	if p := visitor.get("/auth/sign_up"); !strings.Contains(p.Body, `name="reason"`) {
		t.Error("sign-up under approval asks no reason")
	}
	p = b.submit("/admin/settings", "/admin/settings", url.Values{"name": {""}, "registrations": {"open"}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Use 1 to 100 characters.") {
		t.Errorf("empty name: %d", p.Code)
	}
}

func TestSecurityHeaders(t *testing.T) {
	in := servertest.Start(t)
	b := newBrowser(t, in)
	for _, path := range []string{"/", "/auth/sign_in", "/auth/sign_up", "/no/such/page"} {
		p := b.get(path)
		csp := p.Header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %s", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code", path)
		}
		for h, want := range map[string]string{"X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
			"X-Content-Type-Options": "nosniff", "Strict-Transport-Security": ""} {
			if got := p.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", path, h, got, want)
			}
		}
		if strings.Contains(p.Body, "<script>") || strings.Contains(p.Body, " style=") {
			t.Errorf("%s: inline script or style in the page", path)
		}
	}
}
