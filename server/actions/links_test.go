package actions_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"roost/server"
	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// linkPages serves the pages profile fields point at: some link back with
// rel="me", some do not, some are hostile.
func linkPages(t *testing.T, profileURL, actorURI string, hits *atomic.Int32) *httptest.Server {
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/a-rel-me", page(`<html><body><a rel="me nofollow" href="`+profileURL+`">me</a></body></html>`))
	mux.HandleFunc("/link-rel-me", page(`<html><head><link rel="me" href="`+actorURI+`"></head></html>`))
	mux.HandleFunc("/no-rel", page(`<html><body><a href="`+profileURL+`">me, without rel</a></body></html>`))
	mux.HandleFunc("/other-profile", page(`<html><body><a rel="me" href="https://elsewhere.example/@alice">me</a></body></html>`))
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>"+strings.Repeat("<p>padding</p>", 200000))
		fmt.Fprint(w, `<a rel="me" href="`+profileURL+`">me</a></body></html>`)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
		fmt.Fprint(w, `<a rel="me" href="`+profileURL+`">me</a>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func fieldsOf(t *testing.T, in *servertest.Instance, id store.ID) []store.Field {
	t.Helper()
	acct, err := in.DB.Account(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return acct.Fields
}

// TestVerifyLinks: a field is verified when its page links back with
// rel="me" to the profile URL or the actor URI, and not otherwise; huge
// and slow pages are cut off unverified.
func TestVerifyLinks(t *testing.T) {
	in := servertest.Start(t)
	in.Actions().Config.LinkTimeout = time.Second
	acct, user := in.CreateUser(t, "alice")
	var hits atomic.Int32
	pages := linkPages(t, acct.URL, acct.URI, &hits)
	ctx := context.Background()
	tests := []struct {
		name     string
		path     string
		verified bool
	}{
		{"a rel=me to the profile URL", "/a-rel-me", true},
		{"link rel=me to the actor URI", "/link-rel-me", true},
		{"a link without rel=me", "/no-rel", false},
		{"rel=me to another profile", "/other-profile", false},
		{"a page over the size limit", "/huge", false},
		{"a page slower than the time limit", "/slow", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := in.Actions().UpdateCredentials(ctx, acct, actions.UpdateCredentialsArgs{
				Fields: []actions.FieldInput{{Name: "Site", Value: pages.URL + tt.path}, {Name: "Text", Value: "not a link"}}})
			if err != nil {
				t.Fatal(err)
			}
			if err := in.Actions().VerifyLinks(ctx, acct.ID); err != nil {
				t.Fatal(err)
			}
			f := fieldsOf(t, in, acct.ID)
			if got := f[0].VerifiedAt != nil; got != tt.verified {
				t.Errorf("verified = %v, want %v", got, tt.verified)
			}
			if f[1].VerifiedAt != nil {
				t.Error("a field that is not a link was verified")
			}
		})
	}
	_ = user
}

// TestLinkVerifiedAfterProfileChange: saving the profile queues a check,
// which the server's worker runs; the API then shows verified_at.
func TestLinkVerifiedAfterProfileChange(t *testing.T) {
	in := servertest.Start(t)
	acct, user := in.CreateUser(t, "alice")
	var hits atomic.Int32
	pages := linkPages(t, acct.URL, acct.URI, &hits)
	_, err := in.Actions().UpdateCredentials(context.Background(), acct, actions.UpdateCredentialsArgs{
		Fields: []actions.FieldInput{{Name: "Site", Value: pages.URL + "/a-rel-me"}}})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for fieldsOf(t, in, acct.ID)[0].VerifiedAt == nil {
		if time.Now().After(deadline) {
			t.Fatal("the field was not verified after the profile change")
		}
		time.Sleep(20 * time.Millisecond)
	}
	req, _ := http.NewRequest(http.MethodGet, in.URL+"/api/v1/accounts/verify_credentials", nil)
	req.Header.Set("Authorization", "Bearer "+in.Token(t, user, "read"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var entity struct {
		Fields []struct {
			Name       string  `json:"name"`
			VerifiedAt *string `json:"verified_at"`
		} `json:"fields"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&entity); err != nil {
		t.Fatal(err)
	}
	if len(entity.Fields) != 1 || entity.Fields[0].VerifiedAt == nil {
		t.Fatalf("API fields: %+v", entity.Fields)
	}
	if _, err := time.Parse(time.RFC3339, *entity.Fields[0].VerifiedAt); err != nil {
		t.Errorf("verified_at %q is not ISO 8601: %v", *entity.Fields[0].VerifiedAt, err)
	}
}

// TestLinkVerificationRefusesPrivateAddresses: with private addresses not
// allowed (the production setting), neither a plain-http link nor an https
// one naming a loopback address is ever fetched.
func TestLinkVerificationRefusesPrivateAddresses(t *testing.T) {
	in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Federation.AllowPrivate = false }))
	acct, _ := in.CreateUser(t, "alice")
	var hits atomic.Int32
	pages := linkPages(t, acct.URL, acct.URI, &hits)
	tls := httptest.NewTLSServer(http.RedirectHandler(pages.URL+"/a-rel-me", http.StatusFound))
	t.Cleanup(tls.Close)
	for _, link := range []string{pages.URL + "/a-rel-me", tls.URL + "/"} {
		_, err := in.Actions().UpdateCredentials(context.Background(), acct, actions.UpdateCredentialsArgs{
			Fields: []actions.FieldInput{{Name: "Site", Value: link}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := in.Actions().VerifyLinks(context.Background(), acct.ID); err != nil {
			t.Fatal(err)
		}
		if fieldsOf(t, in, acct.ID)[0].VerifiedAt != nil {
			t.Errorf("%s: verified through a private address", link)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the pages were fetched %d times", n)
	}
}
