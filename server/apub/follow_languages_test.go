package apub_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"roost/server/actions"
	"roost/store"
)

// TestRemoteFollowKeepsLanguages: a follow of a remote account is a
// request until its Accept arrives; the languages chosen with it carry
// over to the follow, and alice's home then leaves out bob's posts in
// other languages.
func TestRemoteFollowKeepsLanguages(t *testing.T) {
	p := newPair(t)
	ctx := context.Background()
	bobOnA := remoteOn(t, p.a, p.b, p.bob)
	rel, err := p.a.Actions().Follow(ctx, p.alice, bobOnA.ID, actions.FollowArgs{Reblogs: true, Languages: &[]string{"fr"}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rel.Languages, []string{"fr"}) {
		t.Fatalf("the request: %+v, want languages [fr]", rel)
	}
	waitFor(t, func() bool {
		return count(t, p.a, "SELECT COUNT(*) FROM follows WHERE account_id = ? AND target_account_id = ?", p.alice.ID, bobOnA.ID) == 1
	})
	rels, err := p.a.Actions().Relationships(ctx, p.alice, []store.ID{bobOnA.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !rels[0].Following || rels[0].Requested || !reflect.DeepEqual(rels[0].Languages, []string{"fr"}) {
		t.Fatalf("after the Accept: %+v, want a follow with languages [fr]", rels[0])
	}

	var sent []*store.Status
	for _, s := range []struct{ text, language string }{{"hello", "en"}, {"bonjour", "fr"}, {"🙂", ""}} {
		v, err := p.b.Actions().PostStatus(ctx, p.bob, actions.PostStatusArgs{Text: s.text, Visibility: "public", Language: s.language})
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, v.Status)
	}
	waitFor(t, func() bool {
		for _, s := range sent {
			if copyOf(p.a, s) == nil {
				return false
			}
		}
		return true
	})
	home, err := p.a.Actions().HomeTimeline(ctx, p.alice, store.Page{Limit: 40})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range home.List {
		got = append(got, s.URI)
	}
	// Deliveries run in parallel, so the copies' order is any.
	want := []string{sent[1].URI, sent[2].URI}
	slices.Sort(got)
	slices.Sort(want)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("alice's home: %q, want the status without a language and the French one %q", got, want)
	}
}
