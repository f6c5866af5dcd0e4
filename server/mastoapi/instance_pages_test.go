package mastoapi_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"roost/server"
	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

func TestInstancePeers(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	ctx := context.Background()
	err := w.in.DB.Write(ctx, func(tx *store.Tx) error {
		for i, domain := range []string{"b.example", "a.example", "a.example", "blocked.example"} {
			name := "u" + strconv.Itoa(i)
			acct := &store.Account{ID: w.in.DB.NewID(), Username: name, Domain: domain, URI: "https://" + domain + "/users/" + name}
			if err := tx.InsertAccount(acct); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO instance_domain_blocks (domain, severity, created_at) VALUES ('blocked.example', 'noop', 0)")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var peers []string
	w.call(t, "", "GET", "/api/v1/instance/peers", nil).expect(t, 200).json(t, &peers)
	if strings.Join(peers, ",") != "a.example,b.example" {
		t.Fatalf("peers %v", peers)
	}
}

func TestInstanceActivity(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice", "bob")
	w.post(t, "alice", map[string]any{"status": "one"})
	w.post(t, "bob", map[string]any{"status": "two"})
	// A web sign-in is what Roost records (API token use is not tracked).
	_, carol := w.in.CreateUser(t, "carol")
	if _, _, err := w.in.Actions().StartSession(context.Background(), carol, "test", "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	var weeks []map[string]any
	w.call(t, "", "GET", "/api/v1/instance/activity", nil).expect(t, 200).json(t, &weeks)
	if len(weeks) != 12 {
		t.Fatalf("%d weeks, want 12", len(weeks))
	}
	for _, wk := range weeks {
		for _, key := range []string{"week", "statuses", "logins", "registrations"} {
			if _, ok := wk[key].(string); !ok {
				t.Fatalf("week %v: %s is not a string", wk, key)
			}
		}
	}
	start, _ := strconv.ParseInt(weeks[0]["week"].(string), 10, 64)
	monday := time.Unix(start, 0).UTC()
	if monday.Weekday() != time.Monday || time.Since(monday) > 7*24*time.Hour || time.Since(monday) < 0 {
		t.Fatalf("current week starts %v", monday)
	}
	cases := []struct {
		name, key, want string
	}{
		{"local statuses this week", "statuses", "2"},
		{"users registered this week", "registrations", "3"},
		{"users who signed in this week", "logins", "1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if weeks[0][c.key] != c.want {
				t.Fatalf("%s = %v, want %s", c.key, weeks[0][c.key], c.want)
			}
			if weeks[1][c.key] != "0" {
				t.Fatalf("last week's %s = %v", c.key, weeks[1][c.key])
			}
		})
	}
}

func TestInstanceDocuments(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "alice")
	ctx := context.Background()
	_, root, err := w.in.Actions().CreateAccount(ctx, actions.CreateAccountArgs{Username: "root", Email: "root@example.com",
		Password: servertest.Password, Role: "admin", Approved: true})
	if err != nil {
		t.Fatal(err)
	}
	doc := func(path string) map[string]any {
		return w.call(t, "", "GET", path, nil).expect(t, 200).object(t)
	}
	t.Run("the default privacy policy stands until an admin writes one", func(t *testing.T) {
		got := doc("/api/v1/instance/privacy_policy")
		if !strings.HasPrefix(got["content"].(string), "<p>This server keeps") {
			t.Fatalf("content %v", got["content"])
		}
		if _, err := time.Parse(time.RFC3339, got["updated_at"].(string)); err != nil {
			t.Fatalf("updated_at %v", got["updated_at"])
		}
	})
	before := time.Now().Add(-time.Second)
	err = w.in.Actions().UpdateInstanceSettings(ctx, root, actions.InstanceSettings{Name: "Roost", Registrations: "open",
		Description: "A small <place>.\n\nSee https://example.com", PrivacyPolicy: "We keep <nothing>."})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path, want string
	}{
		{"extended description, escaped and linked", "/api/v1/instance/extended_description",
			`<p>A small &lt;place&gt;.</p><p>See <a href="https://example.com"`},
		{"the admin's privacy policy", "/api/v1/instance/privacy_policy", "<p>We keep &lt;nothing&gt;.</p>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := doc(c.path)
			if !strings.HasPrefix(got["content"].(string), c.want) {
				t.Fatalf("content %v, want prefix %s", got["content"], c.want)
			}
			at, err := time.Parse(time.RFC3339, got["updated_at"].(string))
			if err != nil || at.Before(before) {
				t.Fatalf("updated_at %v, want after %v", got["updated_at"], before)
			}
		})
	}
	t.Run("an admin setting too long is refused", func(t *testing.T) {
		err := w.in.Actions().UpdateInstanceSettings(ctx, root, actions.InstanceSettings{Name: "Roost", Registrations: "open",
			PrivacyPolicy: strings.Repeat("x", actions.MaxPrivacyPolicyChars+1)})
		if err == nil {
			t.Fatal("accepted")
		}
	})
}

func TestInstanceLanguages(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	var langs []struct{ Code, Name string }
	w.call(t, "", "GET", "/api/v1/instance/languages", nil).expect(t, 200).json(t, &langs)
	if !slices.Contains(langs, struct{ Code, Name string }{"en", "English"}) || len(langs) < 20 {
		t.Fatalf("languages %v", langs)
	}
}

// An allowlist-only instance keeps its peers and activity to itself, as
// Mastodon's limited federation mode does.
func TestInstancePeersLimitedFederation(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Federation.Mode = "allowlist" }))
	w := &world{in: in, tokens: map[string]string{}, ids: map[string]string{}}
	for _, path := range []string{"/api/v1/instance/peers", "/api/v1/instance/activity"} {
		t.Run(path, func(t *testing.T) { w.call(t, "", "GET", path, nil).expect(t, 404) })
	}
}
