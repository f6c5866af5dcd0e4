package apub_test

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"roost/federation/httpsig"
)

// remote is a stand-in for another fediverse server: an HTTP server on
// loopback that serves actor documents (built from the Mastodon fixture,
// with real RSA keys), posts and WebFinger, and signs what it posts.
type remote struct {
	t    testing.TB
	srv  *httptest.Server
	mu   sync.Mutex
	docs map[string][]byte          // by path
	keys map[string]*rsa.PrivateKey // by actor URI
}

func newRemote(t testing.TB) *remote {
	r := &remote{t: t, docs: map[string][]byte{}, keys: map[string]*rsa.PrivateKey{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serveHTTP))
	t.Cleanup(r.srv.Close)
	return r
}

// URL is the remote's origin, e.g. http://127.0.0.1:41234.
func (r *remote) URL() string { return r.srv.URL }

// Host is the remote's host:port.
func (r *remote) Host() string { return strings.TrimPrefix(r.srv.URL, "http://") }

func (r *remote) serveHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if req.URL.Path == "/.well-known/webfinger" {
		user, _, _ := strings.Cut(strings.TrimPrefix(req.URL.Query().Get("resource"), "acct:"), "@")
		if _, ok := r.docs["/users/"+user]; !ok {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Content-Type", "application/jrd+json")
		json.NewEncoder(w).Encode(map[string]any{"subject": req.URL.Query().Get("resource"), "links": []map[string]string{
			{"rel": "self", "type": "application/activity+json", "href": r.URL() + "/users/" + user}}})
		return
	}
	doc, ok := r.docs[req.URL.Path]
	if !ok {
		http.NotFound(w, req)
		return
	}
	w.Header().Set("Content-Type", "application/activity+json")
	w.Write(doc)
}

// serve publishes a document at path.
func (r *remote) serve(path string, doc []byte) {
	r.mu.Lock()
	r.docs[path] = doc
	r.mu.Unlock()
}

// keys is a pool of RSA keys generated once per test binary.
var keys = struct {
	once sync.Once
	mu   sync.Mutex
	pool []*rsa.PrivateKey
}{}

// newKey hands out RSA keys from a small pool generated once: generating
// 2048-bit keys is the slowest part of these tests on a small machine.
func newKey(t testing.TB) *rsa.PrivateKey {
	keys.once.Do(func() {
		for range 6 {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			keys.pool = append(keys.pool, k)
		}
	})
	keys.mu.Lock()
	defer keys.mu.Unlock()
	next := keys.pool[0]
	keys.pool = append(keys.pool[1:], next)
	return next
}

func publicPEM(k *rsa.PrivateKey) string {
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// fixture reads a payload from federation/ap/testdata with replacements
// (old, new pairs) applied, to point it at the test servers.
func fixture(t testing.TB, name string, replace ...string) []byte {
	t.Helper()
	raw, err := os.ReadFile("../../federation/ap/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.NewReplacer(replace...).Replace(string(raw)))
}

// addActor serves an actor named username, shaped like Mastodon's actor
// fixture, with a fresh key; edit may change the document. It returns the actor's id.
func (r *remote) addActor(username string, edit func(doc map[string]any)) string {
	r.t.Helper()
	raw := fixture(r.t, "mastodon/actor.json", "https://mastodon.example", r.URL(), "Gargron", username)
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		r.t.Fatal(err)
	}
	uri := r.URL() + "/users/" + username
	key := newKey(r.t)
	doc["publicKey"].(map[string]any)["publicKeyPem"] = publicPEM(key)
	delete(doc, "movedTo")
	doc["alsoKnownAs"] = []string{}
	doc["manuallyApprovesFollowers"] = false
	if edit != nil {
		edit(doc)
	}
	out, _ := json.Marshal(doc)
	r.serve("/users/"+username, out)
	r.mu.Lock()
	r.keys[uri] = key
	r.mu.Unlock()
	return uri
}

// rotateKey gives an actor a new key and serves it.
func (r *remote) rotateKey(uri string) {
	r.t.Helper()
	path := strings.TrimPrefix(uri, r.URL())
	key := newKey(r.t)
	r.mu.Lock()
	defer r.mu.Unlock()
	var doc map[string]any
	json.Unmarshal(r.docs[path], &doc)
	doc["publicKey"].(map[string]any)["publicKeyPem"] = publicPEM(key)
	r.docs[path], _ = json.Marshal(doc)
	r.keys[uri] = key
}

// signed builds an inbox POST signed by actor's key with scheme.
func (r *remote) signed(inbox, actor string, body []byte, scheme httpsig.Scheme) *http.Request {
	r.t.Helper()
	return r.sign(r.t, inbox, actor, body, scheme)
}

// sign is signed for a test other than the one that made the remote (a fuzz target).
func (r *remote) sign(t testing.TB, inbox, actor string, body []byte, scheme httpsig.Scheme) *http.Request {
	req, err := http.NewRequest(http.MethodPost, inbox, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/activity+json")
	r.mu.Lock()
	key := r.keys[actor]
	r.mu.Unlock()
	if err := httpsig.Sign(scheme, req, actor+"#main-key", key, body); err != nil {
		t.Fatal(err)
	}
	return req
}

// post delivers body to inbox signed by actor and returns the status code.
func (r *remote) post(inbox, actor string, body []byte) int {
	r.t.Helper()
	return send(r.t, r.signed(inbox, actor, body, httpsig.Cavage))
}

func send(t testing.TB, req *http.Request) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func ioNopCloser(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }

func mustUnmarshal(t testing.TB, raw []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

func mustMarshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
