package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func runCLI(t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(args, &out, env)
	return out.String(), err
}

func TestAdminAccountLifecycle(t *testing.T) {
	env := []string{"ROOST_DATA=" + t.TempDir()}
	cases := []cliCase{
		{"create admin", []string{"admin", "account", "create", "--username", "ada", "--email", "ada@example.org", "--password", "a good long password", "--role", "admin"}, "created ada", ""},
		{"taken username", []string{"admin", "account", "create", "--username", "ADA", "--email", "other@example.org", "--password", "a good long password"}, "", "username is already taken"},
		{"taken email", []string{"admin", "account", "create", "--username", "bob", "--email", "ADA@example.org", "--password", "a good long password"}, "", "email is already taken"},
		{"bad email", []string{"admin", "account", "create", "--username", "bob", "--email", "not-an-email", "--password", "a good long password"}, "", "email is not a valid address"},
		{"weak password", []string{"admin", "account", "create", "--username", "bob", "--email", "bob@example.org", "--password", "short"}, "", "password is too short"},
		{"common password", []string{"admin", "account", "create", "--username", "bob", "--email", "bob@example.org", "--password", "password123"}, "", "too common"},
		{"bad username", []string{"admin", "account", "create", "--username", "bob smith", "--email", "bob@example.org", "--password", "a good long password"}, "", "username must be"},
		{"bad role", []string{"admin", "account", "create", "--username", "bob", "--email", "bob@example.org", "--password", "a good long password", "--role", "king"}, "", "role must be one of"},
		{"create user", []string{"admin", "account", "create", "--username", "bob", "--email", "bob@example.org", "--password", "a good long password"}, "created bob", ""},
		{"password", []string{"admin", "account", "password", "--username", "bob", "--password", "another long password"}, "password changed", ""},
		{"password unknown user", []string{"admin", "account", "password", "--username", "nobody", "--password", "another long password"}, "", "not found"},
		{"suspend", []string{"admin", "account", "suspend", "--username", "bob"}, "suspended bob", ""},
		{"list shows suspension", []string{"admin", "account", "list"}, "suspended", ""},
		{"unsuspend", []string{"admin", "account", "unsuspend", "--username", "bob"}, "unsuspended bob", ""},
		{"disable-2fa", []string{"admin", "account", "disable-2fa", "--username", "bob"}, "two-factor authentication is off for bob", ""},
		{"disable-2fa unknown user", []string{"admin", "account", "disable-2fa", "--username", "nobody"}, "", "not found"},
		{"missing username", []string{"admin", "account", "suspend"}, "", "--username is required"},
	}
	runCLICases(t, env, cases)
	out, _ := runCLI(t, env, "admin", "account", "list")
	if !strings.Contains(out, "ada") || !strings.Contains(out, "admin") || !strings.Contains(out, "bob") || strings.Contains(out, "suspended") {
		t.Errorf("final list:\n%s", out)
	}
}

// cliCase is one admin command and what it must print, or the error it
// must fail with.
type cliCase struct {
	name    string
	args    []string
	wantOut string
	wantErr string
}

// runCLICases runs the commands in order (later ones may rely on earlier
// ones), each as a subtest.
func runCLICases(t *testing.T, env []string, cases []cliCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := runCLI(t, env, c.args...)
			switch {
			case c.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Errorf("want error containing %q, got %v", c.wantErr, err)
				}
			case err != nil || !strings.Contains(out, c.wantOut):
				t.Errorf("output %q, err %v; want %q", out, err, c.wantOut)
			}
		})
	}
}

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	os.WriteFile(good, []byte("host = \"social.example.org\"\nregistrations = \"approval\"\n[federation]\nworkers = 2\n"), 0o644)
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("registrations = \"sometimes\"\n"), 0o644)
	unknown := filepath.Join(dir, "unknown.toml")
	os.WriteFile(unknown, []byte("hots = \"typo.example\"\n"), 0o644)

	out, err := runCLI(t, nil, "config", "check", "--config", good)
	if err != nil || !strings.Contains(out, "https://social.example.org") {
		t.Fatalf("good config: %q %v", out, err)
	}
	if _, err := runCLI(t, nil, "config", "check", "--config", bad); err == nil || !strings.Contains(err.Error(), "registrations (ROOST_REGISTRATIONS): must be open, approval or closed") {
		t.Fatalf("bad config: %v", err)
	}
	if _, err := runCLI(t, nil, "config", "check", "--config", unknown); err == nil || !strings.Contains(err.Error(), `unknown key "hots"`) {
		t.Fatalf("unknown key: %v", err)
	}
	if _, err := runCLI(t, []string{"ROOST_PROTOCOL=gopher"}, "config", "check"); err == nil || !strings.Contains(err.Error(), "ROOST_PROTOCOL") {
		t.Fatalf("bad env: %v", err)
	}
	if _, err := runCLI(t, []string{"ROOST_FEDERATION_ALLOW_PRIVATE=maybe"}, "config", "check"); err == nil || !strings.Contains(err.Error(), "ROOST_FEDERATION_ALLOW_PRIVATE") {
		t.Fatalf("bad bool env: %v", err)
	}
	if out, err := runCLI(t, nil, "config", "check"); err != nil || !strings.Contains(out, "http://localhost:8080") {
		t.Fatalf("defaults: %q %v", out, err)
	}
}

func TestVersionAndUnknownCommand(t *testing.T) {
	out, err := runCLI(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "roost 0.") {
		t.Fatalf("version: %q %v", out, err)
	}
	if _, err := runCLI(t, nil, "frobnicate"); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("unknown command: %v", err)
	}
}

func TestVersionShowsTheCommit(t *testing.T) {
	settings := func(kv ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{}
		for i := 0; i+1 < len(kv); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return info
	}
	cases := []struct {
		name    string
		info    *debug.BuildInfo
		stamped string
		want    string
		wantNot string
	}{
		{"no build info", nil, "", "roost 0.", "commit"},
		{"built without VCS stamp", settings("CGO_ENABLED", "0"), "", "(Mastodon API ", "commit"},
		{"clean checkout", settings("vcs.revision", "0123456789abcdef0123", "vcs.time", "2026-11-26T06:00:00Z", "vcs.modified", "false"), "",
			" commit 0123456789ab 2026-11-26T06:00:00Z", "dirty"},
		{"modified checkout", settings("vcs.revision", "0123456789abcdef0123", "vcs.modified", "true"), "", " commit 0123456789ab-dirty", ""},
		{"worktree: stamped by the script", settings("CGO_ENABLED", "0"), "fedcba9876543210fedc", " commit fedcba987654", "dirty"},
		{"worktree with changes", nil, "fedcba9876543210fedc-dirty", " commit fedcba987654-dirty", ""},
		{"Go's stamp wins", settings("vcs.revision", "0123456789abcdef0123"), "fedcba9876543210fedc", " commit 0123456789ab", "fedcba"},
	}
	for _, c := range cases {
		got := formatVersion(c.info, c.stamped)
		if !strings.Contains(got, c.want) || (c.wantNot != "" && strings.Contains(got, c.wantNot)) {
			t.Errorf("%s: %q, want %q and not %q", c.name, got, c.want, c.wantNot)
		}
	}
}
func TestAdminMediaPrune(t *testing.T) {
	env := []string{"ROOST_DATA=" + t.TempDir()}
	cases := []cliCase{
		{"uploads only", []string{"admin", "media", "prune"}, "removed 0 unattached uploads", ""},
		{"with remote", []string{"admin", "media", "prune", "--remote-older-than", "30d"}, "removed 0 cached remote files", ""},
		{"hours", []string{"admin", "media", "prune", "--remote-older-than", "12h"}, "older than 12h", ""},
		{"bad age", []string{"admin", "media", "prune", "--remote-older-than", "a month"}, "", "must be an age like 30d"},
		{"unknown verb", []string{"admin", "media", "shrink"}, "", "usage: roost admin media prune"},
	}
	runCLICases(t, env, cases)
}

func TestProgressBar(t *testing.T) {
	var buf strings.Builder
	bar := progressBar{out: &buf, label: "remote media"}
	for i := 1; i <= 200; i++ {
		bar.show(i, 200)
	}
	bar.done()
	if got := strings.Count(buf.String(), "\r"); got != 101 {
		t.Errorf("redrew %d times, want once per percent (0 to 100)", got)
	}
	if !strings.HasSuffix(buf.String(), "[##############################] 100% 200/200\n") {
		t.Errorf("last line %q", buf.String()[max(0, buf.Len()-60):])
	}
}
