package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAdminBackupAndRestore runs the two commands end to end: an account and
// a media file made in one data folder are there after a restore into another.
func TestAdminBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	from, to := filepath.Join(dir, "from"), filepath.Join(dir, "to")
	archive := filepath.Join(dir, "roost-backup.tar.gz")
	fromEnv, toEnv := []string{"ROOST_DATA=" + from}, []string{"ROOST_DATA=" + to}

	if _, err := runCLI(t, fromEnv, "admin", "backup", archive); err == nil || !strings.Contains(err.Error(), "nothing to back up") {
		t.Fatalf("backup of a missing database: %v", err)
	}
	if _, err := runCLI(t, fromEnv, "admin", "account", "create", "--username", "ada", "--email", "ada@example.org", "--password", "a good long password"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(from, "media", "photo.jpg"), []byte("pixels"), 0o640)
	cases := []struct {
		name    string
		env     []string
		args    []string
		wantOut string
		wantErr string
	}{
		{"backup", fromEnv, []string{"admin", "backup", archive}, "backed up 2 files", ""},
		{"backup again replaces the file", fromEnv, []string{"admin", "backup", archive}, "backed up 2 files", ""},
		{"backup into the media folder", fromEnv, []string{"admin", "backup", filepath.Join(from, "media", "b.tar.gz")}, "", "outside the media folder"},
		{"no archive named", fromEnv, []string{"admin", "backup"}, "", "usage: roost admin backup"},
		{"restore", toEnv, []string{"admin", "restore", archive}, "restored 2 files", ""},
		{"restore again refuses", toEnv, []string{"admin", "restore", archive}, "", "the data folder is not empty"},
		{"restore a missing file", []string{"ROOST_DATA=" + filepath.Join(dir, "other")}, []string{"admin", "restore", filepath.Join(dir, "nope.tar.gz")}, "", "no such file"},
		{"restored account", toEnv, []string{"admin", "account", "list"}, "ada", ""},
	}
	for _, c := range cases {
		out, err := runCLI(t, c.env, c.args...)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%s: want error containing %q, got %v", c.name, c.wantErr, err)
			}
			continue
		}
		if err != nil || !strings.Contains(out, c.wantOut) {
			t.Errorf("%s: output %q, error %v; want %q", c.name, out, err, c.wantOut)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(to, "media", "photo.jpg")); string(got) != "pixels" {
		t.Errorf("restored media: %q", got)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".roost-backup*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}
