package apub_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"roost/server/servertest"
)

var exampleHost = regexp.MustCompile(`https://[a-z0-9.-]+\.example`)

// FuzzInbox posts arbitrary bodies, validly signed by a known remote actor,
// to the inbox: whatever the body, the answer is never a 5xx and the server
// never panics (a recovered panic would be a 500).
func FuzzInbox(f *testing.F) {
	in := servertest.Start(f)
	in.CreateUser(f, "alice")
	r := newRemote(f)
	bob := r.addActor("Gargron", nil)
	files, _ := filepath.Glob("../../federation/ap/testdata/*/*.json")
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		// Every other server in the fixtures becomes the test remote, so
		// that what the inbox fetches answers at once (a 404) instead of
		// waiting on a name that does not resolve.
		raw = exampleHost.ReplaceAll(raw, []byte(r.URL()))
		f.Add([]byte(strings.ReplaceAll(string(raw), r.URL()+"/users/alice", in.URL+"/users/alice")))
	}
	f.Add([]byte(`{"type":"Create","actor":"` + bob + `","object":{"type":"Note","id":"` + bob + `/1","attributedTo":[[[]]]}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > 64<<10 {
			return
		}
		code := send(t, r.sign(t, in.URL+"/inbox", bob, body, "cavage"))
		if code >= http.StatusInternalServerError {
			t.Fatalf("status %d for %q", code, body)
		}
	})
}
