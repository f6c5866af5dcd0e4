package httpsig

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	gofed "github.com/go-fed/httpsig"
)

const testKeyID = "https://sender.example/users/alice#main-key"

func newKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func lookupFor(key *rsa.PrivateKey) KeyLookup {
	return func(_ context.Context, keyID string) (*rsa.PublicKey, string, error) {
		if keyID != testKeyID {
			return nil, "", errors.New("unknown key")
		}
		return &key.PublicKey, "https://sender.example/users/alice", nil
	}
}

type verified struct {
	res Result
	err error
}

// inbox is a real HTTP server that verifies every request it receives.
func inbox(t *testing.T, v *Verifier, lookup KeyLookup) (string, <-chan verified) {
	t.Helper()
	results := make(chan verified, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		res, err := v.VerifyRequest(r, body, lookup)
		results <- verified{res, err}
	}))
	t.Cleanup(srv.Close)
	return srv.URL, results
}

func send(t *testing.T, req *http.Request, results <-chan verified) (Result, error) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := <-results
	return got.res, got.err
}

func TestRoundTrip(t *testing.T) {
	key := newKey(t)
	url, results := inbox(t, &Verifier{PublicScheme: "http"}, lookupFor(key))
	body := []byte(`{"type":"Create"}`)
	tests := []struct {
		name   string
		scheme Scheme
		method string
		body   []byte
	}{
		{"cavage POST", Cavage, http.MethodPost, body},
		{"cavage GET", Cavage, http.MethodGet, nil},
		{"rfc9421 POST", RFC9421, http.MethodPost, body},
		{"rfc9421 GET", RFC9421, http.MethodGet, nil},
		{"rfc9421 query string", RFC9421, http.MethodGet, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := url + "/users/bob/inbox"
			if strings.Contains(tt.name, "query") {
				target += "?page=true&min_id=5"
			}
			req, _ := http.NewRequest(tt.method, target, bytes.NewReader(tt.body))
			req.Header.Set("Accept", "application/activity+json")
			if err := Sign(tt.scheme, req, testKeyID, key, tt.body); err != nil {
				t.Fatal(err)
			}
			res, err := send(t, req, results)
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if res.Scheme != tt.scheme || res.KeyID != testKeyID || res.Owner != "https://sender.example/users/alice" {
				t.Errorf("result = %+v", res)
			}
		})
	}
}

func TestMastodonHeaders(t *testing.T) {
	key := newKey(t)
	body := []byte(`{}`)
	req, _ := http.NewRequest(http.MethodPost, "https://remote.example/inbox", bytes.NewReader(body))
	if err := SignCavage(req, testKeyID, key, body); err != nil {
		t.Fatal(err)
	}
	sig := req.Header.Get("Signature")
	for _, want := range []string{`keyId="` + testKeyID + `"`, `algorithm="rsa-sha256"`, `headers="(request-target) host date digest"`} {
		if !strings.Contains(sig, want) {
			t.Errorf("Signature %q lacks %s", sig, want)
		}
	}
	if got := req.Header.Get("Digest"); got != "SHA-256=RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=" {
		t.Errorf("Digest = %q", got)
	}

	req, _ = http.NewRequest(http.MethodPost, "https://remote.example/inbox", bytes.NewReader(body))
	if err := SignRFC9421(req, testKeyID, key, body); err != nil {
		t.Fatal(err)
	}
	input := req.Header.Get("Signature-Input")
	for _, want := range []string{`sig1=("@method" "@target-uri" "content-digest");created=`, `;keyid="` + testKeyID + `"`, `;alg="rsa-v1_5-sha256"`} {
		if !strings.Contains(input, want) {
			t.Errorf("Signature-Input %q lacks %s", input, want)
		}
	}
	if got := req.Header.Get("Content-Digest"); got != "sha-256=:RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=:" {
		t.Errorf("Content-Digest = %q", got)
	}
}

func TestVerifyRefuses(t *testing.T) {
	key, other := newKey(t), newKey(t)
	body := []byte(`{"type":"Follow"}`)
	later := func() time.Time { return time.Now().Add(13 * time.Hour) }
	tests := []struct {
		name     string
		scheme   Scheme
		verifier Verifier
		lookup   KeyLookup
		prepare  func(req *http.Request)               // before signing
		tamper   func(req *http.Request) *http.Request // after signing
		want     error
	}{
		{name: "unsigned", scheme: "", want: ErrNoSignature},
		{name: "cavage body changed", scheme: Cavage, tamper: replaceBody(`{"type":"Delete"}`), want: ErrDigest},
		{name: "rfc9421 body changed", scheme: RFC9421, tamper: replaceBody(`{"type":"Delete"}`), want: ErrDigest},
		{name: "cavage date too old", scheme: Cavage, verifier: Verifier{Now: later}, want: ErrClock},
		{name: "rfc9421 created too old", scheme: RFC9421, verifier: Verifier{Now: later}, want: ErrClock},
		{name: "cavage wrong key", scheme: Cavage, lookup: lookupFor(other), want: ErrBadSignature},
		{name: "rfc9421 wrong key", scheme: RFC9421, lookup: lookupFor(other), want: ErrBadSignature},
		{name: "cavage header changed", scheme: Cavage, tamper: setHeader("Date", time.Now().Add(time.Minute).UTC().Format(http.TimeFormat)), want: ErrBadSignature},
		{name: "rfc9421 wrong target", scheme: RFC9421, verifier: Verifier{PublicScheme: "https"}, want: ErrBadSignature},
		{name: "cavage digest not signed", scheme: Cavage, tamper: setHeader("Signature", `keyId="`+testKeyID+`",headers="(request-target) host date",signature="AAAA"`), want: ErrPolicy},
		{name: "cavage unknown algorithm", scheme: Cavage, tamper: setHeader("Signature", `keyId="`+testKeyID+`",algorithm="hmac-sha256",headers="(request-target) host date digest",signature="AAAA"`), want: ErrPolicy},
		{name: "rfc9421 without created", scheme: RFC9421, tamper: setHeader("Signature-Input", `sig1=("@method" "@target-uri" "content-digest");keyid="`+testKeyID+`"`), want: ErrPolicy},
		{name: "rfc9421 without target", scheme: RFC9421, tamper: setHeader("Signature-Input", `sig1=("@method" "content-digest");created=1;keyid="`+testKeyID+`"`), want: ErrPolicy},
		{name: "rfc9421 unknown key", scheme: RFC9421, tamper: setHeader("Signature-Input", `sig1=("@method" "@target-uri" "content-digest");created=`+itoa(time.Now().Unix())+`;keyid="https://x.example/k"`), want: ErrKeyLookup},
		{name: "rfc9421 garbage", scheme: RFC9421, tamper: setHeader("Signature-Input", `sig1=(`), want: ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.verifier
			if v.PublicScheme == "" {
				v.PublicScheme = "http"
			}
			lookup := tt.lookup
			if lookup == nil {
				lookup = lookupFor(key)
			}
			url, results := inbox(t, &v, lookup)
			req, _ := http.NewRequest(http.MethodPost, url+"/inbox", bytes.NewReader(body))
			if tt.scheme != "" {
				if err := Sign(tt.scheme, req, testKeyID, key, body); err != nil {
					t.Fatal(err)
				}
			}
			if tt.tamper != nil {
				req = tt.tamper(req)
			}
			_, err := send(t, req, results)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if KeyMayBeStale(err) != errors.Is(tt.want, ErrBadSignature) {
				t.Errorf("KeyMayBeStale(%v) = %v", err, KeyMayBeStale(err))
			}
		})
	}
}

func replaceBody(s string) func(*http.Request) *http.Request {
	return func(req *http.Request) *http.Request {
		req.Body = io.NopCloser(strings.NewReader(s))
		req.ContentLength = int64(len(s))
		return req
	}
}

func setHeader(name, value string) func(*http.Request) *http.Request {
	return func(req *http.Request) *http.Request {
		req.Header.Set(name, value)
		return req
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestCavageCreated accepts an hs2019 signature that signs (created)
// instead of the Date header, as some servers send and Mastodon accepts.
func TestCavageCreated(t *testing.T) {
	key := newKey(t)
	url, results := inbox(t, &Verifier{PublicScheme: "http"}, lookupFor(key))
	body := []byte(`{"type":"Like"}`)
	tests := []struct {
		name    string
		headers []string
		want    error
	}{
		{"created", []string{gofed.RequestTarget, "host", "(created)", "digest"}, nil},
		{"neither date nor created", []string{gofed.RequestTarget, "host", "digest"}, ErrPolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, url+"/inbox", bytes.NewReader(body))
			req.Header.Set("Host", req.URL.Host)
			signer, _, err := gofed.NewSigner([]gofed.Algorithm{gofed.RSA_SHA256}, gofed.DigestSha256, tt.headers, gofed.Signature, 300)
			if err != nil {
				t.Fatal(err)
			}
			if err := signer.SignRequest(key, testKeyID, req, body); err != nil {
				t.Fatal(err)
			}
			if _, err := send(t, req, results); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}
