package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// browser is a cookie-keeping HTTP client that does not follow redirects,
// so tests see each response.
type browser struct {
	t    testing.TB
	in   *servertest.Instance
	http *http.Client
	lang string
}

func newBrowser(t testing.TB, in *servertest.Instance) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, in: in, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	Code     int
	Body     string
	Location string
	Header   http.Header
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	req.Header.Set("User-Agent", "roost-test/1.0")
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return page{Code: resp.StatusCode, Body: string(body), Location: resp.Header.Get("Location"), Header: resp.Header}
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.in.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post sends a form as is, without adding a CSRF token.
func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.in.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// submit loads formPage, takes its CSRF token, and posts the form to action.
func (b *browser) submit(formPage, action string, form url.Values) page {
	b.t.Helper()
	p := b.get(formPage)
	m := csrfField.FindStringSubmatch(p.Body)
	if m == nil {
		b.t.Fatalf("no CSRF token on %s (%d)", formPage, p.Code)
	}
	form.Set("csrf_token", m[1])
	return b.post(action, form)
}

func (b *browser) signIn(login string) {
	b.t.Helper()
	p := b.submit("/auth/sign_in", "/auth/sign_in", url.Values{"login": {login}, "password": {servertest.Password}})
	if p.Code != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: %d %s", login, p.Code, p.Body)
	}
}

func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.in.URL)
	for _, c := range b.http.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func createUser(t *testing.T, in *servertest.Instance, username, role string, approved bool) *store.User {
	t.Helper()
	_, u, err := in.Actions().CreateAccount(context.Background(), actions.CreateAccountArgs{Username: username,
		Email: username + "@example.com", Password: servertest.Password, Role: role, Approved: approved})
	if err != nil {
		t.Fatal(err)
	}
	return u
}
