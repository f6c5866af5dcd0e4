// Package clients runs real third-party Mastodon clients against a real
// Roost: Mastodon.py (Debian's python3-mastodon) and masto.js (npm). See
// README.md for installing them. Each script signs in as a person would and
// then runs its list of checks; add checks to the scripts, not here.
package clients

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"roost/server/servertest"
)

// systemPython is Debian's python, which sees python3-mastodon; a pyenv
// python earlier on PATH does not.
const systemPython = "/usr/bin/python3"

// need skips the test when a client is not installed on a developer's
// machine, and fails it in CI, where every client must run.
func need(t *testing.T, what string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (see tests/clients/README.md)", what)
	}
	t.Skipf("%s is not installed (see tests/clients/README.md)", what)
}

// startWithUser runs a Roost with a signed-up user, alice, whom the
// scripts sign in as, and bob, whose token (ROOST_OTHER_TOKEN) lets them
// favourite and follow so that alice gets notifications.
func startWithUser(t *testing.T) (*servertest.Instance, []string) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	_, bob := in.CreateUser(t, "bob")
	env := append(os.Environ(), "ROOST_URL="+in.URL, "ROOST_LOGIN=alice", "ROOST_PASSWORD="+servertest.Password,
		"ROOST_OTHER_TOKEN="+in.Token(t, bob))
	return in, env
}

// run runs one client script and fails the test with its output if it fails.
func run(t *testing.T, env []string, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	t.Logf("%s %v:\n%s", name, args, out)
	if err != nil {
		t.Fatalf("%s failed: %v", filepath.Base(args[0]), err)
	}
}

func TestMastodonPy(t *testing.T) {
	hasLib := exec.Command(systemPython, "-c", "import mastodon").Run() == nil
	need(t, "python3-mastodon", hasLib)
	_, env := startWithUser(t)
	run(t, env, systemPython, "mastodonpy_signin.py")
}

func TestMastoJS(t *testing.T) {
	_, err := exec.LookPath("node")
	need(t, "node", err == nil)
	_, err = os.Stat(filepath.Join("node_modules", "masto", "package.json"))
	need(t, "masto (npm ci in tests/clients)", err == nil)
	_, env := startWithUser(t)
	run(t, env, "node", "masto_signin.mjs")
}

// TestToot drives toot's interactive browser login through pipes, then
// posts with `toot post` and reads the home timeline with `toot timeline`.
func TestToot(t *testing.T) {
	hasLib := exec.Command(systemPython, "-c", "import requests").Run() == nil
	_, err := exec.LookPath("toot")
	need(t, "toot", err == nil && hasLib)
	_, env := startWithUser(t)
	run(t, env, systemPython, "toot_login.py")
}
