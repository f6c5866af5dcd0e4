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

func publicHas(t *testing.T, in *servertest.Instance, viewer *store.Account, s *store.Status) bool {
	t.Helper()
	list, err := in.Actions().PublicTimeline(context.Background(), viewer, store.PublicFilter{}, store.Page{Limit: 40})
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range list.List {
		if got.ID == s.ID {
			return true
		}
	}
	return false
}

func TestAdminReports(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	createUser(t, in, "mod", "moderator", true)
	createUser(t, in, "root", "admin", true)
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	fan, _ := in.CreateUser(t, "fan")
	if _, err := in.Actions().Follow(ctx, fan, bob.ID, actions.FollowArgs{}); err != nil {
		t.Fatal(err)
	}
	spam := post(t, in, bob, actions.PostStatusArgs{Text: "cheap pills here", Visibility: "public"})
	report, err := in.Actions().FileReport(ctx, alice, actions.ReportArgs{AccountID: bob.ID, StatusIDs: []store.ID{spam.ID},
		Comment: "spammer", Category: "spam"})
	if err != nil {
		t.Fatal(err)
	}
	rid := store.FormatID(report.ID)
	mod := newBrowser(t, in)
	mod.signIn("mod")

	t.Run("a plain user cannot see reports", func(t *testing.T) {
		b := newBrowser(t, in)
		b.signIn("alice")
		if p := b.get("/admin/reports"); p.Code != http.StatusForbidden {
			t.Fatalf("%d", p.Code)
		}
	})

	t.Run("a moderator sees the report and assigns it to themselves", func(t *testing.T) {
		p := mod.get("/admin/reports")
		if p.Code != http.StatusOK || !strings.Contains(p.Body, "cheap pills here") || !strings.Contains(p.Body, "spammer") {
			t.Fatalf("reports page: %d", p.Code)
		}
		if p := mod.submit("/admin/reports", "/admin/reports/"+rid+"/assign", url.Values{"mine": {"1"}}); p.Code != http.StatusSeeOther {
			t.Fatalf("assign: %d", p.Code)
		}
		if got, _ := in.DB.ReportByID(ctx, report.ID); got.AssignedToID == nil {
			t.Fatal("not assigned")
		}
	})

	t.Run("limit hides from public timelines except for followers, and resolves", func(t *testing.T) {
		if !publicHas(t, in, alice, spam) {
			t.Fatal("the post is not public before the limit")
		}
		if p := mod.submit("/admin/reports", "/admin/reports/"+rid+"/action", url.Values{"action": {"limit"}}); p.Code != http.StatusSeeOther {
			t.Fatalf("limit: %d", p.Code)
		}
		if publicHas(t, in, alice, spam) || publicHas(t, in, nil, spam) {
			t.Fatal("a limited account's post is on the public timeline of a non-follower")
		}
		if !publicHas(t, in, fan, spam) {
			t.Fatal("a follower lost the limited account's post")
		}
		if got, _ := in.DB.ReportByID(ctx, report.ID); got.ActionTakenAt == nil {
			t.Fatal("not resolved")
		}
		if p := mod.get("/admin/reports?resolved=1"); !strings.Contains(p.Body, "spammer") {
			t.Fatal("the resolved list misses the report")
		}
	})

	t.Run("warn notifies the account; a moderator cannot act on an admin", func(t *testing.T) {
		again, _ := in.Actions().FileReport(ctx, alice, actions.ReportArgs{AccountID: bob.ID})
		if p := mod.submit("/admin/reports", "/admin/reports/"+store.FormatID(again.ID)+"/action", url.Values{"action": {"warn"}}); p.Code != http.StatusSeeOther {
			t.Fatalf("warn: %d", p.Code)
		}
		var n int
		in.DB.R().QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications WHERE account_id = ? AND type = 'moderation_warning'", bob.ID).Scan(&n)
		if n != 1 {
			t.Fatalf("warnings: %d", n)
		}
		bobUser, _ := in.DB.UserByUsername(ctx, "bob")
		token := in.Token(t, bobUser)
		for _, path := range []string{"/api/v1/notifications", "/api/v2/notifications"} {
			req, _ := http.NewRequest(http.MethodGet, in.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s with a warning: %d", path, resp.StatusCode)
			}
		}
		if p := newBrowserAs(t, in, "bob").get("/notifications"); p.Code != http.StatusOK {
			t.Fatalf("notifications page with a warning: %d", p.Code)
		}
		root, _ := in.DB.UserByUsername(ctx, "root")
		onAdmin, _ := in.Actions().FileReport(ctx, alice, actions.ReportArgs{AccountID: root.AccountID})
		if p := mod.submit("/admin/reports", "/admin/reports/"+store.FormatID(onAdmin.ID)+"/action", url.Values{"action": {"suspend"}}); p.Code != http.StatusForbidden {
			t.Fatalf("suspend an admin by a moderator: %d", p.Code)
		}
	})
}

// fanOf creates a user who reports in the escape test.
func fanOf(t *testing.T, in *servertest.Instance) *store.Account {
	t.Helper()
	acct, _ := in.CreateUser(t, "reporter")
	return acct
}

func newBrowserAs(t *testing.T, in *servertest.Instance, login string) *browser {
	b := newBrowser(t, in)
	b.signIn(login)
	return b
}
