package mastoapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server"
	"roost/server/servertest"
)

// call makes one request and returns the status and body.
func call(t *testing.T, method, u, token string, form url.Values) (int, []byte) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, u, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func decode(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

// TestStartupEndpoints checks every endpoint apps call at start-up answers
// a valid, empty value, and that each is guarded by the scope Mastodon uses.
func TestStartupEndpoints(t *testing.T) {
	in := servertest.Start(t)
	_, alice := in.CreateUser(t, "alice")
	full := in.Token(t, alice, "read", "write", "follow", "push")
	writeOnly := in.Token(t, alice, "write")
	cases := []struct {
		path  string
		guard bool   // needs a user token with a read scope
		want  string // "": any JSON array (activity has its 12 weeks from the start)
	}{
		{"/api/v1/instance/peers", false, "[]"},
		{"/api/v1/instance/activity", false, ""},
		{"/api/v1/instance/rules", false, "[]"},
		{"/api/v1/instance/translation_languages", false, "{}"},
		{"/api/v1/custom_emojis", false, "[]"},
		{"/api/v1/directory", false, "[]"},
		{"/api/v1/trends", false, "[]"},
		{"/api/v1/trends/tags", false, "[]"},
		{"/api/v1/trends/statuses", false, "[]"},
		{"/api/v1/trends/links", false, "[]"},
		{"/api/v1/streaming/health", false, "OK"},
		{"/api/v1/announcements", true, "[]"},
		{"/api/v1/suggestions", true, "[]"},
		{"/api/v2/suggestions", true, "[]"},
		{"/api/v1/filters", true, "[]"},
		{"/api/v2/filters", true, "[]"},
		{"/api/v1/followed_tags", true, "[]"},
		{"/api/v1/featured_tags", true, "[]"},
		{"/api/v1/lists", true, "[]"},
		{"/api/v1/conversations", true, "[]"},
		{"/api/v1/scheduled_statuses", true, "[]"},
		{"/api/v1/domain_blocks", true, "[]"},
		{"/api/v1/endorsements", true, "[]"},
		{"/api/v1/markers", true, "{}"},
	}
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c.path, "/api/"), func(t *testing.T) {
			status, body := call(t, http.MethodGet, in.URL+c.path, full, nil)
			var list []any
			if c.want == "" && json.Unmarshal(body, &list) == nil && list != nil {
				c.want = strings.TrimSpace(string(body))
			}
			if status != http.StatusOK || strings.TrimSpace(string(body)) != c.want {
				t.Fatalf("with a token: %d %q, want 200 %q", status, body, c.want)
			}
			status, _ = call(t, http.MethodGet, in.URL+c.path, "", nil)
			if c.guard && status != http.StatusUnauthorized || !c.guard && status != http.StatusOK {
				t.Fatalf("without a token: %d", status)
			}
			if !c.guard {
				return
			}
			if status, body := call(t, http.MethodGet, in.URL+c.path, writeOnly, nil); status != http.StatusForbidden {
				t.Fatalf("token without a read scope: %d %s", status, body)
			}
		})
	}
	t.Run("trailing slash", func(t *testing.T) {
		for _, path := range []string{"/api/v1/instance/", "/api/v2/instance/"} {
			if status, body := call(t, http.MethodGet, in.URL+path, "", nil); status != http.StatusOK {
				t.Fatalf("%s: %d %s", path, status, body)
			}
		}
	})
	t.Run("bad token", func(t *testing.T) {
		if status, _ := call(t, http.MethodGet, in.URL+"/api/v1/trends", "not-a-token", nil); status != http.StatusUnauthorized {
			t.Fatalf("a bad token passed: %d", status)
		}
	})
}

func TestInstanceFollowsRegistrationMode(t *testing.T) {
	for _, mode := range []struct{ name, mode string }{{"open", "open"}, {"approval", "approval"}, {"closed", "closed"}} {
		t.Run(mode.name, func(t *testing.T) {
			in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Registrations = mode.mode }))
			status, body := call(t, http.MethodGet, in.URL+"/api/v2/instance", "", nil)
			var v2 struct {
				Domain    string `json:"domain"`
				Title     string `json:"title"`
				Version   string `json:"version"`
				SourceURL *string
				Usage     struct {
					Users struct {
						ActiveMonth *int `json:"active_month"`
					}
				} `json:"usage"`
				Thumbnail     struct{ URL string } `json:"thumbnail"`
				Languages     []string             `json:"languages"`
				Configuration struct {
					URLs        map[string]string `json:"urls"`
					Statuses    map[string]int    `json:"statuses"`
					Translation map[string]bool   `json:"translation"`
					Polls       map[string]int    `json:"polls"`
					Media       *struct {
						SupportedMimeTypes []string `json:"supported_mime_types"`
					} `json:"media_attachments"`
					Accounts map[string]int `json:"accounts"`
				} `json:"configuration"`
				Registrations struct {
					Enabled          bool `json:"enabled"`
					ApprovalRequired bool `json:"approval_required"`
				} `json:"registrations"`
				Contact struct {
					Email   *string         `json:"email"`
					Account json.RawMessage `json:"account"`
				} `json:"contact"`
				Rules []any `json:"rules"`
			}
			decode(t, body, &v2)
			c := v2.Configuration
			if status != 200 || v2.Domain != in.Host || !strings.HasPrefix(v2.Version, "4.") || v2.Title == "" ||
				v2.Usage.Users.ActiveMonth == nil || v2.Thumbnail.URL == "" || len(v2.Languages) == 0 ||
				!strings.HasPrefix(c.URLs["streaming"], "ws://") || c.Statuses["max_characters"] != 500 ||
				c.Translation == nil || c.Translation["enabled"] || c.Polls["max_options"] == 0 || c.Media == nil ||
				c.Accounts == nil || v2.Contact.Email == nil || string(v2.Contact.Account) != "null" || v2.Rules == nil {
				t.Fatalf("v2 instance: %d %s", status, body)
			}
			if v2.Registrations.Enabled != (mode.mode != "closed") || v2.Registrations.ApprovalRequired != (mode.mode == "approval") {
				t.Fatalf("v2 registrations for %s: %+v", mode.mode, v2.Registrations)
			}
			var v1 struct {
				Registrations    bool `json:"registrations"`
				ApprovalRequired bool `json:"approval_required"`
			}
			_, body = call(t, http.MethodGet, in.URL+"/api/v1/instance", "", nil)
			decode(t, body, &v1)
			if v1.Registrations != (mode.mode != "closed") || v1.ApprovalRequired != (mode.mode == "approval") {
				t.Fatalf("v1 registrations for %s: %s", mode.mode, body)
			}
			if status, _ := call(t, http.MethodGet, v2.Thumbnail.URL, "", nil); status != 200 {
				t.Fatalf("thumbnail %s: %d", v2.Thumbnail.URL, status)
			}
		})
	}
}

func TestPreferences(t *testing.T) {
	in := servertest.Start(t)
	_, alice := in.CreateUser(t, "alice")
	status, body := call(t, http.MethodGet, in.URL+"/api/v1/preferences", in.Token(t, alice, "read:accounts"), nil)
	var p map[string]any
	decode(t, body, &p)
	if status != 200 || p["posting:default:visibility"] != "public" || p["posting:default:sensitive"] != false ||
		p["reading:expand:media"] != "default" || p["reading:expand:spoilers"] != false {
		t.Fatalf("%d %s", status, body)
	}
	if _, ok := p["posting:default:language"]; !ok {
		t.Fatal("posting:default:language missing")
	}
	if status, _ := call(t, http.MethodGet, in.URL+"/api/v1/preferences", in.Token(t, alice, "read:statuses"), nil); status != 403 {
		t.Fatalf("token without read:accounts: %d", status)
	}
}

func TestMarkers(t *testing.T) {
	in := servertest.Start(t)
	_, alice := in.CreateUser(t, "alice")
	tok := in.Token(t, alice)
	type marker struct {
		LastReadID string `json:"last_read_id"`
		Version    int    `json:"version"`
		UpdatedAt  string `json:"updated_at"`
	}
	save := func(form url.Values) (int, map[string]marker) {
		status, body := call(t, http.MethodPost, in.URL+"/api/v1/markers", tok, form)
		out := map[string]marker{}
		if status == 200 {
			decode(t, body, &out)
		}
		return status, out
	}
	status, got := save(url.Values{"home[last_read_id]": {"100"}})
	if status != 200 || got["home"].LastReadID != "100" || got["home"].Version != 1 || got["home"].UpdatedAt == "" {
		t.Fatalf("first save: %d %+v", status, got)
	}
	status, got = save(url.Values{"home[last_read_id]": {"120"}, "notifications[last_read_id]": {"7"}})
	if status != 200 || got["home"].Version != 2 || got["home"].LastReadID != "120" || got["notifications"].Version != 1 {
		t.Fatalf("second save: %d %+v", status, got)
	}
	for name, form := range map[string]url.Values{"nothing": {}, "bad id": {"home[last_read_id]": {"abc"}}} {
		if status, _ := save(form); status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", name, status)
		}
	}
	_, body := call(t, http.MethodGet, in.URL+"/api/v1/markers?timeline[]=home", tok, nil)
	var read map[string]marker
	decode(t, body, &read)
	if len(read) != 1 || read["home"].LastReadID != "120" {
		t.Fatalf("read home: %s", body)
	}
	_, body = call(t, http.MethodGet, in.URL+"/api/v1/markers?timeline[]=home&timeline[]=notifications", tok, nil)
	decode(t, body, &read)
	if len(read) != 2 || read["notifications"].LastReadID != "7" {
		t.Fatalf("read both: %s", body)
	}
	// JSON bodies too, as browser apps send them.
	req, _ := http.NewRequest(http.MethodPost, in.URL+"/api/v1/markers", strings.NewReader(`{"notifications":{"last_read_id":"9"}}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("json save: %d", resp.StatusCode)
	}
	if status, _ := call(t, http.MethodPost, in.URL+"/api/v1/markers", in.Token(t, alice, "read"), url.Values{"home[last_read_id]": {"1"}}); status != 403 {
		t.Fatalf("saving with a read-only token: %d", status)
	}
}
