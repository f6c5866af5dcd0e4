package mastoapi_test

import (
	"context"
	"testing"
	"time"

	"roost/store"
)

// TestLimitedAccount: a limited (silenced) account is heard only by its
// followers: not on the public timelines or streams, and its notifications
// reach only those who follow it.
func TestLimitedAccount(t *testing.T) {
	w := newWorld(t, "mallory", "alice", "carol")
	w.follow(t, "carol", "mallory")
	id, _ := store.ParseID(w.ids["mallory"])
	now := time.Now()
	if err := w.in.DB.Write(context.Background(), func(tx *store.Tx) error { return tx.SetAccountSilenced(id, &now) }); err != nil {
		t.Fatal(err)
	}

	aliceStream := w.dial(t, w.tokens["alice"], "")
	aliceStream.subscribe("subscribe", stream("public"), stream("public:local"), stream("hashtag", "tag", "loud"))
	carolStream := w.dial(t, w.tokens["carol"], "?stream=user")
	loud := w.post(t, "mallory", map[string]any{"status": "#loud @alice @carol hello everyone"})
	marker := w.post(t, "alice", map[string]any{"status": "#loud marker"})

	t.Run("not on the public streams", func(t *testing.T) {
		for _, m := range aliceStream.until(marker) {
			if m.statusID(t) == loud {
				t.Errorf("alice got the limited post on %v", m.Stream)
			}
		}
	})
	t.Run("a follower still gets it at home", func(t *testing.T) {
		for i := 0; ; i++ { // the mention's notification comes too, in any order
			if m := carolStream.read(); m.Event == "update" && m.statusID(t) == loud {
				break
			}
			if i == 2 {
				t.Fatal("carol did not get the post")
			}
		}
	})
	t.Run("not on the public timelines, except for followers", func(t *testing.T) {
		for _, path := range []string{"/api/v1/timelines/public", "/api/v1/timelines/public?local=true", "/api/v1/timelines/tag/loud"} {
			if containsID(w.call(t, "alice", "GET", path, nil).expect(t, 200).list(t), loud) {
				t.Errorf("%s shows the limited post to a non-follower", path)
			}
			if !containsID(w.call(t, "carol", "GET", path, nil).expect(t, 200).list(t), loud) {
				t.Errorf("%s hides the limited post from a follower", path)
			}
		}
	})
	t.Run("its mention notifies only followers", func(t *testing.T) {
		for who, want := range map[string]bool{"alice": false, "carol": true} {
			got := false
			for _, n := range w.call(t, who, "GET", "/api/v1/notifications", nil).expect(t, 200).list(t) {
				if n["type"] == "mention" && n["status"].(map[string]any)["id"] == loud {
					got = true
				}
			}
			if got != want {
				t.Errorf("%s notified: %v, want %v", who, got, want)
			}
		}
	})
	t.Run("its follow does not notify a non-follower", func(t *testing.T) {
		w.follow(t, "mallory", "alice")
		for _, n := range w.call(t, "alice", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t) {
			if n["account"].(map[string]any)["id"] == w.ids["mallory"] {
				t.Fatalf("alice was notified by the limited account: %v", n["type"])
			}
		}
	})
}
