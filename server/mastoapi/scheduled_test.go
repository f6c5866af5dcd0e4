package mastoapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"roost/server/servertest"
	"roost/store"
)

func TestScheduledStatuses(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	at := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	s := w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{
		"status": "later", "visibility": "unlisted", "spoiler_text": "cw", "scheduled_at": at.Format(time.RFC3339),
	}).expect(t, 200).object(t)
	id := s["id"].(string)
	params := s["params"].(map[string]any)
	if s["scheduled_at"] != at.Format("2006-01-02T15:04:05.000Z") || params["text"] != "later" || params["visibility"] != "unlisted" || params["spoiler_text"] != "cw" {
		t.Fatalf("scheduled status = %v", s)
	}
	if home := w.call(t, "alice", "GET", "/api/v1/accounts/"+w.ids["alice"]+"/statuses", nil).expect(t, 200).list(t); len(home) != 0 {
		t.Errorf("a scheduled status was published at once: %v", home)
	}
	cases := []struct {
		name, who, method, path string
		body                    any
		code                    int
	}{
		{"in the past", "alice", "POST", "/api/v1/statuses", map[string]any{"status": "x", "scheduled_at": time.Now().Add(-time.Hour).Format(time.RFC3339)}, 422},
		{"too soon", "alice", "POST", "/api/v1/statuses", map[string]any{"status": "x", "scheduled_at": time.Now().Add(2 * time.Minute).Format(time.RFC3339)}, 422},
		{"not a time", "alice", "POST", "/api/v1/statuses", map[string]any{"status": "x", "scheduled_at": "tomorrow"}, 422},
		{"blank text", "alice", "POST", "/api/v1/statuses", map[string]any{"status": "", "scheduled_at": at.Format(time.RFC3339)}, 422},
		{"another's", "bob", "GET", "/api/v1/scheduled_statuses/" + id, nil, 404},
		{"reschedule another's", "bob", "PUT", "/api/v1/scheduled_statuses/" + id, map[string]any{"scheduled_at": at.Add(time.Hour).Format(time.RFC3339)}, 404},
		{"cancel another's", "bob", "DELETE", "/api/v1/scheduled_statuses/" + id, nil, 404},
		{"reschedule into the past", "alice", "PUT", "/api/v1/scheduled_statuses/" + id, map[string]any{"scheduled_at": time.Now().Add(-time.Minute).Format(time.RFC3339)}, 422},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { w.call(t, tc.who, tc.method, tc.path, tc.body).expect(t, tc.code) })
	}
	later := at.Add(24 * time.Hour)
	got := w.call(t, "alice", "PUT", "/api/v1/scheduled_statuses/"+id, map[string]any{"scheduled_at": later.Format(time.RFC3339)}).expect(t, 200).object(t)
	if got["scheduled_at"] != later.Format("2006-01-02T15:04:05.000Z") {
		t.Errorf("rescheduled = %v", got["scheduled_at"])
	}
	if list := w.call(t, "alice", "GET", "/api/v1/scheduled_statuses", nil).expect(t, 200).list(t); len(list) != 1 || list[0]["id"] != id {
		t.Errorf("scheduled list = %v", list)
	}
	if list := w.call(t, "bob", "GET", "/api/v1/scheduled_statuses", nil).expect(t, 200).list(t); len(list) != 0 {
		t.Errorf("bob sees alice's scheduled statuses: %v", list)
	}
	w.call(t, "alice", "DELETE", "/api/v1/scheduled_statuses/"+id, nil).expect(t, 200)
	w.call(t, "alice", "GET", "/api/v1/scheduled_statuses/"+id, nil).expect(t, 404)
}

// makeDue moves a scheduled status's time, as if the clock had run on.
func makeDue(t *testing.T, db *store.DB, id string, at time.Time) {
	t.Helper()
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(tx.Context(), "UPDATE scheduled_statuses SET scheduled_at = ? WHERE id = ?", at.UnixMilli(), id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// waitForStatus polls an account's statuses until one has text, and returns it.
func waitForStatus(t *testing.T, w *world, who, text string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, s := range w.call(t, who, "GET", "/api/v1/accounts/"+w.ids[who]+"/statuses", nil).expect(t, 200).list(t) {
			if strings.Contains(s["content"].(string), text) {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%q was never published", text)
	return nil
}

// waitForScheduled waits until who has n scheduled statuses left. A
// published one's row goes just after its status appears (a crash in
// between is safe: the idempotency key stops a second post).
func waitForScheduled(t *testing.T, w *world, who string, n int) {
	t.Helper()
	var list []map[string]any
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if list = w.call(t, who, "GET", "/api/v1/scheduled_statuses", nil).expect(t, 200).list(t); len(list) == n {
			return
		}
	}
	t.Errorf("scheduled left = %v, want %d", list, n)
}

// The scheduler publishes a due status through PostStatus while running.
func TestScheduledStatusPublishes(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	w.follow(t, "bob", "alice")
	at := time.Now().Add(10 * time.Minute).Format(time.RFC3339)
	id := w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "on time @bob", "scheduled_at": at}).expect(t, 200).object(t)["id"].(string)
	makeDue(t, w.in.DB, id, time.Now().Add(-time.Second))
	// Scheduling another wakes the scheduler, which finds the first due.
	w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "much later", "scheduled_at": at}).expect(t, 200)
	s := waitForStatus(t, w, "alice", "on time")
	if !containsID(w.call(t, "bob", "GET", "/api/v1/timelines/home", nil).expect(t, 200).list(t), s["id"].(string)) {
		t.Errorf("the published status is not in a follower's home")
	}
	notes := w.call(t, "bob", "GET", "/api/v1/notifications?types[]=mention", nil).expect(t, 200).list(t)
	if len(notes) != 1 {
		t.Errorf("mentions = %d, want the scheduled status's", len(notes))
	}
	waitForScheduled(t, w, "alice", 1) // only the later one
}

// A status that fell due while Roost was down is published when it starts.
func TestScheduledStatusSurvivesRestart(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	at := time.Now().Add(10 * time.Minute).Format(time.RFC3339)
	id := w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "after the restart", "scheduled_at": at}).expect(t, 200).object(t)["id"].(string)
	// Due in a moment: the running scheduler still sleeps until the old time.
	makeDue(t, w.in.DB, id, time.Now().Add(500*time.Millisecond))
	if err := w.in.Stop(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	w.in = servertest.Start(t, servertest.DataDir(w.in.Config.Data))
	waitForStatus(t, w, "alice", "after the restart")
	waitForScheduled(t, w, "alice", 0)
}
