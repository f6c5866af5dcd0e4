package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"roost/server/servertest"
)

// TestAdminRelaysPage: an admin subscribes to a relay from the admin area,
// sees it waiting for the relay's answer, and unsubscribes; a bad address
// is refused next to the field; nobody else sees the page.
func TestAdminRelaysPage(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "root", "admin", true)
	createUser(t, in, "mod", "moderator", true)
	in.CreateUser(t, "alice")
	admin := newBrowser(t, in)
	admin.signIn("root")
	if p := admin.get("/admin/relays"); p.Code != http.StatusOK || !strings.Contains(p.Body, "Nothing here yet") {
		t.Fatalf("no relays yet (%d)", p.Code)
	}
	if p := admin.get("/admin/federation"); !strings.Contains(p.Body, `href="/admin/relays"`) {
		t.Error("the admin nav does not link the relays page")
	}
	// A closed loopback port: the Follow fails at once rather than leave the machine.
	const inbox = "http://127.0.0.1:9/inbox"
	if p := admin.submit("/admin/relays", "/admin/relays", url.Values{"url": {inbox}}); p.Code != http.StatusSeeOther {
		t.Fatalf("subscribe: %d", p.Code)
	}
	p := admin.get("/admin/relays")
	for _, want := range []string{inbox, "Mastodon-style", "Waiting for the relay to accept"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	cases := []struct{ name, url, want string }{
		{"not a URL", "relay.example", "full https:// address"},
		{"again", inbox, "already subscribed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := admin.submit("/admin/relays", "/admin/relays", url.Values{"url": {c.url}})
			if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, c.want) {
				t.Errorf("%d, want 422 with %q", p.Code, c.want)
			}
		})
	}
	remove := regexp.MustCompile(`action="(/admin/relays/\d+/delete)"`).FindStringSubmatch(p.Body)
	if remove == nil {
		t.Fatal("no unsubscribe button")
	}
	if p := admin.submit("/admin/relays", remove[1], url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("unsubscribe: %d", p.Code)
	}
	if p := admin.get("/admin/relays"); strings.Contains(p.Body, inbox) {
		t.Error("the relay is still listed")
	}
	var undos int
	err := in.DB.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM deliveries
		WHERE target_url = ? AND CAST(payload AS TEXT) LIKE '%"type":"Undo"%'`, inbox).Scan(&undos)
	if err != nil || undos != 1 {
		t.Errorf("%d Undo queued (%v)", undos, err)
	}
	for _, who := range []string{"mod", "alice"} {
		b := newBrowser(t, in)
		b.signIn(who)
		if p := b.get("/admin/relays"); p.Code == http.StatusOK {
			t.Errorf("%s sees the relays page", who)
		}
	}
}
