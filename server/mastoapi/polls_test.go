package mastoapi_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"roost/store"
)

// pollOf posts a poll as who and returns the status's poll object.
func (w *world) pollOf(t *testing.T, who string, poll map[string]any) map[string]any {
	t.Helper()
	r := w.call(t, who, "POST", "/api/v1/statuses", map[string]any{"status": "which?", "poll": poll}).expect(t, 200)
	p, _ := r.object(t)["poll"].(map[string]any)
	if p == nil {
		t.Fatalf("no poll in %s", r.body)
	}
	return p
}

// endPoll moves a poll's end into the past and wakes the poll watcher.
func (w *world) endPoll(t *testing.T, id string) {
	t.Helper()
	pid, _ := store.ParseID(id)
	a := w.in.Actions()
	err := a.DB.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), "UPDATE polls SET expires_at = ? WHERE id = ?",
			store.Millis(time.Now().Add(-time.Second)), pid)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	a.WakePolls()
}

func TestPollCreate(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	tests := []struct {
		name string
		body any
		code int
	}{
		{"JSON poll", map[string]any{"status": "q", "poll": map[string]any{"options": []string{"a", "b"}, "expires_in": 600}}, 200},
		{"form poll", url.Values{"status": {"q"}, "poll[options][]": {"a", "b", "c"}, "poll[expires_in]": {"300"},
			"poll[multiple]": {"true"}}, 200},
		{"one option", map[string]any{"status": "q", "poll": map[string]any{"options": []string{"a"}, "expires_in": 600}}, 422},
		{"five options", map[string]any{"status": "q", "poll": map[string]any{"options": []string{"a", "b", "c", "d", "e"}, "expires_in": 600}}, 422},
		{"duplicate options", map[string]any{"status": "q", "poll": map[string]any{"options": []string{"a", "a"}, "expires_in": 600}}, 422},
		{"blank option", map[string]any{"status": "q", "poll": map[string]any{"options": []string{"a", " "}, "expires_in": 600}}, 422},
		{"too short", map[string]any{"status": "q", "poll": map[string]any{"options": []string{"a", "b"}, "expires_in": 60}}, 422},
		{"too long", map[string]any{"status": "q", "poll": map[string]any{"options": []string{"a", "b"}, "expires_in": 99999999}}, 422},
		{"no expiry", map[string]any{"status": "q", "poll": map[string]any{"options": []string{"a", "b"}}}, 422},
		{"poll not an object", map[string]any{"status": "q", "poll": "a,b"}, 422},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.call(t, "alice", "POST", "/api/v1/statuses", tc.body).expect(t, tc.code)
		})
	}
}

func TestPollVote(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol")
	p := w.pollOf(t, "alice", map[string]any{"options": []string{"yes", "no"}, "expires_in": 600})
	id := p["id"].(string)
	if p["expired"] != false || p["multiple"] != false || p["votes_count"] != 0.0 || len(p["options"].([]any)) != 2 {
		t.Fatalf("new poll = %v", p)
	}
	votes := "/api/v1/polls/" + id + "/votes"
	tests := []struct {
		name string
		who  string
		body any
		code int
	}{
		{"own poll", "alice", map[string]any{"choices": []int{0}}, 422},
		{"out of range", "bob", map[string]any{"choices": []int{2}}, 422},
		{"negative", "bob", map[string]any{"choices": []int{-1}}, 422},
		{"two choices on a single-choice poll", "bob", map[string]any{"choices": []int{0, 1}}, 422},
		{"no choice", "bob", map[string]any{"choices": []int{}}, 422},
		{"vote", "bob", url.Values{"choices[]": {"1"}}, 200},
		{"twice", "bob", map[string]any{"choices": []int{0}}, 422},
		{"anonymous", "", map[string]any{"choices": []int{0}}, 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.call(t, tc.who, "POST", votes, tc.body).expect(t, tc.code)
		})
	}
	got := w.call(t, "bob", "GET", "/api/v1/polls/"+id, nil).expect(t, 200).object(t)
	if got["voted"] != true || got["votes_count"] != 1.0 || got["voters_count"] != 1.0 {
		t.Errorf("after vote = %v", got)
	}
	if own := got["own_votes"].([]any); len(own) != 1 || own[0] != 1.0 {
		t.Errorf("own_votes = %v", got["own_votes"])
	}
	if opt := got["options"].([]any)[1].(map[string]any); opt["votes_count"] != 1.0 {
		t.Errorf("option = %v", opt)
	}
	if anon := w.call(t, "", "GET", "/api/v1/polls/"+id, nil).expect(t, 200).object(t); anon["voted"] != nil {
		t.Errorf("anonymous sees voted: %v", anon)
	}

	w.endPoll(t, id)
	w.call(t, "carol", "POST", votes, map[string]any{"choices": []int{0}}).expect(t, 422)
	if got := w.call(t, "carol", "GET", "/api/v1/polls/"+id, nil).expect(t, 200).object(t); got["expired"] != true {
		t.Errorf("ended poll = %v", got)
	}
	for _, who := range []string{"alice", "bob"} {
		waitFor(t, who+" told of the end", func() bool {
			list := w.call(t, who, "GET", "/api/v1/notifications?types[]=poll", nil).expect(t, 200).list(t)
			return len(list) == 1
		})
	}
	if list := w.call(t, "carol", "GET", "/api/v1/notifications?types[]=poll", nil).expect(t, 200).list(t); len(list) != 0 {
		t.Errorf("carol, who did not vote, was told: %v", list)
	}
}

func TestPollMultipleAndHiddenTotals(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	p := w.pollOf(t, "alice", map[string]any{"options": []string{"a", "b", "c"}, "expires_in": 600,
		"multiple": true, "hide_totals": true})
	id := p["id"].(string)
	w.call(t, "bob", "POST", "/api/v1/polls/"+id+"/votes", map[string]any{"choices": []int{0, 2}}).expect(t, 200)
	got := w.call(t, "bob", "GET", "/api/v1/polls/"+id, nil).expect(t, 200).object(t)
	// As on Mastodon, hide_totals hides each option's count; the poll's
	// totals stay, as apps decode them as numbers.
	if got["votes_count"] != 2.0 || got["options"].([]any)[0].(map[string]any)["votes_count"] != nil {
		t.Errorf("hidden totals shown to a voter: %v", got)
	}
	if own := got["own_votes"].([]any); len(own) != 2 {
		t.Errorf("own_votes = %v", own)
	}
	mine := w.call(t, "alice", "GET", "/api/v1/polls/"+id, nil).expect(t, 200).object(t)
	if mine["votes_count"] != 2.0 || mine["voters_count"] != 1.0 {
		t.Errorf("author's view = %v", mine)
	}
	w.endPoll(t, id)
	if got := w.call(t, "bob", "GET", "/api/v1/polls/"+id, nil).expect(t, 200).object(t); got["votes_count"] != 2.0 {
		t.Errorf("totals after the end = %v", got)
	}
}

func TestPollDeleteAndRedraft(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	r := w.call(t, "alice", "POST", "/api/v1/statuses", map[string]any{"status": "q",
		"poll": map[string]any{"options": []string{"x", "y"}, "expires_in": 900, "multiple": true}}).expect(t, 200).object(t)
	del := w.call(t, "alice", "DELETE", "/api/v1/statuses/"+r["id"].(string), nil).expect(t, 200).object(t)
	p, _ := del["poll"].(map[string]any)
	if p == nil || len(p["options"].([]any)) != 2 || p["multiple"] != true {
		t.Errorf("deleted status's poll = %v", del["poll"])
	}
	pid := r["poll"].(map[string]any)["id"].(string)
	w.call(t, "alice", "GET", "/api/v1/polls/"+pid, nil).expect(t, 404)
}
