package mastoapi_test

import (
	"context"
	"strings"
	"testing"
)

// TestGetStatusesPrivacy: several statuses at once go through the one
// visibility rule each; a post the viewer may not see is left out like an
// unknown id, whoever asks.
func TestGetStatusesPrivacy(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "carol", "dave", "erin")
	w.addUser(t, "reader", "read:accounts")
	w.call(t, "dave", "POST", "/api/v1/accounts/"+w.ids["bob"]+"/follow", nil).expect(t, 200)
	w.call(t, "erin", "POST", "/api/v1/accounts/"+w.ids["bob"]+"/follow", nil).expect(t, 200)
	w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["erin"]+"/block", nil).expect(t, 200)
	public := w.post(t, "bob", map[string]any{"status": "hello all"})
	private := w.post(t, "bob", map[string]any{"status": "followers only", "visibility": "private"})
	direct := w.post(t, "bob", map[string]any{"status": "@carol just you", "visibility": "direct"})
	unlisted := w.post(t, "bob", map[string]any{"status": "quietly", "visibility": "unlisted"})
	path := "/api/v1/statuses?id[]=" + strings.Join([]string{public, private, direct, unlisted, "999999", "nonsense"}, "&id[]=")
	cases := []struct {
		name string
		who  string
		want []string
	}{
		{"anonymous sees public and unlisted", "", []string{public, unlisted}},
		{"a stranger sees public and unlisted", "alice", []string{public, unlisted}},
		{"a follower also sees followers-only", "dave", []string{public, private, unlisted}},
		{"the mentioned sees the direct post", "carol", []string{public, direct, unlisted}},
		{"the author sees all, in the order asked", "bob", []string{public, private, direct, unlisted}},
		{"someone the author blocks sees none", "erin", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ids(w.call(t, c.who, "GET", path, nil).expect(t, 200).list(t))
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
	t.Run("the answer never carries a hidden post", func(t *testing.T) {
		r := w.call(t, "alice", "GET", "/api/v1/statuses?id[]="+private, nil).expect(t, 200)
		if strings.Contains(string(r.body), "followers only") {
			t.Fatalf("leak: %s", r.body)
		}
	})
	t.Run("no ids: an empty list", func(t *testing.T) {
		if got := w.call(t, "alice", "GET", "/api/v1/statuses", nil).expect(t, 200).list(t); len(got) != 0 {
			t.Fatalf("got %v", ids(got))
		}
	})
	t.Run("a token without read:statuses", func(t *testing.T) {
		w.call(t, "reader", "GET", path, nil).expect(t, 403)
	})
}

func TestGetAccounts(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob", "mallory")
	w.addUser(t, "writer", "write")
	if err := w.in.Actions().SetSuspended(context.Background(), "mallory", true); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/accounts?id[]=" + strings.Join([]string{w.ids["bob"], "999999", w.ids["mallory"], w.ids["alice"], w.ids["bob"]}, "&id[]=")
	cases := []struct {
		name string
		who  string
		code int
		want []string
	}{
		{"known accounts in the order asked, suspended and unknown left out", "alice", 200, []string{w.ids["bob"], w.ids["alice"]}},
		{"anonymous may ask", "", 200, []string{w.ids["bob"], w.ids["alice"]}},
		{"a token without read:accounts", "writer", 403, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := w.call(t, c.who, "GET", path, nil).expect(t, c.code)
			if c.code != 200 {
				return
			}
			if got := ids(r.list(t)); strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}
