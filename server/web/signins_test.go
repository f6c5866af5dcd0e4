package web_test

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"roost/server"
	"roost/server/servertest"
)

var (
	revokeSession = regexp.MustCompile(`action="/settings/sessions/(\d+)/revoke"`)
	revokeApp     = regexp.MustCompile(`action="/settings/apps/(\d+)/revoke"`)
)

// TestSessionsListAndRevoke: the sessions page lists each signed-in
// browser (user agent, IP, last use) and each authorised app; revoking
// signs that browser out, and takes the app's tokens away.
func TestSessionsListAndRevoke(t *testing.T) {
	in := servertest.Start(t)
	_, alice := in.CreateUser(t, "alice")
	_, bob := in.CreateUser(t, "bob")
	token := in.Token(t, alice, "read")
	bobToken := in.Token(t, bob, "read")
	here, there := newBrowser(t, in), newBrowser(t, in)
	here.signIn("alice")
	there.signIn("alice")

	p := here.get("/settings/sessions")
	sessions := revokeSession.FindAllStringSubmatch(p.Body, -1)
	apps := revokeApp.FindAllStringSubmatch(p.Body, -1)
	if p.Code != http.StatusOK || len(sessions) != 1 || len(apps) != 1 {
		t.Fatalf("sessions page: %d, %d other sessions, %d apps:\n%s", p.Code, len(sessions), len(apps), p.Body)
	}
	for _, want := range []string{"roost-test/1.0", "127.0.0.1", "this browser", "servertest", "last used"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("sessions page lacks %q", want)
		}
	}
	tokens, err := in.DB.UserTokens(context.Background(), alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, ut := range tokens {
		if ut.Token.Kind == "session" && ut.Token.LastUsedAt == nil {
			t.Error("a used session has no last use recorded")
		}
	}

	// Another user's session or app is not ours to revoke.
	bobBrowser := newBrowser(t, in)
	bobBrowser.signIn("bob")
	if p := bobBrowser.submit("/settings/sessions", "/settings/sessions/"+sessions[0][1]+"/revoke", url.Values{}); p.Code != http.StatusNotFound {
		t.Fatalf("revoking another user's session: %d", p.Code)
	}
	if p := bobBrowser.submit("/settings/sessions", "/settings/apps/"+apps[0][1]+"/revoke", url.Values{}); p.Code != http.StatusNotFound {
		t.Fatalf("revoking another user's app: %d", p.Code)
	}

	if p := here.submit("/settings/sessions", "/settings/sessions/"+sessions[0][1]+"/revoke", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("revoke session: %d", p.Code)
	}
	if p := there.get("/settings/profile"); p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/auth/sign_in") {
		t.Fatalf("the revoked browser still gets in: %d %q", p.Code, p.Location)
	}
	if p := here.get("/settings/profile"); p.Code != http.StatusOK {
		t.Fatalf("this browser was signed out too: %d", p.Code)
	}

	if p := here.submit("/settings/sessions", "/settings/apps/"+apps[0][1]+"/revoke", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("revoke app: %d", p.Code)
	}
	api := func(token string) int {
		req, _ := http.NewRequest(http.MethodGet, in.URL+"/api/v1/accounts/verify_credentials", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := api(token); code != http.StatusUnauthorized {
		t.Fatalf("the revoked app's token: %d", code)
	}
	if code := api(bobToken); code != http.StatusOK {
		t.Fatalf("another user's token: %d", code)
	}
}

// smtpSink is a minimal SMTP server on loopback that keeps each message.
type smtpSink struct {
	ln   net.Listener
	mail chan string
	wg   sync.WaitGroup
}

func startSMTPSink(t *testing.T) *smtpSink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln, mail: make(chan string, 10)}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.serve(conn)
		}
	}()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *smtpSink) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	say := func(line string) { conn.Write([]byte(line + "\r\n")) }
	say("220 sink ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		switch verb := strings.ToUpper(strings.Fields(line + " x")[0]); verb {
		case "EHLO", "HELO":
			say("250 sink")
		case "MAIL", "RCPT", "RSET", "NOOP":
			say("250 OK")
		case "DATA":
			say("354 go ahead")
			var msg strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				msg.WriteString(l)
			}
			s.mail <- msg.String()
			say("250 OK")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}

var resetLink = regexp.MustCompile(`/auth/password/reset\?token=([A-Za-z0-9_-]+)`)

// TestPasswordResetByMail: with SMTP configured, the forgot-password form
// mails a link that sets a new password once; an unknown address gets the
// same answer and no mail. Without SMTP the page sends people to an admin.
func TestPasswordResetByMail(t *testing.T) {
	sink := startSMTPSink(t)
	port := sink.ln.Addr().(*net.TCPAddr).Port
	in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) {
		c.SMTP.Host, c.SMTP.Port, c.SMTP.From = "127.0.0.1", port, "Roost <roost@example.com>"
	}))
	in.CreateUser(t, "alice")
	b := newBrowser(t, in)
	b.signIn("alice")
	visitor := newBrowser(t, in)

	p := visitor.submit("/auth/password/forgot", "/auth/password/forgot", url.Values{"email": {"nobody@example.com"}})
	if p.Code != http.StatusOK || !strings.Contains(p.Body, `id="reset-sent"`) {
		t.Fatalf("unknown address: %d", p.Code)
	}
	p = visitor.submit("/auth/password/forgot", "/auth/password/forgot", url.Values{"email": {"alice@example.com"}})
	if p.Code != http.StatusOK || !strings.Contains(p.Body, `id="reset-sent"`) {
		t.Fatalf("known address: %d", p.Code)
	}
	msg := <-sink.mail
	if !strings.Contains(msg, "To: alice@example.com") || !strings.Contains(msg, "Subject: Reset your password") {
		t.Fatalf("mail:\n%s", msg)
	}
	select {
	case other := <-sink.mail:
		t.Fatalf("a second mail was sent (to the unknown address?):\n%s", other)
	default:
	}
	m := resetLink.FindStringSubmatch(msg)
	if m == nil {
		t.Fatalf("no link in the mail:\n%s", msg)
	}
	link := m[0]
	if p := visitor.get(link); p.Code != http.StatusOK || !strings.Contains(p.Body, `name="token"`) {
		t.Fatalf("reset form: %d", p.Code)
	}
	if p := visitor.submit(link, "/auth/password/reset", url.Values{"token": {m[1]}, "password": {"short"}, "password_confirmation": {"short"}}); p.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a too short password: %d", p.Code)
	}
	form := url.Values{"token": {m[1]}, "password": {"a brand new password"}, "password_confirmation": {"a brand new password"}}
	if p := visitor.submit(link, "/auth/password/reset", form); p.Code != http.StatusSeeOther || p.Location != "/auth/sign_in?notice=password_reset" {
		t.Fatalf("reset: %d %q", p.Code, p.Location)
	}
	if p := visitor.submit("/auth/sign_in", "/auth/password/reset", form); p.Code != http.StatusNotFound {
		t.Fatalf("the link used twice: %d", p.Code)
	}
	if p := b.get("/settings/profile"); p.Code != http.StatusSeeOther {
		t.Fatalf("the old session survived the reset: %d", p.Code)
	}
	if _, err := in.Actions().Authenticate(context.Background(), "alice", "a brand new password"); err != nil {
		t.Fatalf("sign in with the new password: %v", err)
	}
}

func TestPasswordResetWithoutMail(t *testing.T) {
	in := servertest.Start(t)
	b := newBrowser(t, in)
	p := b.get("/auth/password/forgot")
	if p.Code != http.StatusOK || !strings.Contains(p.Body, `id="reset-by-admin"`) || !strings.Contains(p.Body, "roost admin account password") {
		t.Fatalf("forgot page without SMTP: %d\n%s", p.Code, p.Body)
	}
	if p := b.submit("/auth/sign_in", "/auth/password/forgot", url.Values{"email": {"alice@example.com"}}); p.Code != http.StatusNotFound {
		t.Fatalf("posting without SMTP: %d", p.Code)
	}
}
