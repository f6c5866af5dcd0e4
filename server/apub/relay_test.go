package apub_test

import (
	"context"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// relayState is the state of in's subscription to the relay added as u.
func relayState(t *testing.T, in *servertest.Instance, u string) string {
	t.Helper()
	relays, err := in.Actions().Relays(context.Background(), actions.Operator())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range relays {
		if r.URL == u {
			return r.State
		}
	}
	return ""
}

func addRelay(t *testing.T, in *servertest.Instance, u string) *store.Relay {
	t.Helper()
	r, err := in.Actions().AddRelay(context.Background(), actions.Operator(), u)
	if err != nil {
		t.Fatalf("add relay %s: %v", u, err)
	}
	return r
}

// federatedStatus is a status of B's federated timeline, as an app sees it.
type federatedStatus struct {
	URI     string `json:"uri"`
	Content string `json:"content"`
	Reblog  any    `json:"reblog"`
	Account struct {
		Acct string `json:"acct"`
	} `json:"account"`
}

// TestRelayFanOut: two Roost instances subscribe to relays on other
// loopback addresses; alice's public posts on A reach B's federated
// timeline through a Mastodon-style relay (forwarded Create) and a LitePub
// relay (Announce), though nobody on B follows her. Her followers-only
// posts reach neither relay nor B.
func TestRelayFanOut(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	mastodon := startRelay(t, "127.0.0.3", false, false)
	litepub := startRelay(t, "127.0.0.4", true, false)
	_, carol := p.b.CreateUser(t, "carol")
	carolToken := p.b.Token(t, carol)
	addRelay(t, p.a, mastodon.inbox())
	addRelay(t, p.a, litepub.actor())
	onB := addRelay(t, p.b, mastodon.inbox())
	if onB.Kind != store.RelayMastodon {
		t.Fatalf("an inbox URL is a %s relay", onB.Kind)
	}
	waitFor(t, func() bool {
		return relayState(t, p.a, mastodon.inbox()) == store.RelayAccepted &&
			relayState(t, p.a, litepub.actor()) == store.RelayAccepted &&
			relayState(t, p.b, mastodon.inbox()) == store.RelayAccepted
	})
	federated := func() []federatedStatus {
		return getJSON[[]federatedStatus](t, p.b.URL+"/api/v1/timelines/public?remote=true", carolToken)
	}
	shows := func(s *store.Status) bool {
		for _, f := range federated() {
			if f.URI == s.URI {
				return true
			}
		}
		return false
	}
	assertShown := func(t *testing.T, s *store.Status, text string) {
		t.Helper()
		waitFor(t, func() bool { return shows(s) })
		for _, f := range federated() {
			if f.URI == s.URI && (f.Account.Acct != "alice@"+p.a.Host || !strings.Contains(f.Content, text) || f.Reblog != nil) {
				t.Errorf("B shows %+v", f)
			}
		}
	}

	t.Run("a Mastodon-style relay forwards a public post", func(t *testing.T) {
		s := post(t, p.a, p.alice, "hello through the relay", "public")
		assertShown(t, s, "hello through the relay")
	})

	t.Run("edits and deletions a relay forwards are checked at the origin", func(t *testing.T) {
		s := post(t, p.a, p.alice, "first words", "public")
		assertShown(t, s, "first words")
		forged := map[string]any{"@context": "https://www.w3.org/ns/activitystreams", "id": mastodon.nextID(),
			"type": "Delete", "actor": p.alice.URI, "object": map[string]any{"id": s.URI, "type": "Tombstone"}}
		if err := mastodon.send(p.b.URL+"/inbox", forged); err != nil {
			t.Fatal(err)
		}
		if copyOf(p.b, s) == nil {
			t.Fatal("a Delete the relay made up removed a post its origin still serves")
		}
		if _, err := p.a.Actions().EditStatus(ctx, p.alice, s.ID, actions.EditStatusArgs{Text: "second words"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { c := copyOf(p.b, s); return c != nil && strings.Contains(c.Content, "second words") })
		if _, err := p.a.Actions().DeleteStatus(ctx, p.alice, s.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return copyOf(p.b, s) == nil })
	})

	var unlisted *store.Status
	t.Run("followers-only and unlisted posts reach no relay", func(t *testing.T) {
		private := post(t, p.a, p.alice, "only my followers", "private")
		unlisted = post(t, p.a, p.alice, "quietly", "unlisted")
		marker := post(t, p.a, p.alice, "after the secret", "public")
		assertShown(t, marker, "after the secret")
		waitFor(t, func() bool { return litepub.got(marker.URI) })
		for _, s := range []*store.Status{private, unlisted} {
			if mastodon.got(s.URI) || litepub.got(s.URI) {
				t.Errorf("a relay received the %s post", s.Visibility)
			}
			if copyOf(p.b, s) != nil {
				t.Errorf("B has the %s post", s.Visibility)
			}
		}
	})

	t.Run("removal sends Undo and the relay stops", func(t *testing.T) {
		if err := p.b.Actions().RemoveRelay(ctx, actions.Operator(), onB.ID); err != nil {
			t.Fatal(err)
		}
		instanceB := p.b.URL + "/actor"
		waitFor(t, func() bool { return mastodon.undoneBy(instanceB) })
		if mastodon.subscribed(instanceB) || relayState(t, p.b, mastodon.inbox()) != "" {
			t.Error("B is still subscribed")
		}
	})

	t.Run("a LitePub relay announces a public post", func(t *testing.T) {
		r := addRelay(t, p.b, litepub.actor())
		if r.Kind != store.RelayLitePub || r.InboxURL != litepub.inbox() {
			t.Fatalf("relay actor URL added as %+v", r)
		}
		waitFor(t, func() bool { return relayState(t, p.b, litepub.actor()) == store.RelayAccepted })
		s := post(t, p.a, p.alice, "announced by the relay", "public")
		assertShown(t, s, "announced by the relay")
		if n := count(t, p.b, "SELECT COUNT(*) FROM statuses WHERE reblog_of_id IS NOT NULL"); n != 0 {
			t.Errorf("B stored %d reblogs by the relay", n)
		}
		if n := count(t, p.b, "SELECT COUNT(*) FROM follows"); n != 0 {
			t.Errorf("B has %d follows", n)
		}
		waitFor(t, func() bool { return litepub.followedBack(p.b.URL + "/actor") })
	})

	t.Run("a relay's Announce of a post that is not public is dropped", func(t *testing.T) {
		err := litepub.send(p.b.URL+"/inbox", map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
			"id": litepub.nextID(), "type": "Announce", "actor": litepub.actor(), "object": unlisted.URI})
		if err != nil {
			t.Fatal(err)
		}
		if copyOf(p.b, unlisted) != nil {
			t.Error("B stored an unlisted post a relay passed on")
		}
	})

	t.Run("deleting a public post tells the relays", func(t *testing.T) {
		s := post(t, p.a, p.alice, "soon gone", "public")
		if _, err := p.a.Actions().DeleteStatus(ctx, p.alice, s.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return mastodon.got(s.URI+"#delete") && litepub.got(s.URI+"#delete") })
	})

	t.Run("a relay that refuses leaves the subscription rejected", func(t *testing.T) {
		refusing := startRelay(t, "127.0.0.5", false, true)
		addRelay(t, p.b, refusing.inbox())
		waitFor(t, func() bool { return relayState(t, p.b, refusing.inbox()) == store.RelayRejected })

		t.Run("and its Announces get no trust", func(t *testing.T) {
			if err := p.b.Actions().RemoveRelay(ctx, actions.Operator(), relayID(t, p.b, litepub.actor())); err != nil {
				t.Fatal(err)
			}
			waitFor(t, func() bool { return litepub.undoneBy(p.b.URL + "/actor") })
			fresh := post(t, p.a, p.alice, "nobody on B follows me", "public")
			err := refusing.send(p.b.URL+"/inbox", map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
				"id": refusing.nextID(), "type": "Announce", "actor": refusing.actor(), "object": fresh.URI})
			if err != nil {
				t.Fatal(err)
			}
			if copyOf(p.b, fresh) != nil {
				t.Error("B stored a post Announced by a relay that rejected it")
			}
		})
	})
}

func relayID(t *testing.T, in *servertest.Instance, u string) store.ID {
	t.Helper()
	relays, err := in.Actions().Relays(context.Background(), actions.Operator())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range relays {
		if r.URL == u {
			return r.ID
		}
	}
	t.Fatalf("no relay %s", u)
	return 0
}
