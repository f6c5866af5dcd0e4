package apub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"roost/federation/httpsig"
	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// apiCall sends form (PUT/POST) or nothing to path with token and decodes the answer into out.
func apiCall(t *testing.T, method, u, token string, form url.Values, out any) int {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, u, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

func adminToken(t *testing.T, in *servertest.Instance, username string, scopes ...string) string {
	t.Helper()
	_, user, err := in.Actions().CreateAccount(context.Background(), actions.CreateAccountArgs{Username: username,
		Email: username + "@example.com", Password: servertest.Password, Role: store.RoleAdmin, Approved: true})
	if err != nil {
		t.Fatal(err)
	}
	return in.Token(t, user, scopes...)
}

func TestInstanceDomainBlocks(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	admin := adminToken(t, in, "root", "admin:read", "admin:write", "read", "write")
	_, plainUser := in.CreateUser(t, "alice")
	plain := in.Token(t, plainUser, "admin:read", "admin:write")
	adminNoScope := adminToken(t, in, "root2", "read", "write")

	// keyHost answers key fetches and counts them: a suspended domain's
	// delivery must be refused before any of them.
	var fetches atomic.Int32
	keyHost := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		http.NotFound(w, r)
	}))
	defer keyHost.Close()
	evil := strings.TrimPrefix(keyHost.URL, "http://")

	key := seedRemote(t, in, "mallory", "x.example", "", "").key // a key the keyHost never serves
	body := []byte(`{"@context":"https://www.w3.org/ns/activitystreams","id":"` + keyHost.URL + `/a/1","type":"Create",` +
		`"actor":"` + keyHost.URL + `/users/mallory","object":{"id":"` + keyHost.URL + `/n/1","type":"Note","content":"hi"}}`)
	postFromEvil := func(path string) int {
		req, _ := http.NewRequest(http.MethodPost, in.URL+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/activity+json")
		if err := httpsig.SignCavage(req, keyHost.URL+"/users/mallory#main-key", key, body); err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	var created map[string]any
	t.Run("only admins with admin scopes", func(t *testing.T) {
		form := url.Values{"domain": {evil}}
		if code := apiCall(t, http.MethodPost, in.URL+"/api/v1/admin/domain_blocks", plain, form, nil); code != http.StatusForbidden {
			t.Fatalf("a user: %d", code)
		}
		if code := apiCall(t, http.MethodPost, in.URL+"/api/v1/admin/domain_blocks", adminNoScope, form, nil); code != http.StatusForbidden {
			t.Fatalf("an admin's token without admin scopes: %d", code)
		}
	})

	t.Run("an admin suspends a domain", func(t *testing.T) {
		form := url.Values{"domain": {evil}, "severity": {"suspend"}, "reject_media": {"true"},
			"public_comment": {"spam wave"}, "private_comment": {"ticket 12"}}
		if code := apiCall(t, http.MethodPost, in.URL+"/api/v1/admin/domain_blocks", admin, form, &created); code != http.StatusOK {
			t.Fatalf("create: %d %v", code, created)
		}
		if created["domain"] != evil || created["severity"] != "suspend" || created["reject_media"] != true ||
			created["private_comment"] != "ticket 12" {
			t.Fatalf("created: %v", created)
		}
		var list []map[string]any
		if code := apiCall(t, http.MethodGet, in.URL+"/api/v1/admin/domain_blocks", admin, nil, &list); code != http.StatusOK || len(list) != 1 {
			t.Fatalf("list: %d %v", code, list)
		}
		if ok, _ := in.DB.DomainRefused(ctx, evil, false); !ok {
			t.Fatal("not suspended")
		}
	})

	t.Run("bad input is a 422", func(t *testing.T) {
		for name, form := range map[string]url.Values{
			"no domain":    {"severity": {"suspend"}},
			"own server":   {"domain": {in.Host}},
			"bad severity": {"domain": {"example.org"}, "severity": {"nuke"}},
			"not a domain": {"domain": {"no dots"}},
		} {
			t.Run(name, func(t *testing.T) {
				if code := apiCall(t, http.MethodPost, in.URL+"/api/v1/admin/domain_blocks", admin, form, nil); code != http.StatusUnprocessableEntity {
					t.Fatalf("%d", code)
				}
			})
		}
	})

	t.Run("a suspended domain's inbox POST is refused without fetching its key", func(t *testing.T) {
		for _, path := range []string{"/inbox", "/users/alice/inbox"} {
			if code := postFromEvil(path); code < 400 || code >= 500 {
				t.Fatalf("%s: %d", path, code)
			}
		}
		if n := fetches.Load(); n != 0 {
			t.Fatalf("the suspended domain was asked %d times", n)
		}
	})

	t.Run("the public list honours the show publicly setting", func(t *testing.T) {
		if code := apiCall(t, http.MethodGet, in.URL+"/api/v1/instance/domain_blocks", "", nil, nil); code != http.StatusNotFound {
			t.Fatalf("hidden list: %d", code)
		}
		s, _ := in.Actions().InstanceSettings(ctx)
		s.ShowDomainBlocks = true
		root, _ := in.DB.UserByEmail(ctx, "root@example.com")
		if err := in.Actions().UpdateInstanceSettings(ctx, root, *s); err != nil {
			t.Fatal(err)
		}
		var list []map[string]any
		if code := apiCall(t, http.MethodGet, in.URL+"/api/v1/instance/domain_blocks", "", nil, &list); code != http.StatusOK || len(list) != 1 {
			t.Fatalf("shown list: %d %v", code, list)
		}
		if list[0]["comment"] != "spam wave" || list[0]["private_comment"] != nil || list[0]["digest"] == "" {
			t.Fatalf("public entry: %v", list[0])
		}
	})

	t.Run("an admin changes and lifts the block", func(t *testing.T) {
		u := in.URL + "/api/v1/admin/domain_blocks/" + created["id"].(string)
		var got map[string]any
		if code := apiCall(t, http.MethodPut, u, admin, url.Values{"severity": {"silence"}}, &got); code != http.StatusOK || got["severity"] != "silence" || got["domain"] != evil {
			t.Fatalf("update: %d %v", code, got)
		}
		if ok, _ := in.DB.DomainRefused(ctx, evil, false); ok {
			t.Fatal("still suspended after silence")
		}
		if code := apiCall(t, http.MethodDelete, u, admin, nil, nil); code != http.StatusOK {
			t.Fatalf("delete: %d", code)
		}
		if code := apiCall(t, http.MethodGet, u, admin, nil, nil); code != http.StatusNotFound {
			t.Fatalf("after delete: %d", code)
		}
		postFromEvil("/inbox")
		if fetches.Load() == 0 {
			t.Fatal("an unblocked domain's key is fetched: the refusal above proved nothing")
		}
	})
}
