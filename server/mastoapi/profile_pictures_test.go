package mastoapi_test

import (
	"strings"
	"testing"

	"roost/server/media/mediatest"
)

func TestDeleteProfilePictures(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	w.addUser(t, "reader", "read")
	acct := w.upload(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", nil,
		map[string]file{"avatar": {"me.png", mediatest.PNG(100, 100)}, "header": {"h.png", mediatest.PNG(300, 100)}}).
		expect(t, 200).object(t)
	cases := []struct {
		name, path, field, other string
	}{
		{"avatar", "/api/v1/profile/avatar", "avatar", "header"},
		{"header", "/api/v1/profile/header", "header", "avatar"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := w.call(t, "alice", "GET", "/api/v1/accounts/verify_credentials", nil).expect(t, 200).object(t)
			got := w.call(t, "alice", "DELETE", c.path, nil).expect(t, 200).object(t)
			if u := got[c.field].(string); strings.Contains(u, "/system/media/") || u == acct[c.field] {
				t.Fatalf("%s still %v", c.field, u)
			}
			if got[c.other] != before[c.other] {
				t.Fatalf("%s changed: %v, was %v", c.other, got[c.other], before[c.other])
			}
			if _, ok := got["source"]; !ok {
				t.Fatal("not a CredentialAccount: no source")
			}
			// Deleting again is harmless.
			w.call(t, "alice", "DELETE", c.path, nil).expect(t, 200)
		})
	}
	errors := []struct {
		name, who string
		code      int
	}{
		{"anonymous", "", 401},
		{"token without write:accounts", "reader", 403},
	}
	for _, c := range errors {
		t.Run(c.name, func(t *testing.T) { w.call(t, c.who, "DELETE", "/api/v1/profile/avatar", nil).expect(t, c.code) })
	}
}
