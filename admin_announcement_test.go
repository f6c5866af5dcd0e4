package main

import (
	"regexp"
	"strings"
	"testing"
)

func TestAdminAnnouncementCommands(t *testing.T) {
	env := []string{"ROOST_DATA=" + t.TempDir()}
	cases := []cliCase{
		{"create", []string{"admin", "announcement", "create", "--text", "Maintenance tonight"}, "created announcement", ""},
		{"create scheduled", []string{"admin", "announcement", "create", "--text", "Party", "--starts-at", "2099-01-01T00:00:00Z", "--all-day"}, "created announcement", ""},
		{"create draft", []string{"admin", "announcement", "create", "--text", "Not yet", "--draft"}, "created announcement", ""},
		{"blank text", []string{"admin", "announcement", "create"}, "", "text can't be blank"},
		{"bad time", []string{"admin", "announcement", "create", "--text", "x", "--ends-at", "tomorrow"}, "", "--ends-at"},
		{"ends before start", []string{"admin", "announcement", "create", "--text", "x", "--starts-at", "2030-01-02", "--ends-at", "2030-01-01"}, "", "ends_at must be after"},
		{"delete unknown", []string{"admin", "announcement", "delete", "--id", "12345"}, "", "not found"},
		{"delete without id", []string{"admin", "announcement", "delete"}, "", "--id is required"},
		{"unknown verb", []string{"admin", "announcement", "frobnicate"}, "", "unknown admin announcement command"},
	}
	runCLICases(t, env, cases)
	out, err := runCLI(t, env, "admin", "announcement", "list")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"showing", "published", "draft", "Maintenance tonight"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	id := regexp.MustCompile(`(?m)^(\d+)\s+showing`).FindStringSubmatch(out)
	if id == nil {
		t.Fatalf("no showing announcement in\n%s", out)
	}
	if out, err := runCLI(t, env, "admin", "announcement", "delete", "--id", id[1]); err != nil || !strings.Contains(out, "deleted") {
		t.Fatalf("delete: %q %v", out, err)
	}
	if out, _ := runCLI(t, env, "admin", "announcement", "list"); strings.Contains(out, "Maintenance") {
		t.Errorf("deleted announcement still listed:\n%s", out)
	}
}
