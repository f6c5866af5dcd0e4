package apub_test

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

// A quote of a followers-only post, shown to anyone who does not follow
// its author, says nothing of it: not through the API, not on the web
// page (signed in or out), not in a feed.
func TestQuoteOfFollowersOnlyPostRevealsNothing(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	const secret = "only my followers may read this"
	renchap := w.remote.addActor("renchap", nil)
	carol, carolUser := w.in.CreateUser(t, "carol")
	dave, daveUser := w.in.CreateUser(t, "dave")
	w.follow(t, carol.ID, w.remoteAccount(t, renchap).ID)
	w.follow(t, dave.ID, w.remoteAccount(t, w.bob).ID)

	quotedID := w.remote.URL() + quotedPath
	w.deliver(t, renchap, mustMarshal(t, map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
		"id": quotedID + "/activity", "type": "Create", "actor": renchap, "to": []string{renchap + "/followers"},
		"object": map[string]any{"id": quotedID, "type": "Note", "attributedTo": renchap, "content": "<p>" + secret + "</p>",
			"published": "2025-11-06T13:00:00Z", "to": []string{renchap + "/followers"}, "cc": []string{}}}))
	quoted, err := w.in.DB.StatusByURI(ctx, quotedID)
	if err != nil || quoted.Visibility != store.VisibilityPrivate {
		t.Fatalf("followers-only post not stored as such: %+v, %v", quoted, err)
	}
	w.deliver(t, w.bob, editJSON(t, w.quoteFixture(t), func(_, note map[string]any) {
		note["tag"] = []any{map[string]any{"type": "Hashtag", "name": "#quotes", "href": w.remote.URL() + "/tags/quotes"}}
	}))
	quoting := w.remote.URL() + "/users/Gargron/statuses/115412345678901234"
	leaks := []string{secret, store.FormatID(quoted.ID)}

	for _, viewer := range []struct {
		name  string
		token string
	}{{"anonymous", ""}, {"signed-in non-follower", w.in.Token(t, daveUser, "read")}} {
		t.Run("API, "+viewer.name, func(t *testing.T) {
			body := w.apiRaw(t, quoting, viewer.token)
			noLeak(t, body, leaks)
			got := w.apiStatus(t, quoting, viewer.token)
			if q := got["quote"].(map[string]any); q["state"] != actions.QuoteUnauthorized || q["quoted_status"] != nil {
				t.Errorf("quote = %v", q)
			}
		})
	}
	t.Run("API, follower sees it", func(t *testing.T) {
		if body := w.apiRaw(t, quoting, w.in.Token(t, carolUser, "read")); !strings.Contains(body, secret) {
			t.Error("a follower of the quoted author does not see the quoted post")
		}
	})
	t.Run("web page, signed out", func(t *testing.T) {
		page := w.page(t, quoting)
		noLeak(t, page, leaks)
		if !strings.Contains(page, "The quoted post is not available.") || strings.Contains(page, "has-quote") {
			t.Error("the page does not say the quoted post is unavailable, or hides the fallback link")
		}
	})
	t.Run("web page, signed in", func(t *testing.T) {
		path := strings.TrimPrefix(w.pageURL(t, quoting), w.in.URL)
		noLeak(t, w.signedIn(t, "dave").get(t, path), leaks)
		if !strings.Contains(w.signedIn(t, "carol").get(t, path), secret) {
			t.Error("a follower of the quoted author does not see the quoted post on the page")
		}
	})
	t.Run("RSS", func(t *testing.T) {
		feed := getBody(t, w.in.URL+"/tags/quotes.rss")
		if !strings.Contains(feed, "Quote posts are here") {
			t.Fatal("the quoting post is not in the tag's feed")
		}
		noLeak(t, feed, leaks)
	})
}

func noLeak(t *testing.T, body string, leaks []string) {
	t.Helper()
	for _, l := range leaks {
		if strings.Contains(body, l) {
			t.Errorf("%q leaked", l)
		}
	}
}

// apiRaw is a status's JSON through the Mastodon API, as sent.
func (w *world) apiRaw(t *testing.T, uri, token string) string {
	t.Helper()
	s, err := w.in.DB.StatusByURI(context.Background(), uri)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, w.in.URL+"/api/v1/statuses/"+store.FormatID(s.ID), nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return readOK(t, http.DefaultClient, req)
}

func (w *world) pageURL(t *testing.T, uri string) string {
	t.Helper()
	ctx := context.Background()
	s, err := w.in.DB.StatusByURI(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	author, err := w.in.DB.Account(ctx, s.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	return w.in.URL + "/@" + url.PathEscape(author.Acct()) + "/" + store.FormatID(s.ID)
}

func readOK(t *testing.T, client *http.Client, req *http.Request) string {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d", req.Method, req.URL, resp.StatusCode)
	}
	return string(b)
}

// session is a signed-in web browser without JavaScript.
type session struct {
	base   string
	client *http.Client
}

var csrfToken = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (w *world) signedIn(t *testing.T, username string) *session {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	s := &session{base: w.in.URL, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	m := csrfToken.FindStringSubmatch(s.get(t, "/auth/sign_in"))
	if m == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	form := url.Values{"login": {username}, "password": {servertest.Password}, "csrf_token": {m[1]}}
	resp, err := s.client.PostForm(s.base+"/auth/sign_in", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", username, resp.StatusCode)
	}
	return s
}

func (s *session) get(t *testing.T, path string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.base+path, nil)
	return readOK(t, s.client, req)
}
