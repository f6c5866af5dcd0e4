package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"roost/server/actions"
	"roost/server/servertest"
)

// TestAccountMigrationPages drives a move between two instances through
// the settings pages alone: alice2@B names alice@A as an alias, then
// alice@A moves, confirming with her password; carol, who followed alice
// on A, ends up following alice2.
func TestAccountMigrationPages(t *testing.T) {
	a, b := servertest.Start(t), servertest.Start(t, servertest.ListenIP("127.0.0.2"))
	ctx := context.Background()
	alice, _ := a.CreateUser(t, "alice")
	carol, _ := a.CreateUser(t, "carol")
	b.CreateUser(t, "alice2")
	if _, err := a.Actions().Follow(ctx, carol, alice.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	onA, onB := newBrowser(t, a), newBrowser(t, b)
	onA.signIn("alice")
	onB.signIn("alice2")

	t.Run("moving before the alias is refused", func(t *testing.T) {
		p := onA.submit("/settings/migration", "/settings/migration/move",
			url.Values{"target": {"alice2@" + b.Host}, "current_password": {servertest.Password}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="target-error"`) {
			t.Fatalf("%d", p.Code)
		}
	})
	t.Run("alias added and removed", func(t *testing.T) {
		p := onB.submit("/settings/migration", "/settings/migration/aliases", url.Values{"alias": {"alice@" + a.Host}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("add alias: %d %s", p.Code, p.Body)
		}
		if page := onB.get("/settings/migration"); !strings.Contains(page.Body, "@alice@"+a.Host) {
			t.Fatal("the alias is not listed")
		}
		p = onB.submit("/settings/migration", "/settings/migration/aliases/delete", url.Values{"uri": {alice.URI}})
		if p.Code != http.StatusSeeOther || strings.Contains(onB.get("/settings/migration").Body, "@alice@"+a.Host) {
			t.Fatalf("remove alias: %d", p.Code)
		}
		if p := onB.submit("/settings/migration", "/settings/migration/aliases", url.Values{"alias": {"alice@" + a.Host}}); p.Code != http.StatusSeeOther {
			t.Fatalf("add alias again: %d", p.Code)
		}
	})
	t.Run("a wrong password does not move", func(t *testing.T) {
		p := onA.submit("/settings/migration", "/settings/migration/move",
			url.Values{"target": {"alice2@" + b.Host}, "current_password": {"not my password"}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `id="move_password-error"`) {
			t.Fatalf("%d", p.Code)
		}
		if acct, _ := a.DB.Account(ctx, alice.ID); acct.MovedToID != nil {
			t.Fatal("moved without the password")
		}
	})
	t.Run("moved", func(t *testing.T) {
		p := onA.submit("/settings/migration", "/settings/migration/move",
			url.Values{"target": {"alice2@" + b.Host}, "current_password": {servertest.Password}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("move: %d %s", p.Code, p.Body)
		}
		if page := onA.get("/settings/migration"); !strings.Contains(page.Body, "@alice2@"+b.Host) {
			t.Error("the page does not say where the account moved")
		}
		alice2OnA, err := a.Actions().ResolveAccount(ctx, "alice2@"+b.Host)
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			var n int
			if err := a.DB.R().QueryRowContext(ctx, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?",
				carol.ID, alice2OnA.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("carol does not follow alice2")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
