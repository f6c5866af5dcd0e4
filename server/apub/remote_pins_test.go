package apub_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// remoteStatus stores a status of a remote account, as the inbox would.
func remoteStatus(t *testing.T, in *servertest.Instance, author *store.Account, text, visibility string) *store.Status {
	t.Helper()
	id := in.DB.NewID()
	s := &store.Status{ID: id, URI: author.URI + "/statuses/" + store.FormatID(id), AccountID: author.ID,
		Visibility: visibility, Content: "<p>" + text + "</p>", CreatedAt: time.Now()}
	if err := in.DB.Write(context.Background(), func(tx *store.Tx) error { return tx.InsertStatus(s) }); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRemotePinsShow(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	alice, aliceUser := in.CreateUser(t, "alice")
	eve := seedRemote(t, in, "eve", "three.example", "", "").Account
	pinned := remoteStatus(t, in, eve, "eve's pinned post", store.VisibilityPublic)
	secret := remoteStatus(t, in, eve, "followers only", store.VisibilityPrivate)
	other := post(t, in, alice, "alice's own", store.VisibilityPublic)
	acts := in.Actions()

	tests := []struct {
		name  string
		actor *store.Account
		uri   string
		on    bool
		want  error
	}{
		{"pin own public status", eve, pinned.URI, true, nil},
		{"twice", eve, pinned.URI, true, nil},
		{"someone else's status", eve, other.URI, true, actions.ErrForbidden},
		{"unknown status", eve, "https://three.example/statuses/none", true, actions.ErrNotFound},
		{"a local actor cannot be pinned for", alice, other.URI, true, actions.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := acts.ApplyRemotePin(ctx, tt.actor, tt.uri, tt.on); err != tt.want {
				t.Errorf("err %v, want %v", err, tt.want)
			}
		})
	}
	var inv *actions.ErrInvalid
	if err := acts.ApplyRemotePin(ctx, eve, secret.URI, true); !errorAs(err, &inv) {
		t.Errorf("pinning a private status: %v", err)
	}

	token := in.Token(t, aliceUser)
	list := getJSON[[]map[string]any](t, in.URL+"/api/v1/accounts/"+store.FormatID(eve.ID)+"/statuses?pinned=true", token)
	if len(list) != 1 || list[0]["id"] != store.FormatID(pinned.ID) {
		t.Fatalf("remote pins %v", list)
	}
	if _, ok := list[0]["pinned"]; ok {
		t.Errorf("pinned is only for the author's own statuses: %v", list[0]["pinned"])
	}
	page := getBody(t, in.URL+"/@eve@three.example")
	if !strings.Contains(page, `id="pinned-title"`) || !strings.Contains(page, "eve&#39;s pinned post") && !strings.Contains(page, "eve's pinned post") {
		t.Errorf("profile page lacks the remote pin")
	}

	if err := acts.ApplyRemotePin(ctx, eve, pinned.URI, false); err != nil {
		t.Fatal(err)
	}
	if list := getJSON[[]map[string]any](t, in.URL+"/api/v1/accounts/"+store.FormatID(eve.ID)+"/statuses?pinned=true", token); len(list) != 0 {
		t.Errorf("after Remove: %v", list)
	}
}

func getBody(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", u, resp.StatusCode)
	}
	return string(b)
}

func getJSON[T any](t *testing.T, u, token string) T {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v T
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", u, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func errorAs(err error, target **actions.ErrInvalid) bool { return errors.As(err, target) }
