package apub_test

import (
	"context"
	"testing"

	"roost/server"
	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// TestAuthorizedFetchFirstContact: two servers that both require signed
// fetches still meet. The first time a server's signature is seen, its key
// is fetched (the instance actor that signs fetches is served unsigned), so
// a user of one can look up, follow and read a user of the other.
func TestAuthorizedFetchFirstContact(t *testing.T) {
	signedOnly := servertest.WithConfig(func(c *server.Config) { c.Federation.AuthorizedFetch = true })
	a := servertest.Start(t, signedOnly)
	b := servertest.Start(t, signedOnly, servertest.ListenIP("127.0.0.2"))
	ctx := context.Background()
	alice, _ := a.CreateUser(t, "alice")
	dave, _ := b.CreateUser(t, "dave")

	aliceOnB, err := b.Actions().ResolveAccount(ctx, "alice@"+a.Host)
	if err != nil {
		t.Fatalf("B cannot read alice's profile on A: %v", err)
	}
	if _, err := b.Actions().Follow(ctx, dave, aliceOnB.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return followsBetween(t, b, dave.ID, aliceOnB.ID) == 1 })
	s := post(t, a, alice, "for my followers", store.VisibilityPrivate)
	waitFor(t, func() bool { return copyOf(b, s) != nil })

	// A post B never received is fetched by its URL, signed, as B's search does.
	if _, err := b.Actions().ResolveStatus(ctx, post(t, a, alice, "fetched later", store.VisibilityPublic).URI); err != nil {
		t.Fatalf("B cannot fetch a public post of A's: %v", err)
	}
}
