package apub_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/store"
)

// report POSTs /api/v1/reports as token and decodes the answer.
func report(t *testing.T, base, token string, form url.Values) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/reports", strings.NewReader(form.Encode()))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func TestReports(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	carol, _ := p.a.CreateUser(t, "carol")
	bobOnA := remoteOn(t, p.a, p.b, p.bob)
	bobsPost := post(t, p.b, p.bob, "buy my pills", "public")
	postOnA, err := p.a.Actions().ResolveStatus(ctx, bobsPost.URI)
	if err != nil {
		t.Fatal(err)
	}

	adminToken(t, p.a, "root")
	root, err := p.a.DB.UserByEmail(ctx, "root@example.com")
	if err != nil {
		t.Fatal(err)
	}
	rule, err := p.a.Actions().AddRule(ctx, root, "Be kind", "")
	if err != nil {
		t.Fatal(err)
	}
	ruleID := store.FormatID(rule.ID)

	t.Run("a local account is reported and nothing leaves", func(t *testing.T) {
		code, body := report(t, p.a.URL, p.aliceToken, url.Values{"account_id": {store.FormatID(carol.ID)},
			"comment": {"rude"}, "category": {"violation"}, "rule_ids[]": {ruleID}, "forward": {"true"}})
		if code != http.StatusOK || body["forwarded"] != false || body["category"] != "violation" {
			t.Fatalf("report: %d %v", code, body)
		}
		if ids, _ := body["rule_ids"].([]any); len(ids) != 1 || ids[0] != ruleID {
			t.Fatalf("rule_ids: %v", body["rule_ids"])
		}
		if n, _ := p.a.DB.ReportCount(ctx, carol.ID); n != 1 {
			t.Fatalf("reports against carol: %d", n)
		}
	})

	t.Run("rules make a report a violation, as in Mastodon", func(t *testing.T) {
		code, body := report(t, p.a.URL, p.aliceToken, url.Values{"account_id": {store.FormatID(carol.ID)},
			"category": {"spam"}, "rule_ids[]": {ruleID}})
		if code != http.StatusOK || body["category"] != "violation" {
			t.Fatalf("report: %d %v", code, body)
		}
	})

	t.Run("bad input is a 422", func(t *testing.T) {
		cases := []struct {
			name string
			form url.Values
		}{
			{"unknown category", url.Values{"account_id": {store.FormatID(carol.ID)}, "category": {"boring"}}},
			{"yourself", url.Values{"account_id": {store.FormatID(p.alice.ID)}}},
			{"someone else's status", url.Values{"account_id": {store.FormatID(carol.ID)}, "status_ids[]": {store.FormatID(postOnA.ID)}}},
			{"no account", url.Values{"comment": {"x"}}},
			{"a violation of no rule", url.Values{"account_id": {store.FormatID(carol.ID)}, "category": {"violation"}}},
			{"an unknown rule", url.Values{"account_id": {store.FormatID(carol.ID)}, "category": {"violation"}, "rule_ids[]": {"12345"}}},
			{"a rule id that is no id", url.Values{"account_id": {store.FormatID(carol.ID)}, "rule_ids[]": {"x"}}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if code, body := report(t, p.a.URL, p.aliceToken, tc.form); code != http.StatusUnprocessableEntity {
					t.Fatalf("%d %v", code, body)
				}
			})
		}
	})

	t.Run("a forwarded report reaches the remote server as a Flag from the instance", func(t *testing.T) {
		code, body := report(t, p.a.URL, p.aliceToken, url.Values{"account_id": {store.FormatID(bobOnA.ID)},
			"status_ids[]": {store.FormatID(postOnA.ID)}, "comment": {"spam"}, "category": {"spam"}, "forward": {"true"}})
		if code != http.StatusOK || body["forwarded"] != true {
			t.Fatalf("report: %d %v", code, body)
		}
		if ids, _ := body["status_ids"].([]any); len(ids) != 1 || ids[0] != store.FormatID(postOnA.ID) {
			t.Fatalf("status_ids: %v", body["status_ids"])
		}
		waitFor(t, func() bool { n, _ := p.b.DB.ReportCount(ctx, p.bob.ID); return n == 1 })
		var reporter, statusIDs, comment string
		err := p.b.DB.R().QueryRowContext(ctx, `SELECT a.uri, r.status_ids, r.comment FROM reports r
			JOIN accounts a ON a.id = r.account_id WHERE r.target_account_id = ?`, p.bob.ID).Scan(&reporter, &statusIDs, &comment)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(reporter, "alice") {
			t.Fatalf("the reporter is named: %s", reporter)
		}
		if !strings.Contains(statusIDs, store.FormatID(bobsPost.ID)) || comment != "spam" {
			t.Fatalf("report on B: statuses %s comment %q", statusIDs, comment)
		}
	})

	t.Run("a report without forward stays home", func(t *testing.T) {
		code, body := report(t, p.a.URL, p.aliceToken, url.Values{"account_id": {store.FormatID(bobOnA.ID)}})
		if code != http.StatusOK || body["forwarded"] != false {
			t.Fatalf("report: %d %v", code, body)
		}
		if n := count(t, p.a, "SELECT COUNT(*) FROM reports WHERE target_account_id = ?", bobOnA.ID); n != 2 {
			t.Fatalf("reports on A against bob: %d", n)
		}
	})
}
