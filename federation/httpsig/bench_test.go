package httpsig

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"
)

// BenchmarkVerify is the inbox side's crypto cost: one op verifies one
// signed POST (digest, parse, RSA-2048 verify); ms/1000 is the cost of a
// thousand incoming activities.
func BenchmarkVerify(b *testing.B) {
	key := newKey(b)
	lookup := lookupFor(key)
	body := []byte(`{"@context":"https://www.w3.org/ns/activitystreams","type":"Create","object":{"type":"Note","content":"` + strings.Repeat("x", 1000) + `"}}`)
	for _, scheme := range []Scheme{Cavage, RFC9421} {
		b.Run(string(scheme), func(b *testing.B) {
			out, _ := http.NewRequest(http.MethodPost, "https://roost.example/users/bob/inbox", bytes.NewReader(body))
			if err := Sign(scheme, out, testKeyID, key, body); err != nil {
				b.Fatal(err)
			}
			// The same request as a server sees it: relative URL, Host outside the headers.
			in, _ := http.NewRequest(http.MethodPost, "/users/bob/inbox", nil)
			in.Host = "roost.example"
			in.Header = out.Header.Clone()
			in.Header.Del("Host")
			v := &Verifier{}
			start := time.Now()
			for b.Loop() {
				if _, err := v.VerifyRequest(in, body, lookup); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(time.Since(start).Milliseconds())*1000/float64(b.N), "ms/1000")
		})
	}
}
