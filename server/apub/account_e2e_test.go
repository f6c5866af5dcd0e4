package apub_test

import (
	"context"
	"net/http"
	"testing"

	"roost/server/actions"
	"roost/server/media/mediatest"
	"roost/store"
)

// Removing a remote follower sends a Reject of its Follow: the follow ends
// on the follower's server too, as with Mastodon.
func TestRemoveFromFollowersFederatesReject(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	aliceOnB := remoteOn(t, p.b, p.a, p.alice)
	if _, err := p.b.Actions().Follow(ctx, p.bob, aliceOnB.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	bobFollowsOnB := func() int {
		return count(t, p.b, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", p.bob.ID, aliceOnB.ID)
	}
	waitFor(t, func() bool { return bobFollowsOnB() == 1 })
	bobOnA := remoteOn(t, p.a, p.b, p.bob)
	if n := count(t, p.a, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", bobOnA.ID, p.alice.ID); n != 1 {
		t.Fatalf("A records %d follows of alice by bob, want 1", n)
	}

	req, _ := http.NewRequest(http.MethodPost, p.a.URL+"/api/v1/accounts/"+store.FormatID(bobOnA.ID)+"/remove_from_followers", nil)
	req.Header.Set("Authorization", "Bearer "+p.aliceToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("remove_from_followers: %d", resp.StatusCode)
	}
	if n := count(t, p.a, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", bobOnA.ID, p.alice.ID); n != 0 {
		t.Fatalf("A still records the follow")
	}
	waitFor(t, func() bool { return bobFollowsOnB() == 0 })
	// bob's server moved its counters back too.
	acct, err := p.b.DB.Account(ctx, p.bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	if acct.FollowingCount != 0 {
		t.Fatalf("bob's following_count on B is %d, want 0", acct.FollowingCount)
	}
}

// Deleting the avatar federates an Update(Person): the follower's server
// drops the picture too.
func TestDeleteAvatarFederatesUpdate(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	if _, err := p.a.Actions().UpdateCredentials(ctx, p.alice, actions.UpdateCredentialsArgs{Avatar: mediatest.PNG(64, 64)}); err != nil {
		t.Fatal(err)
	}
	aliceOnB := remoteOn(t, p.b, p.a, p.alice)
	if aliceOnB.AvatarRemoteURL == "" {
		t.Fatal("B has no avatar for alice")
	}
	if _, err := p.b.Actions().Follow(ctx, p.bob, aliceOnB.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		return count(t, p.a, "SELECT COUNT(*) FROM follows WHERE target_account_id = ?", p.alice.ID) == 1
	})
	req, _ := http.NewRequest(http.MethodDelete, p.a.URL+"/api/v1/profile/avatar", nil)
	req.Header.Set("Authorization", "Bearer "+p.aliceToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE /api/v1/profile/avatar: %d", resp.StatusCode)
	}
	waitFor(t, func() bool {
		acct, err := p.b.DB.Account(ctx, aliceOnB.ID)
		return err == nil && acct.AvatarRemoteURL == ""
	})
}
