package mastoapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"roost/store"
)

var update = flag.Bool("update", false, "rewrite the golden entity files in testdata/entities")

// TestEntityGoldens renders every Mastodon entity Roost serves, from real
// requests, and compares it with testdata/entities/<name>.json, so that
// an entity's shape (its keys, their types, null against absent) cannot
// drift unnoticed. Ids, times, secrets and the test server's address are
// masked. After a deliberate change, rewrite them with
//
//	go test ./server/mastoapi -run TestEntityGoldens -update
//
// and check the diff against docs.joinmastodon.org/entities.
func TestEntityGoldens(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	alice := w.ids["alice"]
	w.call(t, "bob", "POST", "/api/v1/accounts/"+alice+"/follow", nil).expect(t, 200)
	st := w.post(t, "alice", map[string]any{"status": "Hello @bob, see https://example.com/a #Golden", "language": "en"})
	w.call(t, "alice", "PUT", "/api/v1/statuses/"+st, map[string]any{"status": "Hello @bob, see https://example.com/b #Golden", "spoiler_text": "edited"}).expect(t, 200)
	reply := w.post(t, "bob", map[string]any{"status": "@alice thanks", "in_reply_to_id": st})
	w.call(t, "bob", "POST", "/api/v1/statuses/"+st+"/favourite", nil).expect(t, 200)
	w.call(t, "bob", "POST", "/api/v1/statuses/"+st+"/bookmark", nil).expect(t, 200)
	doomed := w.post(t, "alice", map[string]any{"status": "to delete", "visibility": "unlisted"})
	w.call(t, "alice", "POST", "/api/v1/markers", url.Values{"home[last_read_id]": {st}}).expect(t, 200)
	// Roost does not write quotes yet: one is made by hand, as a received one is stored.
	quoting := w.post(t, "bob", map[string]any{"status": "quoting this"})
	err := w.in.DB.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), "UPDATE statuses SET quote_uri = (SELECT uri FROM statuses WHERE id = ?) WHERE id = ?", st, quoting)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	app := w.call(t, "", "POST", "/api/v1/apps", map[string]any{"client_name": "Golden", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
		"scopes": "read write", "website": "https://golden.example"}).expect(t, 200)
	creds := app.object(t)
	token := w.call(t, "", "POST", "/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {creds["client_id"].(string)},
		"client_secret": {creds["client_secret"].(string)}, "scope": {"read"}}).expect(t, 200)
	appToken := token.object(t)["access_token"].(string)

	get := func(who, path string) response { return w.call(t, who, "GET", path, nil).expect(t, 200) }
	entities := []struct {
		name string
		resp func() response
	}{
		{"account", func() response { return get("bob", "/api/v1/accounts/"+alice) }},
		{"credential_account", func() response { return get("alice", "/api/v1/accounts/verify_credentials") }},
		{"status", func() response { return get("bob", "/api/v1/statuses/"+st) }},
		{"status_quote", func() response { return get("alice", "/api/v1/statuses/"+quoting) }},
		{"status_reblog", func() response { return w.call(t, "bob", "POST", "/api/v1/statuses/"+st+"/reblog", nil).expect(t, 200) }},
		{"status_deleted", func() response { return w.call(t, "alice", "DELETE", "/api/v1/statuses/"+doomed, nil).expect(t, 200) }},
		{"context", func() response { return get("alice", "/api/v1/statuses/"+reply+"/context") }},
		{"status_edits", func() response { return get("alice", "/api/v1/statuses/"+st+"/history") }},
		{"status_source", func() response { return get("alice", "/api/v1/statuses/"+st+"/source") }},
		{"relationships", func() response { return get("bob", "/api/v1/accounts/relationships?id[]="+alice) }},
		{"notifications", func() response { return get("alice", "/api/v1/notifications?types[]=mention&types[]=follow") }},
		{"grouped_notifications", func() response { return get("alice", "/api/v2/notifications") }},
		{"unread_count", func() response { return get("alice", "/api/v1/notifications/unread_count") }},
		{"search", func() response { return get("bob", "/api/v2/search?q=golden") }},
		{"tag", func() response { return get("bob", "/api/v1/tags/golden") }},
		{"markers", func() response { return get("alice", "/api/v1/markers?timeline[]=home&timeline[]=notifications") }},
		{"preferences", func() response { return get("alice", "/api/v1/preferences") }},
		{"instance_v1", func() response { return get("", "/api/v1/instance") }},
		{"instance_v2", func() response { return get("", "/api/v2/instance") }},
		{"application", func() response { return app }},
		{"application_verified", func() response {
			return w.callToken(t, appToken, "GET", "/api/v1/apps/verify_credentials", nil, nil).expect(t, 200)
		}},
		{"token", func() response { return token }},
		{"error_not_found", func() response { return w.call(t, "bob", "GET", "/api/v1/statuses/1", nil).expect(t, 404) }},
		{"error_invalid", func() response {
			return w.call(t, "bob", "POST", "/api/v1/statuses", map[string]any{"status": "x", "visibility": "everyone"}).expect(t, 422)
		}},
	}
	for _, e := range entities {
		t.Run(e.name, func(t *testing.T) {
			var v any
			if err := json.Unmarshal(e.resp().body, &v); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(mask(w.in.Host, "", v)); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			path := filepath.Join("testdata", "entities", e.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run with -update after checking the Mastodon docs):\n%s", e.name, path, got)
			}
		})
	}
}

var (
	longNumber = regexp.MustCompile(`\d{12,}`)
	staticHash = regexp.MustCompile(`/static/[0-9a-f]{6,}/`)
	isoTime    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$`)
	isoDate    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	hourSuffix = regexp.MustCompile(`-\d{1,11}$`)
)

// mask replaces what changes from run to run: the server's address, ids
// (alone or inside URLs and group keys), times, dates, secrets, and the
// content hash of static file URLs.
func mask(host, key string, v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = mask(host, k, x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = mask(host, key, x)
		}
		return out
	case string:
		switch {
		case key == "access_token" || key == "client_id" || key == "client_secret" || key == "vapid_key" || key == "server_key" || key == "public_key":
			return "SECRET"
		case key == "day":
			return "UNIX_DAY"
		case key == "group_key":
			v = hourSuffix.ReplaceAllString(v, "-HOUR")
		case isoTime.MatchString(v):
			return "TIME"
		case isoDate.MatchString(v):
			return "DATE"
		}
		v = strings.ReplaceAll(v, host, "roost.test")
		v = staticHash.ReplaceAllString(v, "/static/HASH/")
		return longNumber.ReplaceAllString(v, "ID")
	case float64:
		if key == "created_at" {
			return "UNIX_TIME"
		}
	}
	return v
}
