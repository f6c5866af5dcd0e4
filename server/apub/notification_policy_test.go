package apub_test

import (
	"context"
	"testing"

	"roost/store"
)

// TestRemoteUnsolicitedPrivateMentionIsFiltered: a direct message from a
// remote stranger lands in alice's notification requests (Mastodon's
// default policy), not in her notifications; once she accepts, the
// stranger's next one comes straight through.
func TestRemoteUnsolicitedPrivateMentionIsFiltered(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	alice := p.alice
	mentions := func(filtered bool) int {
		return count(t, p.a, "SELECT COUNT(*) FROM notifications WHERE account_id = ? AND type = 'mention' AND filtered = ?", alice.ID, filtered)
	}

	remoteOn(t, p.b, p.a, alice) // bob's server learns of alice, as a search would
	first := post(t, p.b, p.bob, "@alice@"+p.a.Host+" unsolicited", "direct")
	waitFor(t, func() bool { return copyOf(p.a, first) != nil && mentions(true) == 1 })
	list, err := p.a.Actions().Notifications(ctx, alice, store.NotificationFilter{}, store.Page{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.List) != 0 {
		t.Fatalf("the filtered mention is listed: %+v", list.List)
	}
	requests, err := p.a.Actions().NotificationRequests(ctx, alice, store.Page{Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	bobOnA := remoteOn(t, p.a, p.b, p.bob)
	if len(requests.List) != 1 || requests.List[0].FromAccountID != bobOnA.ID {
		t.Fatalf("requests = %+v", requests.List)
	}
	if s := requests.Statuses[*requests.List[0].LastStatusID]; s == nil || s.URI != first.URI {
		t.Errorf("request's last status = %v", s)
	}

	if err := p.a.Actions().AcceptNotificationRequest(ctx, alice, requests.List[0].ID); err != nil {
		t.Fatal(err)
	}
	second := post(t, p.b, p.bob, "@alice@"+p.a.Host+" thanks", "direct")
	waitFor(t, func() bool { return copyOf(p.a, second) != nil && mentions(false) == 2 })
	if mentions(true) != 0 {
		t.Error("filtered mentions left after accept")
	}
}
