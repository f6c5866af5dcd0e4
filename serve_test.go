package main

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test re-run this binary as `roost ...` in a subprocess.
func TestMain(m *testing.M) {
	if args := os.Getenv("ROOST_TEST_RUN_MAIN"); args != "" {
		os.Args = append([]string{"roost"}, strings.Fields(args)...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeStartsMigratesAndStopsCleanly runs `roost serve` as a real
// process on embedded defaults, talks to it, and stops it with SIGTERM.
func TestServeStartsMigratesAndStopsCleanly(t *testing.T) {
	dir := t.TempDir()
	addr := freePort(t)
	for round := 1; round <= 2; round++ { // the second start finds an existing database
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "ROOST_TEST_RUN_MAIN=serve", "ROOST_LISTEN="+addr, "ROOST_HOST="+addr,
			"ROOST_DATA="+filepath.Join(dir, "data"))
		var logs bytes.Buffer
		cmd.Stderr = &logs
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var resp *http.Response
		var err error
		for time.Since(start) < 20*time.Second {
			if resp, err = http.Get("http://" + addr + "/api/v1/instance"); err == nil {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err != nil {
			cmd.Process.Kill()
			t.Fatalf("round %d: never answered: %v\n%s", round, err, logs.String())
		}
		resp.Body.Close()
		t.Logf("round %d: first answer after %s", round, time.Since(start).Round(time.Millisecond))
		if resp.StatusCode != 200 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("round %d: exit: %v\n%s", round, err, logs.String())
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("round %d: did not stop on SIGTERM\n%s", round, logs.String())
		}
		out := logs.String()
		if !strings.Contains(out, "roost stopped") || !strings.Contains(out, "msg=request") || !strings.Contains(out, "memory_limit=256MiB") {
			t.Fatalf("round %d logs:\n%s", round, out)
		}
		if migrated := strings.Contains(out, "migration 1/"); migrated != (round == 1) {
			t.Fatalf("round %d: migration ran = %v\n%s", round, migrated, out)
		}
		if st, err := os.Stat(filepath.Join(dir, "data", "roost.db-wal")); err == nil && st.Size() > 0 {
			t.Fatalf("round %d: WAL not checkpointed on close (%d bytes)", round, st.Size())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "media")); err != nil {
		t.Fatalf("media folder: %v", err)
	}
}

// TestServeRefusesBadConfig checks a bad value stops start-up naming the key.
func TestServeRefusesBadConfig(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "ROOST_TEST_RUN_MAIN=serve", "ROOST_REGISTRATIONS=sometimes", "ROOST_DATA="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "ROOST_REGISTRATIONS") {
		t.Fatalf("err %v, output %s", err, out)
	}
}

// TestAdminWhileServing creates an account with the CLI while the server
// runs on the same data folder, and the running server sees it at once.
func TestAdminWhileServing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	addr := freePort(t)
	env := append(os.Environ(), "ROOST_LISTEN="+addr, "ROOST_HOST="+addr, "ROOST_DATA="+dir)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(env, "ROOST_TEST_RUN_MAIN=serve")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/api/v1/instance")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("server never answered")
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, name := range []string{"carol", "dave"} {
		admin := exec.Command(os.Args[0])
		admin.Env = append(env, "ROOST_TEST_RUN_MAIN=admin account create --username "+name+" --email "+name+"@example.org --password a-long-passphrase")
		if out, err := admin.CombinedOutput(); err != nil {
			t.Fatalf("admin create %s while serving: %v\n%s", name, err, out)
		}
	}
	resp, err := http.Get("http://" + addr + "/api/v1/accounts/lookup?acct=dave")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the running server does not see the new account: %d", resp.StatusCode)
	}
}
