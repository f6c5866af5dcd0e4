package oauth_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"roost/server/servertest"
)

// browser is a person's browser: it keeps cookies and does not follow
// redirects, so a test can see where the authorization page sends it.
type browser struct {
	t    *testing.T
	http *http.Client
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// reply is a response with its body read.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r reply) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// errorCode is the "error" of a JSON error body.
func (r reply) errorCode(t *testing.T) string {
	var e struct {
		Error string `json:"error"`
	}
	r.json(t, &e)
	return e.Error
}

func (b *browser) do(req *http.Request) reply {
	b.t.Helper()
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return reply{Status: resp.StatusCode, Header: resp.Header, Body: body}
}

func (b *browser) get(u string, token string) reply {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return b.do(req)
}

func (b *browser) postForm(u string, form url.Values, token string) reply {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return b.do(req)
}

func (b *browser) postJSON(u string, v any, token string) reply {
	b.t.Helper()
	body, _ := json.Marshal(v)
	req, _ := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return b.do(req)
}

// app is a registered client, as POST /api/v1/apps returned it.
type app struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Website      *string  `json:"website"`
	Scopes       []string `json:"scopes"`
	RedirectURI  string   `json:"redirect_uri"`
	RedirectURIs []string `json:"redirect_uris"`
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"client_secret"`
	VapidKey     *string  `json:"vapid_key"`
}

func registerApp(t *testing.T, in *servertest.Instance, redirect, scopes string) app {
	t.Helper()
	r := newBrowser(t).postForm(in.URL+"/api/v1/apps", url.Values{"client_name": {"Test App"},
		"redirect_uris": {redirect}, "scopes": {scopes}, "website": {"https://app.example"}}, "")
	if r.Status != http.StatusOK {
		t.Fatalf("register app: %d %s", r.Status, r.Body)
	}
	var a app
	r.json(t, &a)
	return a
}

// form is an HTML form as a browser would submit it.
type form struct {
	Action string
	Fields url.Values
}

// parseForm finds the first form with method post in a page.
func parseForm(t *testing.T, page []byte) form {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var found *form
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "form" && found == nil {
			found = &form{Action: attr(n, "action"), Fields: url.Values{}}
		}
		if found != nil && n.Type == html.ElementNode && n.Data == "input" && attr(n, "name") != "" && attr(n, "type") == "hidden" {
			found.Fields.Add(attr(n, "name"), attr(n, "value"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if found == nil {
		t.Fatalf("no form in page:\n%s", page)
	}
	return *found
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// authorizeURL is the URL an app opens to ask for access.
func authorizeURL(in *servertest.Instance, a app, redirect, scope string, extra url.Values) string {
	q := url.Values{"response_type": {"code"}, "client_id": {a.ClientID}, "redirect_uri": {redirect},
		"scope": {scope}, "state": {"xyz-state"}}
	for k, vs := range extra {
		q[k] = vs
	}
	return in.URL + "/oauth/authorize?" + q.Encode()
}

// signIn opens the authorization page, fills in the user's credentials as
// a person would, presses Authorize, and returns the final response.
func signIn(t *testing.T, b *browser, in *servertest.Instance, authURL, login, password string) reply {
	t.Helper()
	page := b.get(authURL, "")
	if page.Status != http.StatusOK {
		t.Fatalf("authorize page: %d %s", page.Status, page.Body)
	}
	f := parseForm(t, page.Body)
	f.Fields.Set("login", login)
	f.Fields.Set("password", password)
	f.Fields.Set("decision", "approve")
	return b.postForm(in.URL+f.Action, f.Fields, "")
}

// codeFrom takes the code out of the redirect the sign-in ended with.
func codeFrom(t *testing.T, r reply, wantPrefix string) string {
	t.Helper()
	if r.Status != http.StatusFound {
		t.Fatalf("want a redirect, got %d %s", r.Status, r.Body)
	}
	loc := r.Header.Get("Location")
	if !strings.HasPrefix(loc, wantPrefix) {
		t.Fatalf("redirected to %q, want %q...", loc, wantPrefix)
	}
	u, _ := url.Parse(loc)
	if u.Query().Get("state") != "xyz-state" {
		t.Fatalf("state not carried back: %q", loc)
	}
	code := u.Query().Get("code")
	if code == "" {
		t.Fatalf("no code in %q", loc)
	}
	return code
}

func pkce(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// tokenReply is the token endpoint's answer.
type tokenReply struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	Scope       string `json:"scope"`
	CreatedAt   int64  `json:"created_at"`
}
