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

// TestReportFlow: the web UI's Report link leads to a form that files the
// report through the same operation as POST /api/v1/reports, rules and all.
func TestReportFlow(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	root := createUser(t, in, "root", "admin", true)
	createUser(t, in, "alice", "user", true)
	bob, _ := in.CreateUser(t, "bob")
	rule, err := in.Actions().AddRule(ctx, root, "No spam", "")
	if err != nil {
		t.Fatal(err)
	}
	spam := post(t, in, bob, actions.PostStatusArgs{Text: "cheap pills here", Visibility: "public"})
	post(t, in, bob, actions.PostStatusArgs{Text: "a harmless post", Visibility: "public"})
	alice := newBrowserAs(t, in, "alice")
	formPath := "/accounts/" + store.FormatID(bob.ID) + "/report"

	t.Run("the status menu and the profile link to the form", func(t *testing.T) {
		if p := alice.get(statusPage(bob, spam)); !strings.Contains(p.Body, `href="`+formPath+`?status=`+store.FormatID(spam.ID)+`"`) {
			t.Fatalf("no report link in the status menu (%d)", p.Code)
		}
		if p := alice.get("/@bob"); !strings.Contains(p.Body, `href="`+formPath+`"`) {
			t.Fatalf("no report link on the profile (%d)", p.Code)
		}
	})

	t.Run("the form offers categories, rules and the account's posts", func(t *testing.T) {
		p := alice.get(formPath + "?status=" + store.FormatID(spam.ID))
		if p.Code != http.StatusOK {
			t.Fatalf("%d", p.Code)
		}
		for _, want := range []string{`name="category" value="violation"`, `name="rule_ids" value="` + store.FormatID(rule.ID) + `"`,
			"No spam", "cheap pills here", "a harmless post", `value="` + store.FormatID(spam.ID) + `" checked`} {
			if !strings.Contains(p.Body, want) {
				t.Errorf("the form lacks %q", want)
			}
		}
		if strings.Contains(p.Body, `name="forward"`) {
			t.Error("a local account's report offers forwarding")
		}
	})

	t.Run("a violation without a rule is refused with the form refilled", func(t *testing.T) {
		p := alice.submit(formPath, formPath, url.Values{"category": {"violation"}, "comment": {"keep me"},
			"status_ids": {store.FormatID(spam.ID)}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "keep me") {
			t.Fatalf("%d", p.Code)
		}
		if n, _ := in.DB.ReportCount(ctx, bob.ID); n != 0 {
			t.Fatal("a report was filed")
		}
	})

	t.Run("a violation report is filed with its rules and posts", func(t *testing.T) {
		p := alice.submit(formPath, formPath, url.Values{"category": {"violation"}, "comment": {"pills again"},
			"rule_ids": {store.FormatID(rule.ID)}, "status_ids": {store.FormatID(spam.ID)}})
		if p.Code != http.StatusSeeOther || p.Location != "/@bob?notice=reported" {
			t.Fatalf("%d %q", p.Code, p.Location)
		}
		if p := alice.get(p.Location); !strings.Contains(p.Body, "the report was sent") {
			t.Error("no thanks after the report")
		}
		reports, err := in.DB.Reports(ctx, false)
		if err != nil || len(reports) != 1 {
			t.Fatalf("%d reports, %v", len(reports), err)
		}
		r := reports[0]
		if r.Category != "violation" || r.Comment != "pills again" || len(r.RuleIDs) != 1 || r.RuleIDs[0] != rule.ID ||
			len(r.StatusIDs) != 1 || r.StatusIDs[0] != spam.ID {
			t.Fatalf("report: %+v", r.Report)
		}
		admin := newBrowserAs(t, in, "root")
		if p := admin.get("/admin/reports"); !strings.Contains(p.Body, "No spam") || strings.Contains(p.Body, "a harmless post") {
			t.Fatal("the admin page does not show the broken rule with the reported post only")
		}
	})

	t.Run("a remote account's form offers forwarding", func(t *testing.T) {
		remote := &store.Account{ID: in.DB.NewID(), Username: "eve", Domain: "remote.example", URI: "https://remote.example/users/eve",
			InboxURL: "http://127.0.0.1:9/inbox"}
		if err := in.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertAccount(remote) }); err != nil {
			t.Fatal(err)
		}
		if p := alice.get("/accounts/" + store.FormatID(remote.ID) + "/report"); p.Code != http.StatusOK || !strings.Contains(p.Body, `name="forward"`) {
			t.Fatalf("%d: no forward checkbox", p.Code)
		}
	})

	t.Run("nobody reports themselves or needs a form signed out", func(t *testing.T) {
		bobBrowser := newBrowserAs(t, in, "bob")
		if p := bobBrowser.get(formPath); p.Code != http.StatusNotFound {
			t.Fatalf("own form: %d", p.Code)
		}
		if p := newBrowser(t, in).get(formPath); p.Code != http.StatusSeeOther {
			t.Fatalf("signed out: %d", p.Code)
		}
	})
}
