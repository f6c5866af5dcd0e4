package apub_test

import (
	"context"
	"strings"
	"testing"

	"roost/server/servertest"
	"roost/store"
)

// Blocking a remote account ends follows both ways and sends it a Block;
// blocking a whole domain ends follows of and by its accounts with an Undo
// and a Reject, and announces nothing else.
func TestBlocksFederate(t *testing.T) {
	in := servertest.Start(t)
	sink := newInboxSink(t, in)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	eve := seedRemote(t, in, "eve", "three.example", sink.srv.URL+"/three/eve", "")
	mallory := seedRemote(t, in, "mallory", "four.example", sink.srv.URL+"/four/mallory", "")
	for _, remote := range []*store.Account{eve.Account, mallory.Account} {
		follow(t, in, alice, remote)
		follow(t, in, remote, alice)
	}

	if _, err := in.Actions().Block(ctx, alice, eve.ID); err != nil {
		t.Fatal(err)
	}
	got := sink.settle(t)
	if strings.Join(summary(got), ",") != "/three/eve Block" {
		t.Fatalf("after the block: %q", summary(got))
	}
	if got[0].Doc["object"] != eve.URI || got[0].Doc["actor"] != alice.URI {
		t.Errorf("Block = %v", got[0].Doc)
	}
	rels, err := in.DB.Relationships(ctx, alice.ID, []store.ID{eve.ID})
	if err != nil {
		t.Fatal(err)
	}
	if r := rels[0]; r.Following || r.FollowedBy || !r.Blocking {
		t.Errorf("after the block: %+v", r)
	}

	if err := in.Actions().BlockDomain(ctx, alice, "Four.Example"); err != nil {
		t.Fatal(err)
	}
	got = sink.settle(t)
	if strings.Join(summary(got), ",") != "/four/mallory Reject,/four/mallory Undo Follow" {
		t.Fatalf("after the domain block: %q", summary(got))
	}
	rels, err = in.DB.Relationships(ctx, alice.ID, []store.ID{mallory.ID})
	if err != nil {
		t.Fatal(err)
	}
	if r := rels[0]; r.Following || r.FollowedBy {
		t.Errorf("after the domain block: %+v", r)
	}
}
