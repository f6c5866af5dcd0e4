package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"roost/server"
	"roost/server/actions"
	"roost/server/servertest"
)

var inviteLink = regexp.MustCompile(`/invite/([A-Za-z0-9]+)</code>`)

func signUpWith(b *browser, code, username string) page {
	return b.submit("/invite/"+code, "/auth/sign_up", url.Values{"username": {username}, "email": {username + "@example.com"},
		"password": {"a fine password"}, "password_confirmation": {"a fine password"}, "invite_code": {code}})
}

func TestInvites(t *testing.T) {
	in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Registrations = "closed" }))
	ctx := context.Background()
	root := createUser(t, in, "root", "admin", true)
	createUser(t, in, "alice", "user", true)
	admin := newBrowserAs(t, in, "root")

	t.Run("a user cannot invite while registrations are closed", func(t *testing.T) {
		if p := newBrowserAs(t, in, "alice").submit("/settings/invites", "/settings/invites", url.Values{"max_uses": {"1"}}); p.Code != http.StatusForbidden {
			t.Fatalf("%d", p.Code)
		}
	})

	var code string
	t.Run("an admin makes a one-use link", func(t *testing.T) {
		if p := admin.submit("/settings/invites", "/settings/invites", url.Values{"max_uses": {"1"}, "expires_in": {"86400"}}); p.Code != http.StatusSeeOther {
			t.Fatalf("create: %d", p.Code)
		}
		m := inviteLink.FindStringSubmatch(admin.get("/settings/invites").Body)
		if m == nil {
			t.Fatal("no invite link on the page")
		}
		code = m[1]
	})

	t.Run("the link signs up despite closed registrations, once", func(t *testing.T) {
		if p := newBrowser(t, in).get("/auth/sign_up"); p.Code != http.StatusOK {
			t.Fatalf("sign-up page: %d", p.Code)
		}
		if p := signUpWith(newBrowser(t, in), code, "invited"); p.Code != http.StatusSeeOther {
			t.Fatalf("sign up with the invite: %d %s", p.Code, p.Body)
		}
		u, err := in.DB.UserByUsername(ctx, "invited")
		if err != nil || u.ApprovedAt == nil {
			t.Fatalf("the invited user is not approved: %v", err)
		}
		if p := newBrowser(t, in).get("/invite/" + code); p.Code != http.StatusNotFound {
			t.Fatalf("a used-up link: %d", p.Code)
		}
	})

	t.Run("a used-up, expired or made-up code does not sign up", func(t *testing.T) {
		expired, err := in.Actions().CreateInvite(ctx, root, actions.InviteArgs{ExpiresIn: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
		if p := newBrowser(t, in).get("/invite/" + expired.Code); p.Code != http.StatusNotFound {
			t.Fatalf("an expired link: %d", p.Code)
		}
		fresh, _ := in.Actions().CreateInvite(ctx, root, actions.InviteArgs{})
		for name, c := range map[string]string{"used up": code, "expired": expired.Code, "made up": "nope"} {
			b := newBrowser(t, in)
			p := b.submit("/invite/"+fresh.Code, "/auth/sign_up", url.Values{"username": {"sneaky"}, "email": {"sneaky@example.com"},
				"password": {"a fine password"}, "password_confirmation": {"a fine password"}, "invite_code": {c}})
			if p.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%s: %d", name, p.Code)
			}
		}
		if _, err := in.DB.UserByUsername(ctx, "sneaky"); err == nil {
			t.Fatal("an account was made")
		}
	})
}

func TestRejectSignUp(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	createUser(t, in, "mod", "moderator", true)
	createUser(t, in, "pending", "user", false)
	createUser(t, in, "member", "user", true)
	mod := newBrowserAs(t, in, "mod")
	if p := mod.submit("/admin/users", "/admin/users/member/reject", url.Values{}); p.Code != http.StatusUnprocessableEntity {
		t.Fatalf("reject an approved member: %d", p.Code)
	}
	if p := mod.submit("/admin/users", "/admin/users/pending/reject", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("reject: %d", p.Code)
	}
	if _, err := in.DB.UserByUsername(ctx, "pending"); err == nil {
		t.Fatal("the rejected user is still there")
	}
	if _, err := in.DB.UserByUsername(ctx, "member"); err != nil {
		t.Fatal("the member is gone")
	}
}
