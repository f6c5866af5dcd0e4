package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"roost/server/servertest"
)

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestInstanceEntity(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	resp, body := get(t, in.URL+"/api/v1/instance")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var inst struct {
		URI     string `json:"uri"`
		Title   string `json:"title"`
		Version string `json:"version"`
		Stats   struct {
			UserCount int `json:"user_count"`
		} `json:"stats"`
		URLs          map[string]string `json:"urls"`
		Registrations bool              `json:"registrations"`
		Configuration struct {
			Statuses map[string]int `json:"statuses"`
		} `json:"configuration"`
	}
	if err := json.Unmarshal([]byte(body), &inst); err != nil {
		t.Fatal(err)
	}
	if inst.URI != in.Host || inst.Stats.UserCount != 1 || !strings.HasPrefix(inst.Version, "4.3.0 (compatible; Roost ") ||
		inst.URLs["streaming_api"] != "ws://"+in.Host || inst.Configuration.Statuses["max_characters"] != 500 {
		t.Fatalf("instance entity: %s", body)
	}
}

func TestLandingPageAndStaticFiles(t *testing.T) {
	in := servertest.Start(t)
	resp, body := get(t, in.URL+"/")
	if resp.StatusCode != 200 || !strings.Contains(body, "Roost</h1>") {
		t.Fatalf("landing: %d %s", resp.StatusCode, body)
	}
	i := strings.Index(body, "/static/")
	href := body[i : i+strings.Index(body[i:], `"`)]
	resp, css := get(t, in.URL+href)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.Contains(css, "body") {
		t.Fatalf("static %s: %d %q", href, resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if resp, _ := get(t, in.URL+"/static/0000/nope.css"); resp.StatusCode != 404 {
		t.Fatalf("missing static file: %d", resp.StatusCode)
	}
}

func TestErrorsTakeTheCallersShape(t *testing.T) {
	in := servertest.Start(t)
	resp, body := get(t, in.URL+"/api/v1/no_such_method")
	if resp.StatusCode != 404 || !strings.Contains(body, `"error":`) {
		t.Fatalf("api 404: %d %s", resp.StatusCode, body)
	}
	resp, body = get(t, in.URL+"/no/such/page", "Accept", "text/html")
	if resp.StatusCode != 404 || !strings.Contains(body, "<html") {
		t.Fatalf("html 404: %d %s", resp.StatusCode, body)
	}
	resp, body = get(t, in.URL+"/api/v1/instance", "Authorization", "Bearer not-a-token")
	if resp.StatusCode != 401 || !strings.Contains(body, "The access token is invalid") {
		t.Fatalf("bad token: %d %s", resp.StatusCode, body)
	}
}

func TestTwoInstancesSideBySide(t *testing.T) {
	a := servertest.Start(t)
	b := servertest.Start(t, servertest.ListenIP("127.0.0.2"))
	if !strings.HasPrefix(b.Host, "127.0.0.2:") {
		t.Fatalf("second instance on %s", b.Host)
	}
	for _, in := range []*servertest.Instance{a, b} {
		if resp, _ := get(t, in.URL+"/api/v1/instance"); resp.StatusCode != 200 {
			t.Fatalf("%s: %d", in.URL, resp.StatusCode)
		}
	}
}

// TestShutdownLetsInFlightRequestsFinish starts a request, shuts the
// server down while its body is still arriving, and checks the request is
// answered and the data folder can be reopened.
func TestShutdownLetsInFlightRequestsFinish(t *testing.T) {
	in := servertest.Start(t)
	_, user := in.CreateUser(t, "alice")
	token := in.Token(t, user)
	body, writer := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, in.URL+"/api/v1/statuses", body)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	type result struct {
		code int
		err  error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- result{err: err}
			return
		}
		resp.Body.Close()
		got <- result{code: resp.StatusCode}
	}()
	writer.Write([]byte(`{"status": "still `))
	time.Sleep(200 * time.Millisecond) // the handler is now reading the body
	stopped := make(chan error, 1)
	go func() { stopped <- in.Stop() }()
	time.Sleep(200 * time.Millisecond) // shutdown has begun and waits for us
	writer.Write([]byte(`arriving"}`))
	writer.Close()
	r := <-got
	if r.err != nil || r.code != http.StatusOK {
		t.Fatalf("in-flight request: %d %v", r.code, r.err)
	}
	if err := <-stopped; err != nil {
		t.Fatalf("stop: %v", err)
	}
	again := servertest.Start(t, servertest.DataDir(in.Config.Data))
	if n, err := again.DB.LocalStatusCount(context.Background()); err != nil || n != 1 {
		t.Fatalf("after restart: %d statuses, %v", n, err)
	}
}
