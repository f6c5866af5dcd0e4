package mastoapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server/servertest"
	"roost/store"
)

// world is a running Roost with a few users and their tokens.
type world struct {
	in     *servertest.Instance
	tokens map[string]string
	ids    map[string]string
}

func newWorld(t *testing.T, users ...string) *world {
	t.Helper()
	w := &world{in: servertest.Start(t), tokens: map[string]string{}, ids: map[string]string{}}
	for _, u := range users {
		w.addUser(t, u)
	}
	return w
}

func (w *world) addUser(t *testing.T, name string, scopes ...string) {
	t.Helper()
	acct, user := w.in.CreateUser(t, name)
	w.tokens[name] = w.in.Token(t, user, scopes...)
	w.ids[name] = store.FormatID(acct.ID)
}

// response is what a call returned.
type response struct {
	code   int
	body   []byte
	header http.Header
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

func (r response) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.json(t, &m)
	return m
}

func (r response) list(t *testing.T) []map[string]any {
	t.Helper()
	var m []map[string]any
	r.json(t, &m)
	return m
}

// call makes a request as who ("" for anonymous). body is sent as JSON,
// or as a form when it is url.Values.
func (w *world) call(t *testing.T, who, method, path string, body any) response {
	t.Helper()
	return w.callToken(t, w.tokens[who], method, path, body, nil)
}

func (w *world) callToken(t *testing.T, token, method, path string, body any, header http.Header) response {
	t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case io.Reader: // sent as it is; the caller sets Content-Type
		rd = b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, w.in.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{code: resp.StatusCode, body: b, header: resp.Header}
}

// expect fails the test unless the call returned code.
func (r response) expect(t *testing.T, code int) response {
	t.Helper()
	if r.code != code {
		t.Fatalf("status %d, want %d: %s", r.code, code, r.body)
	}
	return r
}

// post publishes a status as who and returns its id.
func (w *world) post(t *testing.T, who string, fields map[string]any) string {
	t.Helper()
	r := w.call(t, who, "POST", "/api/v1/statuses", fields).expect(t, 200)
	return r.object(t)["id"].(string)
}

func ids(list []map[string]any) []string {
	out := []string{}
	for _, m := range list {
		out = append(out, m["id"].(string))
	}
	return out
}

func containsID(list []map[string]any, id string) bool {
	for _, m := range list {
		if m["id"] == id {
			return true
		}
		if rb, ok := m["reblog"].(map[string]any); ok && rb["id"] == id {
			return true
		}
	}
	return false
}

// nextLink is the path (with query) of a response's rel="next" Link, "" when none.
func nextLink(t *testing.T, r response) string {
	t.Helper()
	return linkRel(t, r, "next")
}

// linkRel is the path (with query) of a response's Link of relation rel, "" when none.
func linkRel(t *testing.T, r response, rel string) string {
	t.Helper()
	for _, part := range strings.Split(r.header.Get("Link"), ",") {
		part = strings.TrimSpace(part)
		if !strings.HasSuffix(part, `rel="`+rel+`"`) {
			continue
		}
		raw := part[strings.Index(part, "<")+1 : strings.Index(part, ">")]
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("Link %q: %v", raw, err)
		}
		return u.RequestURI()
	}
	return ""
}
