//go:build load || lowmem

// Package load proves issue 3's performance budget over real HTTP: a home
// timeline page of 40 from a database of 100,000 statuses with 500
// follows, posting a status, and the public local timeline, each under
// 5 ms per request, served with at most 40 MB resident memory under a
// 16-connection load.
//
// It seeds such a database (direct inserts in one transaction, a few
// seconds), builds and starts the real roost binary on it, drives each
// endpoint first over one connection (the cost of one request) and then
// over 16 concurrent connections, and reports p50/p99 latency, the time per
// request across all connections (wall time / requests, as ab reports it)
// and the server's peak resident memory (VmHWM from /proc/PID/status).
//
// It takes about 30 s, so it is kept out of `go test ./...` by a build tag:
//
//	go test -tags load -run TestLoad -count=1 -v ./tests/load
//
// LOAD_REQUESTS sets the request count per endpoint under load (default
// 3000); LOAD_SERVER_LOG=FILE keeps the server's log (add GODEBUG=gctrace=1
// to see its heap).
package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"roost/store"
)

// The budget, from issue 3.
const (
	budgetPerRequest = 5 * time.Millisecond
	budgetRSSKiB     = 40 * 1024
	connections      = 16
)

// The seeded world.
const (
	seedAccounts = 1000
	seedFollows  = 500
	seedStatuses = 100_000
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	bin := buildRoost(t, dir)
	host := freeAddress(t)
	token := seed(t, filepath.Join(dir, "data"), host)
	pid := startRoost(t, bin, filepath.Join(dir, "data"), host)
	base := "http://" + host

	endpoints := []endpoint{
		{name: "home timeline, page of 40", method: "GET", path: "/api/v1/timelines/home?limit=40"},
		{name: "post a status", method: "POST", path: "/api/v1/statuses", form: true},
		{name: "public local timeline", method: "GET", path: "/api/v1/timelines/public?local=true"},
	}
	warmUp(t, base, token)
	var failed []string
	t.Logf("machine: %d cores, %s; %s", runtime.NumCPU(), cpuModel(), runtime.Version())
	for _, e := range endpoints {
		single := drive(t, base, token, e, 1, 300)
		loaded := drive(t, base, token, e, connections, requestCount())
		t.Logf("%-26s 1 conn: p50 %6.2f ms p99 %6.2f ms | %d conns: p50 %6.2f ms p99 %6.2f ms, %5.0f req/s, %5.2f ms per request",
			e.name, ms(single.p50), ms(single.p99), connections, ms(loaded.p50), ms(loaded.p99), loaded.perSecond, ms(loaded.perRequest))
		if single.p50 >= budgetPerRequest || loaded.perRequest >= budgetPerRequest {
			failed = append(failed, e.name+" over 5 ms per request")
		}
	}
	if os.Getenv("LOAD_SERVER_LOG") != "" {
		b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/smaps")
		os.WriteFile(os.Getenv("LOAD_SERVER_LOG")+".smaps", b, 0o644)
	}
	for _, name := range []string{store.FileName, store.FileName + "-wal"} {
		if fi, err := os.Stat(filepath.Join(dir, "data", name)); err == nil {
			t.Logf("%s: %.1f MB", name, float64(fi.Size())/1e6)
		}
	}
	peak := statusKiB(t, pid, "VmHWM")
	t.Logf("server peak RSS (VmHWM): %.1f MB (budget 40 MB); now %.1f MB", float64(peak)/1024, float64(statusKiB(t, pid, "VmRSS"))/1024)
	if peak > budgetRSSKiB {
		failed = append(failed, "peak RSS over 40 MB")
	}
	// Budgets are reported, not enforced, unless LOAD_STRICT=1: on a shared
	// CI machine a timing is a measurement, not a verdict.
	for _, f := range failed {
		if os.Getenv("LOAD_STRICT") == "1" {
			t.Error(f)
		} else {
			t.Log("OVER BUDGET: " + f)
		}
	}
}

// warmUp calls the other read endpoints apps use once each, so that the
// memory measured includes what a server that has answered everything
// holds (prepared statements, caches), not only the three under load.
func warmUp(t *testing.T, base, token string) {
	t.Helper()
	var me struct{ ID string }
	paths := []string{"/api/v1/accounts/verify_credentials"}
	for i, path := range append(paths, "/api/v1/notifications", "/api/v2/notifications", "/api/v1/notifications/unread_count",
		"/api/v2/notifications/unread_count", "/api/v1/favourites", "/api/v1/bookmarks", "/api/v1/markers?timeline[]=home",
		"/api/v1/preferences", "/api/v1/instance", "/api/v2/instance", "/api/v1/timelines/public", "/api/v1/timelines/public?remote=true",
		"/api/v1/timelines/tag/load", "/api/v2/search?q=user1", "/api/v2/search?q=hello&type=statuses",
		"/api/v1/accounts/lookup?acct=user2", "/api/v1/accounts/search?q=user", "/api/v1/follow_requests",
		"/api/v1/accounts/ME/statuses", "/api/v1/accounts/ME/statuses?exclude_replies=true&exclude_reblogs=true",
		"/api/v1/accounts/ME/statuses?pinned=true", "/api/v1/accounts/ME/followers", "/api/v1/accounts/ME/following",
		"/api/v1/accounts/relationships?id[]=ME", "/api/v1/accounts/ME") {
		req, _ := http.NewRequest("GET", base+strings.ReplaceAll(path, "ME", me.ID), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("warm-up %s: %d %s", path, resp.StatusCode, b)
		}
		if i == 0 {
			json.Unmarshal(b, &me)
		}
	}
}

func requestCount() int {
	if n, err := strconv.Atoi(os.Getenv("LOAD_REQUESTS")); err == nil && n > 0 {
		return n
	}
	return 3000
}

// buildRoost builds the binary as it ships (static, no cgo).
func buildRoost(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "roost")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "roost")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func freeAddress(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// seed creates the database the way roost would (store.Open migrates it)
// and fills it.
func seed(t *testing.T, data, host string) string {
	t.Helper()
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), data, store.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return fill(t, db, host)
}

// fill seeds db in one transaction: accounts, the viewer with a token, its
// follows, and statuses spread over the last 100,000 seconds. It returns
// the viewer's bearer token.
func fill(t testing.TB, db *store.DB, host string) string {
	t.Helper()
	start := time.Now()
	token := "loadtest-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		ids, err := seedAccountRows(tx, db, host)
		if err != nil {
			return err
		}
		viewer := ids[0]
		for i := 1; i <= seedFollows; i++ {
			if err := tx.InsertFollow(&store.Follow{ID: db.NewID(), AccountID: viewer, TargetAccountID: ids[i], ShowReblogs: true, CreatedAt: time.Now()}); err != nil {
				return err
			}
			// Half of them follow back, so posting has followers to consider.
			if i%2 == 0 {
				if err := tx.InsertFollow(&store.Follow{ID: db.NewID(), AccountID: ids[i], TargetAccountID: viewer, ShowReblogs: true, CreatedAt: time.Now()}); err != nil {
					return err
				}
			}
		}
		if err := seedViewerToken(tx, db, viewer, token); err != nil {
			return err
		}
		return seedStatusRows(tx, db, host, ids)
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	t.Logf("seeded %d accounts, %d follows, %d statuses in %v", seedAccounts, seedFollows, seedStatuses, time.Since(start).Round(time.Millisecond))
	return token
}

func seedAccountRows(tx *store.Tx, db *store.DB, host string) ([]store.ID, error) {
	ids := make([]store.ID, seedAccounts)
	for i := range ids {
		ids[i] = db.NewID()
		name := "user" + strconv.Itoa(i)
		a := &store.Account{ID: ids[i], Username: name, DisplayName: "User " + strconv.Itoa(i),
			URI: "http://" + host + "/users/" + name, URL: "http://" + host + "/@" + name, Discoverable: true, Indexable: true}
		if err := tx.InsertAccount(a); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func seedViewerToken(tx *store.Tx, db *store.DB, viewer store.ID, token string) error {
	user := &store.User{ID: db.NewID(), AccountID: viewer, Email: "user0@example.com", PasswordHash: "x", Role: store.RoleUser,
		Locale: "en", Settings: store.UserSettings{DefaultPrivacy: "public"}}
	now := time.Now()
	user.ConfirmedAt, user.ApprovedAt = &now, &now
	if err := tx.InsertUser(user); err != nil {
		return err
	}
	scopes := []string{"read", "write", "follow"}
	app := &store.App{ID: db.NewID(), Name: "loadtest", RedirectURIs: []string{"urn:ietf:wg:oauth:2.0:oob"}, Scopes: scopes,
		ClientID: token + "-client", ClientSecret: token + "-secret"}
	if err := tx.InsertApp(app); err != nil {
		return err
	}
	return tx.InsertToken(&store.Token{ID: db.NewID(), AppID: &app.ID, UserID: &user.ID, Scopes: scopes}, token)
}

// seedStatusRows inserts the statuses through one prepared statement.
func seedStatusRows(tx *store.Tx, db *store.DB, host string, ids []store.ID) error {
	stmt, err := tx.PrepareContext(tx.Context(), `INSERT INTO statuses (id, uri, url, account_id, local, visibility, text, content, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	visibilities := []string{"public", "public", "public", "unlisted", "private"}
	start := time.Now().Add(-seedStatuses * time.Second)
	for i := 0; i < seedStatuses; i++ {
		id := db.IDAt(start.Add(time.Duration(i) * time.Second))
		sid := store.FormatID(id)
		text := "Status number " + strconv.Itoa(i) + " says hello to the world, with a few more words to be realistic."
		_, err := stmt.ExecContext(tx.Context(), id, "http://"+host+"/users/u/statuses/"+sid, "http://"+host+"/@u/"+sid,
			ids[rng.IntN(len(ids))], rng.IntN(2), visibilities[rng.IntN(len(visibilities))], text, "<p>"+text+"</p>", store.IDTime(id).UnixMilli())
		if err != nil {
			return err
		}
	}
	return nil
}

// startRoost runs the binary until the test ends and returns its pid.
func startRoost(t *testing.T, bin, data, host string) int {
	t.Helper()
	logFile, err := os.Create(filepath.Join(filepath.Dir(data), "roost.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "ROOST_DATA="+data, "ROOST_LISTEN="+host, "ROOST_HOST="+host, "ROOST_PROTOCOL=http")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		logFile.Close()
		if keep := os.Getenv("LOAD_SERVER_LOG"); keep != "" {
			if b, err := os.ReadFile(logFile.Name()); err == nil {
				os.WriteFile(keep, b, 0o644)
			}
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + host + "/api/v1/instance"); err == nil {
			resp.Body.Close()
			return cmd.Process.Pid
		}
		time.Sleep(20 * time.Millisecond)
	}
	log, _ := os.ReadFile(logFile.Name())
	t.Fatalf("roost did not answer within 10 s:\n%s", log)
	return 0
}

type endpoint struct {
	name, method, path string
	form               bool // a status to post
}

type result struct {
	p50, p99, perRequest time.Duration
	perSecond            float64
}

// drive sends n requests over conns keep-alive connections after a short
// warm-up, and fails the test on any answer other than 200.
func drive(t *testing.T, base, token string, e endpoint, conns, n int) result {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
	defer client.CloseIdleConnections()
	var count sync.Mutex
	sent := 0
	next := func() bool {
		count.Lock()
		defer count.Unlock()
		sent++
		return sent <= n
	}
	one := func(i int) (time.Duration, error) {
		var body io.Reader
		if e.form {
			body = strings.NewReader("status=load+test+status+" + strconv.Itoa(i) + "+%23load&visibility=public")
		}
		req, err := http.NewRequest(e.method, base+e.path, body)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if e.form {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("%s %s: %d %s", e.method, e.path, resp.StatusCode, b)
		}
		if e.method == "GET" && !bytes.HasPrefix(b, []byte("[{")) {
			return 0, fmt.Errorf("%s %s: empty page", e.method, e.path)
		}
		return took, nil
	}
	for i := 0; i < 50; i++ {
		if _, err := one(i); err != nil {
			t.Fatal(err)
		}
	}
	latencies := make([][]time.Duration, conns)
	errs := make(chan error, conns)
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < conns; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; next(); i++ {
				took, err := one(c*1_000_000 + i)
				if err != nil {
					errs <- err
					return
				}
				latencies[c] = append(latencies[c], took)
			}
		}(c)
	}
	wg.Wait()
	wall := time.Since(start)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	all := slices.Concat(latencies...)
	slices.Sort(all)
	return result{p50: all[len(all)/2], p99: all[len(all)*99/100], perRequest: wall / time.Duration(len(all)),
		perSecond: float64(len(all)) / wall.Seconds()}
}

// statusKiB reads a kB field (VmRSS, VmHWM) of /proc/PID/status.
func statusKiB(t *testing.T, pid int, field string) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ":"))
		}
	}
	return "unknown CPU"
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
