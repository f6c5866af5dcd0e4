package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server/servertest"
	"roost/store"
)

// TestComposerMarksMediaSensitive: the composer's "Mark media as
// sensitive" box makes the status sensitive without a content warning,
// as the API shows it; unchecked, a status is sensitive only behind a
// warning; an edit keeps the box's state.
func TestComposerMarksMediaSensitive(t *testing.T) {
	in := servertest.Start(t)
	alice, aliceUser := in.CreateUser(t, "alice")
	token := in.Token(t, aliceUser, "read")
	b := newBrowser(t, in)
	b.signIn("alice")
	if home := b.get("/home").Body; !strings.Contains(home, `name="sensitive" value="1"`) {
		t.Fatalf("the composer has no sensitive box: %s", home)
	}

	cases := []struct {
		name string
		form url.Values
		want bool
	}{
		{"box checked, no warning", url.Values{"status": {"checked"}, "sensitive": {"1"}}, true},
		{"box unchecked", url.Values{"status": {"plain"}}, false},
		{"warning forces it", url.Values{"status": {"warned"}, "spoiler_text": {"cw"}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if r := b.submit("/home", "/statuses", c.form); r.Code != http.StatusSeeOther {
				t.Fatalf("posting: %d %s", r.Code, r.Body)
			}
			s := latestStatus(t, in, alice, token)
			if s.Content != "<p>"+c.form.Get("status")+"</p>" || s.Sensitive != c.want {
				t.Errorf("status %q: sensitive=%v, want %v", s.Content, s.Sensitive, c.want)
			}
		})
	}

	s := latestStatus(t, in, alice, token)
	edit := b.get("/statuses/" + s.ID + "/edit").Body
	if !strings.Contains(edit, `name="sensitive" value="1" aria-describedby="sensitive-hint" checked`) {
		t.Errorf("the edit form of a sensitive status has the box unchecked: %s", edit)
	}
	if r := b.submit("/statuses/"+s.ID+"/edit", "/statuses/"+s.ID+"/edit", url.Values{"status": {"warned again"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("editing: %d %s", r.Code, r.Body)
	}
	if s := latestStatus(t, in, alice, token); s.Sensitive {
		t.Error("unchecking the box (and dropping the warning) in an edit kept the status sensitive")
	}

	// "Always mark media as sensitive" checks the box of new drafts only.
	writeToken := in.Token(t, aliceUser, "write")
	req, _ := http.NewRequest(http.MethodPatch, in.URL+"/api/v1/accounts/update_credentials",
		strings.NewReader(url.Values{"source[sensitive]": {"true"}}.Encode()))
	req.Header.Set("Authorization", "Bearer "+writeToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("setting the preference: %v %v", resp, err)
	}
	const checked = `name="sensitive" value="1" aria-describedby="sensitive-hint" checked`
	if home := b.get("/home").Body; !strings.Contains(home, checked) {
		t.Error("the preference does not check the box of a new post")
	}
	bad := b.submit("/home", "/statuses", url.Values{"status": {"x"}, "visibility": {"nonsense"}})
	if bad.Code != http.StatusUnprocessableEntity || strings.Contains(bad.Body, checked) {
		t.Errorf("a form sent back after an error (%d) re-checked the box the user left unchecked", bad.Code)
	}
}

type sensitiveStatus struct {
	ID        string `json:"id"`
	Content   string `json:"content"`
	Sensitive bool   `json:"sensitive"`
}

func latestStatus(t *testing.T, in *servertest.Instance, acct *store.Account, token string) sensitiveStatus {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, in.URL+"/api/v1/accounts/"+store.FormatID(acct.ID)+"/statuses?limit=1", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list []sensitiveStatus
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || len(list) != 1 {
		t.Fatalf("reading the statuses: %d %v %v", resp.StatusCode, err, list)
	}
	return list[0]
}
