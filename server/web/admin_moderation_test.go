package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"roost/server"
	"roost/server/servertest"
)

// getJSON GETs a public API path and decodes it.
func getJSON(t *testing.T, in *servertest.Instance, path string, out any) int {
	t.Helper()
	resp, err := http.Get(in.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	json.NewDecoder(resp.Body).Decode(out)
	return resp.StatusCode
}

func TestAdminRulesAndDomainBlocks(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "root", "admin", true)
	createUser(t, in, "mod", "moderator", true)
	admin := newBrowser(t, in)
	admin.signIn("root")

	t.Run("a moderator cannot edit rules", func(t *testing.T) {
		mod := newBrowser(t, in)
		mod.signIn("mod")
		if p := mod.get("/admin/moderation"); p.Code != http.StatusForbidden {
			t.Fatalf("moderation page for a moderator: %d", p.Code)
		}
	})

	t.Run("an admin adds rules that the API, the about page and sign-up show", func(t *testing.T) {
		for _, text := range []string{"Be kind", "No spam"} {
			if p := admin.submit("/admin/moderation", "/admin/rules", url.Values{"text": {text}, "hint": {"really"}}); p.Code != http.StatusSeeOther {
				t.Fatalf("add rule: %d %s", p.Code, p.Body)
			}
		}
		if p := admin.submit("/admin/moderation", "/admin/rules", url.Values{"text": {" "}}); p.Code != http.StatusUnprocessableEntity {
			t.Fatalf("blank rule: %d", p.Code)
		}
		var rules []struct{ ID, Text, Hint string }
		if code := getJSON(t, in, "/api/v1/instance/rules", &rules); code != http.StatusOK || len(rules) != 2 || rules[0].Text != "Be kind" || rules[1].Hint != "really" {
			t.Fatalf("rules: %d %+v", code, rules)
		}
		for _, path := range []string{"/api/v1/instance", "/api/v2/instance"} {
			var inst struct{ Rules []struct{ ID, Text string } }
			if getJSON(t, in, path, &inst); len(inst.Rules) != 2 || inst.Rules[0].ID != rules[0].ID {
				t.Fatalf("%s rules: %+v", path, inst.Rules)
			}
		}
		visitor := newBrowser(t, in)
		for _, path := range []string{"/", "/auth/sign_up"} {
			if p := visitor.get(path); !strings.Contains(p.Body, "No spam") {
				t.Fatalf("%s does not show the rules", path)
			}
		}
		if p := admin.submit("/admin/moderation", "/admin/rules/"+rules[0].ID+"/delete", url.Values{}); p.Code != http.StatusSeeOther {
			t.Fatalf("delete rule: %d", p.Code)
		}
		if getJSON(t, in, "/api/v1/instance/rules", &rules); len(rules) != 1 || rules[0].Text != "No spam" {
			t.Fatalf("after delete: %+v", rules)
		}
	})

	t.Run("an admin blocks a domain; the about page names it only when shown publicly", func(t *testing.T) {
		p := admin.submit("/admin/moderation", "/admin/domain_blocks", url.Values{"domain": {"Spam.Example"},
			"severity": {"silence"}, "public_comment": {"floods"}, "private_comment": {"secret note"}})
		if p.Code != http.StatusSeeOther {
			t.Fatalf("block: %d %s", p.Code, p.Body)
		}
		if p := admin.get("/admin/moderation"); !strings.Contains(p.Body, "spam.example") || !strings.Contains(p.Body, "secret note") {
			t.Fatal("the admin page does not list the block")
		}
		visitor := newBrowser(t, in)
		if p := visitor.get("/"); strings.Contains(p.Body, "spam.example") {
			t.Fatal("the about page shows blocks that are not public")
		}
		if p := admin.submit("/admin/settings", "/admin/settings", url.Values{"name": {"Roost"}, "registrations": {"open"},
			"show_domain_blocks": {"true"}}); p.Code != http.StatusSeeOther {
			t.Fatalf("settings: %d", p.Code)
		}
		p = visitor.get("/")
		if !strings.Contains(p.Body, "spam.example") || !strings.Contains(p.Body, "floods") || strings.Contains(p.Body, "secret note") {
			t.Fatal("the about page must show the block with its public comment only")
		}
	})
}

func TestAdminDomainAllows(t *testing.T) {
	in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Federation.Mode = "allowlist" }))
	createUser(t, in, "root", "admin", true)
	createUser(t, in, "mod", "moderator", true)
	admin := newBrowser(t, in)
	admin.signIn("root")

	t.Run("the page says allowlist mode is on", func(t *testing.T) {
		if p := admin.get("/admin/moderation"); p.Code != http.StatusOK || !strings.Contains(p.Body, "Allowlist mode is on") {
			t.Fatalf("%d", p.Code)
		}
	})
	t.Run("a bad domain is refused beside the allow form", func(t *testing.T) {
		p := admin.submit("/admin/moderation", "/admin/domain_allows", url.Values{"domain": {"no dots"}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, `value="no dots"`) {
			t.Fatalf("%d", p.Code)
		}
	})
	var id string
	t.Run("an admin allows a domain", func(t *testing.T) {
		if p := admin.submit("/admin/moderation", "/admin/domain_allows", url.Values{"domain": {"Friends.Example"}}); p.Code != http.StatusSeeOther {
			t.Fatalf("%d", p.Code)
		}
		p := admin.get("/admin/moderation")
		m := regexp.MustCompile(`id="domain-allow-(\d+)"><strong>friends.example</strong>`).FindStringSubmatch(p.Body)
		if m == nil {
			t.Fatal("the allowed domain is not listed")
		}
		id = m[1]
		if refused, _ := in.DB.DomainRefused(context.Background(), "social.friends.example", true); refused {
			t.Fatal("a subdomain of an allowed domain is refused")
		}
	})
	t.Run("a moderator cannot change the list", func(t *testing.T) {
		mod := newBrowser(t, in)
		mod.signIn("mod")
		if p := mod.submit("/home", "/admin/domain_allows/"+id+"/delete", url.Values{}); p.Code != http.StatusForbidden {
			t.Fatalf("%d", p.Code)
		}
	})
	t.Run("an admin removes it", func(t *testing.T) {
		if p := admin.submit("/admin/moderation", "/admin/domain_allows/"+id+"/delete", url.Values{}); p.Code != http.StatusSeeOther {
			t.Fatalf("%d", p.Code)
		}
		if p := admin.get("/admin/moderation"); strings.Contains(p.Body, "friends.example") {
			t.Fatal("still listed")
		}
	})
}
