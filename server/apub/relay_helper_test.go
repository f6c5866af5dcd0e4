package apub_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"roost/federation/ap"
	"roost/federation/httpsig"
)

// testRelay is a small ActivityPub relay: a real actor with a keypair and
// an inbox that checks signatures, answers a Follow with a signed Accept
// (or Reject), and passes each Create it receives on to its other
// subscribers: forwarded as it came (Mastodon style) or as an Announce of
// the object's id (LitePub style).
type testRelay struct {
	t       *testing.T
	srv     *httptest.Server
	key     *rsa.PrivateKey
	litepub bool
	reject  bool

	mu          sync.Mutex
	subscribers map[string]string // follower actor -> inbox
	received    []string          // every body posted to the inbox
	undone      []string          // actors that sent Undo(Follow)
	sent        int
}

// startRelay runs a relay on ip (a loopback address) until the test ends.
func startRelay(t *testing.T, ip string, litepub, reject bool) *testRelay {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 1024) // small: test speed, not security
	if err != nil {
		t.Fatal(err)
	}
	r := &testRelay{t: t, key: key, litepub: litepub, reject: reject, subscribers: map[string]string{}}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	r.srv = httptest.NewUnstartedServer(http.HandlerFunc(r.serve))
	r.srv.Listener = ln
	r.srv.Start()
	t.Cleanup(r.srv.Close)
	return r
}

func (r *testRelay) actor() string { return r.srv.URL + "/actor" }
func (r *testRelay) inbox() string { return r.srv.URL + "/inbox" }

func (r *testRelay) serve(w http.ResponseWriter, req *http.Request) {
	switch {
	case req.Method == http.MethodGet && req.URL.Path == "/actor":
		der, _ := x509.MarshalPKIXPublicKey(&r.key.PublicKey)
		w.Header().Set("Content-Type", activityJSON)
		json.NewEncoder(w).Encode(map[string]any{
			"@context": []string{"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"},
			"id":       r.actor(), "type": "Application", "preferredUsername": "relay",
			"inbox": r.inbox(), "followers": r.srv.URL + "/followers",
			"publicKey": map[string]string{"id": r.actor() + "#main-key", "owner": r.actor(),
				"publicKeyPem": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))},
		})
	case req.Method == http.MethodPost && req.URL.Path == "/inbox":
		body, _ := io.ReadAll(req.Body)
		signer, err := (&httpsig.Verifier{PublicScheme: "http"}).VerifyRequest(req, body, lookupKey)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		if err := r.receive(signer.Owner, body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	default:
		http.NotFound(w, req)
	}
}

// receive handles one signed activity from signer.
func (r *testRelay) receive(signer string, body []byte) error {
	r.mu.Lock()
	r.received = append(r.received, string(body))
	r.mu.Unlock()
	var act struct {
		ID     string          `json:"id"`
		Type   string          `json:"type"`
		Actor  string          `json:"actor"`
		Object json.RawMessage `json:"object"`
	}
	if err := json.Unmarshal(body, &act); err != nil || act.Actor != signer {
		return fmt.Errorf("not %s's activity: %v", signer, err)
	}
	switch act.Type {
	case "Follow":
		return r.answerFollow(act.Actor, body)
	case "Undo":
		r.mu.Lock()
		defer r.mu.Unlock()
		delete(r.subscribers, act.Actor)
		r.undone = append(r.undone, act.Actor)
	case "Create", "Update", "Delete":
		var obj struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(act.Object, &obj) != nil || obj.ID == "" {
			return fmt.Errorf("%s without an object id", act.Type)
		}
		// LitePub relays announce new posts; Mastodon-style ones forward
		// edits and deletions as well.
		if act.Type == "Create" || !r.litepub {
			r.fanOut(act.Actor, body, obj.ID)
		}
	}
	return nil
}

// answerFollow records the subscriber and answers with a signed Accept,
// or Reject, embedding the Follow.
func (r *testRelay) answerFollow(follower string, follow []byte) error {
	actor, err := fetchActor(follower)
	if err != nil {
		return err
	}
	inbox := actor.SharedInbox
	if inbox == "" {
		inbox = actor.Inbox
	}
	answer := "Accept"
	if r.reject {
		answer = "Reject"
	} else {
		r.mu.Lock()
		r.subscribers[follower] = inbox
		r.mu.Unlock()
	}
	err = r.send(inbox, map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
		"id": r.nextID(), "type": answer, "actor": r.actor(), "object": json.RawMessage(follow)})
	if err != nil || !r.litepub || r.reject {
		return err
	}
	// A LitePub relay follows its subscriber back, to receive its posts.
	return r.send(inbox, map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
		"id": r.srv.URL + "/follow-back/" + url.PathEscape(follower), "type": "Follow", "actor": r.actor(), "object": follower})
}

// followedBack reports whether follower accepted the relay's follow-back.
func (r *testRelay) followedBack(follower string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range r.received {
		if strings.Contains(b, `"type":"Accept"`) && strings.Contains(b, r.srv.URL+"/follow-back/"+url.PathEscape(follower)) {
			return true
		}
	}
	return false
}

// fanOut passes a Create on to every subscriber but its sender's server.
func (r *testRelay) fanOut(sender string, create []byte, objectID string) {
	r.mu.Lock()
	inboxes := make([]string, 0, len(r.subscribers))
	for _, inbox := range r.subscribers {
		if !ap.SameOrigin(inbox, sender) {
			inboxes = append(inboxes, inbox)
		}
	}
	r.mu.Unlock()
	for _, inbox := range inboxes {
		var err error
		if r.litepub {
			err = r.send(inbox, map[string]any{"@context": "https://www.w3.org/ns/activitystreams",
				"id": r.nextID(), "type": "Announce", "actor": r.actor(), "object": objectID,
				"to": []string{r.srv.URL + "/followers"}, "cc": []string{ap.Public}})
		} else {
			err = r.post(inbox, create)
		}
		if err != nil {
			r.t.Errorf("relay to %s: %v", inbox, err)
		}
	}
}

func (r *testRelay) nextID() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent++
	return fmt.Sprintf("%s/activities/%d", r.srv.URL, r.sent)
}

func (r *testRelay) send(inbox string, doc any) error {
	body, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	return r.post(inbox, body)
}

// post delivers body to inbox, signed by the relay.
func (r *testRelay) post(inbox string, body []byte) error {
	req, err := http.NewRequest(http.MethodPost, inbox, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", activityJSON)
	if err := httpsig.SignCavage(req, r.actor()+"#main-key", r.key, body); err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%d %s", resp.StatusCode, msg)
	}
	return nil
}

// got reports whether any body the relay received contains s.
func (r *testRelay) got(s string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range r.received {
		if strings.Contains(b, s) {
			return true
		}
	}
	return false
}

func (r *testRelay) subscribed(actor string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.subscribers[actor]
	return ok
}

func (r *testRelay) undoneBy(actor string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, a := range r.undone {
		if a == actor {
			return true
		}
	}
	return false
}

// fetchActor GETs an actor document, unsigned.
func fetchActor(uri string) (*ap.Actor, error) {
	req, err := http.NewRequest(http.MethodGet, uri, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", activityJSON)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return ap.ParseActor(body)
}

// lookupKey finds a signature's key on the signer's actor document.
func lookupKey(_ context.Context, keyID string) (*rsa.PublicKey, string, error) {
	u, err := url.Parse(keyID)
	if err != nil {
		return nil, "", err
	}
	u.Fragment = ""
	actor, err := fetchActor(u.String())
	if err != nil {
		return nil, "", err
	}
	block, _ := pem.Decode([]byte(actor.PublicKey.PEM))
	if block == nil {
		return nil, "", errors.New("no key")
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, "", err
	}
	rsaKey, ok := key.(*rsa.PublicKey)
	if !ok {
		return nil, "", errors.New("not an RSA key")
	}
	return rsaKey, actor.ID, nil
}
