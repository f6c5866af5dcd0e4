//go:build load

package load

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"roost/server/servertest"
)

// BenchmarkOverHTTP runs the three budget endpoints against an in-process
// server on the seeded database, one request at a time, so that a profile
// shows where a request's time goes:
//
//	go test -tags load -run XXX -bench OverHTTP -cpuprofile cpu.out ./tests/load
func BenchmarkOverHTTP(b *testing.B) {
	in := servertest.Start(b)
	token := fill(b, in.DB, in.Host)
	for _, e := range []struct{ name, method, path, body string }{
		{"home", "GET", "/api/v1/timelines/home?limit=40", ""},
		{"public_local", "GET", "/api/v1/timelines/public?local=true", ""},
		{"search_statuses", "GET", "/api/v2/search?q=number+4242&type=statuses", ""},
		{"search_accounts", "GET", "/api/v2/search?q=user12&type=accounts", ""},
		{"post", "POST", "/api/v1/statuses", "status=load+test+%23load"},
		// The timeline again, now topped by the viewer's own posts.
		{"public_local_own", "GET", "/api/v1/timelines/public?local=true", ""},
	} {
		b.Run(e.name, func(b *testing.B) {
			for b.Loop() {
				req, _ := http.NewRequest(e.method, in.URL+e.path, strings.NewReader(e.body))
				req.Header.Set("Authorization", "Bearer "+token)
				if e.body != "" {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%s: %d", e.path, resp.StatusCode)
				}
			}
		})
	}
}
