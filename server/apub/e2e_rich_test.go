package apub_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"

	"roost/server/actions"
	"roost/store"
)

// mutualPair is a pair where alice and bob follow each other, so that each
// one's posts reach the other instance.
func mutualPair(t *testing.T) (*pair, *store.Account, *store.Account) {
	t.Helper()
	p := newPair(t)
	ctx := context.Background()
	bobOnA := remoteOn(t, p.a, p.b, p.bob)
	aliceOnB := remoteOn(t, p.b, p.a, p.alice)
	if _, err := p.a.Actions().Follow(ctx, p.alice, bobOnA.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.b.Actions().Follow(ctx, p.bob, aliceOnB.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		return count(t, p.a, "SELECT COUNT(*) FROM follows WHERE account_id = ?", p.alice.ID) == 1 &&
			count(t, p.b, "SELECT COUNT(*) FROM follows WHERE account_id = ?", p.bob.ID) == 1
	})
	return p, bobOnA, aliceOnB
}

func pollVotes(t *testing.T, in interface {
	Actions() *actions.Actions
}, s *store.Status) int {
	t.Helper()
	if s.PollID == nil {
		t.Fatalf("status %s has no poll", s.URI)
	}
	pl, err := in.Actions().DB.Poll(context.Background(), *s.PollID)
	if err != nil {
		t.Fatal(err)
	}
	return pl.VotesCount
}

func TestPollsFederateBothWays(t *testing.T) {
	p, _, _ := mutualPair(t)
	ctx := context.Background()
	poll := &actions.PollArgs{Options: []string{"tea", "coffee"}, ExpiresIn: actions.MinPollExpiry * 2}

	// B votes on A's poll: A's counts change and B hears the new counts.
	av, err := p.a.Actions().PostStatus(ctx, p.alice, actions.PostStatusArgs{Text: "drink?", Poll: poll})
	if err != nil {
		t.Fatal(err)
	}
	var onB *store.Status
	waitFor(t, func() bool { onB = copyOf(p.b, av.Status); return onB != nil && onB.PollID != nil })
	if _, err := p.b.Actions().Vote(ctx, p.bob, *onB.PollID, []int{1}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return pollVotes(t, p.a, av.Status) == 1 })
	if _, err := p.b.Actions().Vote(ctx, p.bob, *onB.PollID, []int{0}); err == nil {
		t.Error("bob voted twice on a remote poll")
	}

	// A votes on B's poll.
	bv, err := p.b.Actions().PostStatus(ctx, p.bob, actions.PostStatusArgs{Text: "food?",
		Poll: &actions.PollArgs{Options: []string{"a", "b", "c"}, ExpiresIn: actions.MinPollExpiry, Multiple: true}})
	if err != nil {
		t.Fatal(err)
	}
	var onA *store.Status
	waitFor(t, func() bool { onA = copyOf(p.a, bv.Status); return onA != nil && onA.PollID != nil })
	if _, err := p.a.Actions().Vote(ctx, p.alice, *onA.PollID, []int{0, 2}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return pollVotes(t, p.b, bv.Status) == 2 })
	own, err := p.b.DB.Poll(ctx, *bv.Status.PollID)
	if err != nil {
		t.Fatal(err)
	}
	if own.VotersCount != 1 || own.Options[0].VotesCount != 1 || own.Options[2].VotesCount != 1 {
		t.Errorf("B's poll after alice's vote = %+v", own)
	}

	// A vote on B by dave reaches A's copy through Update(Question).
	if _, err := p.b.Actions().Vote(ctx, p.dave, *bv.Status.PollID, []int{1}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		s := copyOf(p.a, bv.Status)
		return s != nil && pollVotes(t, p.a, s) == 3
	})
}

func TestWarningsAndFocusFederate(t *testing.T) {
	p, _, _ := mutualPair(t)
	ctx := context.Background()

	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	img.Set(1, 1, color.White)
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	m, err := p.a.Actions().UploadMedia(ctx, p.alice, actions.UploadMediaArgs{Data: buf.Bytes(), Focus: "0.5,-0.25"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := p.a.Actions().PostStatus(ctx, p.alice, actions.PostStatusArgs{Text: "spoilers", SpoilerText: "film ending",
		Sensitive: true, MediaIDs: []store.ID{m.ID}})
	if err != nil {
		t.Fatal(err)
	}
	var onB *store.Status
	waitFor(t, func() bool { onB = copyOf(p.b, v.Status); return onB != nil })
	if onB.SpoilerText != "film ending" || !onB.Sensitive {
		t.Errorf("on B: spoiler %q sensitive %v", onB.SpoilerText, onB.Sensitive)
	}
	media, err := p.b.DB.StatusAttachments(ctx, []store.ID{onB.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := media[onB.ID]; len(got) != 1 || got[0].FocusX != 0.5 || got[0].FocusY != -0.25 {
		t.Errorf("focus on B = %+v", got)
	}

	if _, err := p.a.Actions().EditStatus(ctx, p.alice, v.Status.ID, actions.EditStatusArgs{Text: "spoilers",
		SpoilerText: "book ending", Sensitive: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		s := copyOf(p.b, v.Status)
		return s != nil && s.SpoilerText == "book ending" && s.Sensitive
	})
}

func TestCustomEmojisFederate(t *testing.T) {
	p, _, _ := mutualPair(t)
	ctx := context.Background()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	if _, err := p.a.Actions().AddCustomEmoji(ctx, actions.AddEmojiArgs{Shortcode: "roost", Data: buf.Bytes()}); err != nil {
		t.Fatal(err)
	}
	v, err := p.a.Actions().PostStatus(ctx, p.alice, actions.PostStatusArgs{Text: "hello :roost: :unknown:"})
	if err != nil {
		t.Fatal(err)
	}
	var onB *store.Status
	waitFor(t, func() bool { onB = copyOf(p.b, v.Status); return onB != nil })
	emojis, err := p.b.DB.StatusEmojis(ctx, []store.ID{onB.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := emojis[onB.ID]
	if len(got) != 1 || got[0].Shortcode != "roost" || got[0].Domain != p.a.Host || got[0].URL == "" {
		t.Errorf("emojis on B = %+v", got)
	}
}
