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

// TestFilteredNotificationsPage: a stranger's private mention is held back;
// the notifications page links to it, the requests page shows it with
// Accept and Dismiss, and the policy form saves.
func TestFilteredNotificationsPage(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	carol, _ := in.CreateUser(t, "carol")
	post(t, in, bob, actions.PostStatusArgs{Text: "@alice psst from bob", Visibility: "direct"})
	post(t, in, carol, actions.PostStatusArgs{Text: "@alice psst from carol", Visibility: "direct"})

	b := newBrowser(t, in)
	b.signIn("alice")
	body := b.get("/notifications").Body
	if !strings.Contains(body, "Filtered notifications (2)") || strings.Contains(body, "psst") {
		t.Fatalf("notifications page: %s", body)
	}
	p := b.get("/notifications/requests")
	if p.Code != http.StatusOK || !strings.Contains(p.Body, "psst from bob") || !strings.Contains(p.Body, "psst from carol") {
		t.Fatalf("requests page (%d): %s", p.Code, p.Body)
	}
	requests, err := in.Actions().NotificationRequests(ctx, alice, store.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range requests.List {
		answer := "dismiss"
		if r.FromAccountID == bob.ID {
			answer = "accept"
		}
		path := "/notifications/requests/" + store.FormatID(r.ID) + "/" + answer
		if got := b.submit("/notifications/requests", path, url.Values{}); got.Code != http.StatusSeeOther {
			t.Fatalf("%s: %d", path, got.Code)
		}
	}
	body = b.get("/notifications").Body
	if !strings.Contains(body, "psst from bob") || strings.Contains(body, "psst from carol") || strings.Contains(body, "Filtered notifications (") {
		t.Errorf("after accept/dismiss: %s", body)
	}
	if got := b.post("/notifications/requests/1/accept", url.Values{}); got.Code != http.StatusForbidden && got.Code != http.StatusBadRequest {
		t.Errorf("a post without CSRF token: %d", got.Code)
	}

	form := url.Values{"for_not_following": {"filter"}, "for_not_followers": {"accept"}, "for_new_accounts": {"drop"},
		"for_private_mentions": {"accept"}, "for_limited_accounts": {"filter"}}
	if got := b.submit("/notifications/requests", "/notifications/policy", form); got.Code != http.StatusSeeOther {
		t.Fatalf("policy form: %d", got.Code)
	}
	policy, err := in.Actions().NotificationPolicy(ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	if policy.ForNotFollowing != "filter" || policy.ForNewAccounts != "drop" || policy.ForPrivateMentions != "accept" {
		t.Errorf("saved policy = %+v", policy.NotificationPolicy)
	}
	form.Set("for_new_accounts", "sometimes")
	if got := b.submit("/notifications/requests", "/notifications/policy", form); got.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad verdict: %d", got.Code)
	}
	if fr := b.get("/notifications/requests"); !strings.Contains(fr.Body, `value="filter" selected`) {
		t.Error("the form does not show the saved policy")
	}
}
