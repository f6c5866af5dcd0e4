package mastoapi_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"roost/store"
)

func TestMuteOptionsAndExpiry(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol")
	bob, carol := w.ids["bob"], w.ids["carol"]
	w.follow(t, "alice", "bob")
	w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["alice"]+"/mute", nil).expect(t, 403)

	// bob: muted for a few seconds, notifications still shown; carol: muted for good.
	// The checks while bob is muted must run before it ends: on a loaded
	// machine they are skipped rather than failed if they come too late.
	const muteFor = 4 * time.Second
	mutedAt := time.Now()
	r := w.call(t, "alice", "POST", "/api/v1/accounts/"+bob+"/mute", url.Values{"duration": {"4"}, "notifications": {"false"}}).expect(t, 200).object(t)
	if r["muting"] != true || r["muting_notifications"] != false {
		t.Errorf("relationship = %v", r)
	}
	w.call(t, "alice", "POST", "/api/v1/accounts/"+carol+"/mute", nil).expect(t, 200)
	mutes := w.call(t, "alice", "GET", "/api/v1/mutes", nil).expect(t, 200).list(t)
	if len(mutes) != 2 || mutes[0]["id"] != carol || mutes[0]["mute_expires_at"] != nil || mutes[1]["mute_expires_at"] == nil {
		t.Errorf("mutes = %v", mutes)
	}
	page := w.call(t, "alice", "GET", "/api/v1/mutes?limit=1", nil).expect(t, 200)
	if len(page.list(t)) != 1 || !strings.Contains(page.header.Get("Link"), "max_id=") {
		t.Errorf("mutes page: %v, Link %q", page.list(t), page.header.Get("Link"))
	}

	byBob := w.post(t, "bob", map[string]any{"status": "hi @alice"})
	byCarol := w.post(t, "carol", map[string]any{"status": "hi @alice"})
	for _, path := range []string{"/api/v1/timelines/home", "/api/v1/timelines/public"} {
		list := w.call(t, "alice", "GET", path, nil).expect(t, 200).list(t)
		if containsID(list, byCarol) || containsID(list, byBob) && time.Since(mutedAt) < muteFor-500*time.Millisecond {
			t.Errorf("%s shows a muted account: %v", path, ids(list))
		}
	}
	notes := w.call(t, "alice", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t)
	if len(notes) != 1 || notes[0]["account"].(map[string]any)["id"] != bob {
		t.Errorf("notifications = %v, want bob's mention only", notes)
	}

	time.Sleep(time.Until(mutedAt.Add(muteFor + 100*time.Millisecond))) // bob's mute runs out, with no job to end it
	list := w.call(t, "alice", "GET", "/api/v1/timelines/home", nil).expect(t, 200).list(t)
	if !containsID(list, byBob) {
		t.Errorf("home after the mute expired lacks bob's status: %v", ids(list))
	}
	if got := w.call(t, "alice", "GET", "/api/v1/mutes", nil).expect(t, 200).list(t); len(got) != 1 || got[0]["id"] != carol {
		t.Errorf("mutes after expiry = %v", got)
	}
	rels := w.call(t, "alice", "GET", "/api/v1/accounts/relationships?id[]="+bob, nil).expect(t, 200).list(t)
	if rels[0]["muting"] != false {
		t.Errorf("bob still muted: %v", rels[0])
	}
	// Muting notifications too hides the ones already there.
	w.call(t, "alice", "POST", "/api/v1/accounts/"+bob+"/mute", nil).expect(t, 200)
	if got := w.call(t, "alice", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Errorf("notifications after muting them = %v", got)
	}
	// An absurd duration is clamped, not overflowed into the past.
	w.call(t, "alice", "POST", "/api/v1/accounts/"+bob+"/mute", url.Values{"duration": {"99999999999999999"}}).expect(t, 200)
	if got := w.call(t, "alice", "GET", "/api/v1/mutes", nil).expect(t, 200).list(t); len(got) != 2 || got[1]["mute_expires_at"] == nil {
		t.Errorf("mutes after a huge duration = %v", got)
	}
}

func TestBlockEffects(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	alice, bob := w.ids["alice"], w.ids["bob"]
	w.follow(t, "alice", "bob")
	w.follow(t, "bob", "alice")
	w.call(t, "alice", "POST", "/api/v1/accounts/"+alice+"/block", nil).expect(t, 403)
	mine := w.post(t, "alice", map[string]any{"status": "before the block"})
	r := w.call(t, "alice", "POST", "/api/v1/accounts/"+bob+"/block", nil).expect(t, 200).object(t)
	if r["blocking"] != true || r["following"] != false || r["followed_by"] != false {
		t.Errorf("relationship after the block = %v", r)
	}

	cases := []struct {
		name, method, path string
		body               any
		code               int
	}{
		{"follow", "POST", "/api/v1/accounts/" + alice + "/follow", nil, 403},
		{"see a post", "GET", "/api/v1/statuses/" + mine, nil, 404},
		{"reply", "POST", "/api/v1/statuses", map[string]any{"status": "@alice hey", "in_reply_to_id": mine}, 404},
		{"favourite", "POST", "/api/v1/statuses/" + mine + "/favourite", nil, 404},
		{"reblog", "POST", "/api/v1/statuses/" + mine + "/reblog", nil, 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { w.call(t, "bob", tc.method, tc.path, tc.body).expect(t, tc.code) })
	}
	if got := w.call(t, "bob", "GET", "/api/v1/accounts/"+alice+"/statuses", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Errorf("bob sees alice's statuses: %v", ids(got))
	}
	// A mention from the blocked account reaches no one.
	mention := w.call(t, "bob", "POST", "/api/v1/statuses", map[string]any{"status": "@alice are you there?"}).expect(t, 200).object(t)
	if m := mention["mentions"].([]any); len(m) != 0 {
		t.Errorf("the blocked account's status mentions the blocker: %v", m)
	}
	if got := w.call(t, "alice", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Errorf("alice notified by a blocked account: %v", got)
	}
	blocks := w.call(t, "alice", "GET", "/api/v1/blocks", nil).expect(t, 200).list(t)
	if len(blocks) != 1 || blocks[0]["id"] != bob {
		t.Errorf("blocks = %v", blocks)
	}
	w.call(t, "alice", "POST", "/api/v1/accounts/"+bob+"/unblock", nil).expect(t, 200)
	if got := w.call(t, "alice", "GET", "/api/v1/blocks", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Errorf("blocks after unblock = %v", got)
	}
}

func TestDomainBlocks(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	ctx := context.Background()
	// A remote account, as federation would have stored it, following alice and followed by her.
	aliceID, _ := store.ParseID(w.ids["alice"])
	eve := &store.Account{ID: w.in.DB.NewID(), Username: "eve", Domain: "evil.example", URI: "https://evil.example/users/eve",
		InboxURL: "http://127.0.0.1:9/inbox", PublicKeyID: "https://evil.example/users/eve#main-key"}
	remote := &store.Status{ID: w.in.DB.NewID(), URI: "https://evil.example/statuses/1", AccountID: eve.ID, Visibility: store.VisibilityPublic,
		Content: "<p>hello</p>", CreatedAt: time.Now()}
	err := w.in.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertAccount(eve); err != nil {
			return err
		}
		for _, pair := range [][2]store.ID{{aliceID, eve.ID}, {eve.ID, aliceID}} {
			if err := tx.InsertFollow(&store.Follow{ID: w.in.DB.NewID(), AccountID: pair[0], TargetAccountID: pair[1], CreatedAt: time.Now()}); err != nil {
				return err
			}
		}
		if err := tx.InsertStatus(remote); err != nil {
			return err
		}
		return tx.InsertNotification(&store.Notification{ID: w.in.DB.NewID(), AccountID: aliceID, FromAccountID: eve.ID, Type: store.NotifyFollow})
	})
	if err != nil {
		t.Fatal(err)
	}
	sid := store.FormatID(remote.ID)
	if !containsID(w.call(t, "alice", "GET", "/api/v1/timelines/home", nil).expect(t, 200).list(t), sid) {
		t.Fatal("the remote status is not in home before the block")
	}
	for _, bad := range []string{"", "not a domain", "http://"} {
		w.call(t, "alice", "POST", "/api/v1/domain_blocks", url.Values{"domain": {bad}}).expect(t, 422)
	}
	w.call(t, "alice", "POST", "/api/v1/domain_blocks", url.Values{"domain": {"Evil.Example"}}).expect(t, 200)
	if got := w.call(t, "alice", "GET", "/api/v1/domain_blocks", nil).expect(t, 200); strings.TrimSpace(string(got.body)) != `["evil.example"]` {
		t.Errorf("domain blocks = %s", got.body)
	}
	for _, path := range []string{"/api/v1/timelines/home", "/api/v1/timelines/public"} {
		if containsID(w.call(t, "alice", "GET", path, nil).expect(t, 200).list(t), sid) {
			t.Errorf("%s shows a status of a blocked domain", path)
		}
	}
	if got := w.call(t, "alice", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t); len(got) != 0 {
		t.Errorf("notifications from a blocked domain: %v", got)
	}
	r := w.call(t, "alice", "GET", "/api/v1/accounts/relationships?id[]="+store.FormatID(eve.ID), nil).expect(t, 200).list(t)[0]
	if r["following"] != false || r["followed_by"] != false {
		t.Errorf("follows survive the domain block: %v", r)
	}
	// Apps send the domain in a form body, even on DELETE.
	w.call(t, "alice", "DELETE", "/api/v1/domain_blocks", url.Values{"domain": {"evil.example"}}).expect(t, 200)
	if got := w.call(t, "alice", "GET", "/api/v1/domain_blocks", nil).expect(t, 200); strings.TrimSpace(string(got.body)) != `[]` {
		t.Errorf("domain blocks after the unblock = %s", got.body)
	}
	if !containsID(w.call(t, "alice", "GET", "/api/v1/timelines/public", nil).expect(t, 200).list(t), sid) {
		t.Errorf("the domain's statuses stay hidden after the unblock")
	}
}
