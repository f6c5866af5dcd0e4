package apub_test

import (
	"context"
	"testing"

	"roost/server/actions"
)

// TestMoveBetweenTwoInstances: alice@A moves to alice2@B. carol (on A) and
// bob (on B) followed alice; afterwards both follow alice2.
func TestMoveBetweenTwoInstances(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	carol, _ := p.a.CreateUser(t, "carol")
	alice2, _ := p.b.CreateUser(t, "alice2")
	if _, err := p.a.Actions().Follow(ctx, carol, p.alice.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	aliceOnB := remoteOn(t, p.b, p.a, p.alice)
	if _, err := p.b.Actions().Follow(ctx, p.bob, aliceOnB.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		return count(t, p.a, "SELECT COUNT(*) FROM follows WHERE target_account_id = ?", p.alice.ID) == 2 &&
			count(t, p.b, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", p.bob.ID, aliceOnB.ID) == 1
	})

	t.Run("a move to an account without the alias is refused", func(t *testing.T) {
		if _, err := p.a.Actions().MoveAccount(ctx, p.alice, "alice2@"+p.b.Host); err == nil {
			t.Fatal("moved without alsoKnownAs")
		}
	})

	t.Run("the followers follow the new account", func(t *testing.T) {
		if _, err := p.b.Actions().SetAliases(ctx, alice2, []string{"alice@" + p.a.Host}); err != nil {
			t.Fatal(err)
		}
		moved, err := p.a.Actions().MoveAccount(ctx, p.alice, "alice2@"+p.b.Host)
		if err != nil {
			t.Fatal(err)
		}
		if moved.MovedToID == nil {
			t.Fatal("alice is not marked moved")
		}
		// bob, on B, was moved by B when the Move arrived.
		waitFor(t, func() bool {
			return count(t, p.b, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", p.bob.ID, alice2.ID) == 1
		})
		// carol, on A, asked B to follow alice2, and B accepted.
		alice2OnA := remoteOn(t, p.a, p.b, alice2)
		waitFor(t, func() bool {
			return count(t, p.a, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", carol.ID, alice2OnA.ID) == 1
		})
		if n := count(t, p.a, "SELECT COUNT(*) FROM follows WHERE target_account_id = ?", p.alice.ID); n != 0 {
			t.Fatalf("alice still has %d followers on A", n)
		}
		if n := count(t, p.b, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", p.bob.ID, aliceOnB.ID); n != 0 {
			t.Fatal("bob still follows the old account")
		}
	})
}
