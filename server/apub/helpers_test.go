package apub_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"testing"
	"time"

	"roost/federation/httpsig"
	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// remoteActor is an account of another server, seeded straight into the
// store with the key it signs fetches with.
type remoteActor struct {
	*store.Account
	key *rsa.PrivateKey
}

// seedRemote stores a remote account whose inboxes are given (sharedInbox
// may be ""). An empty inbox is a closed loopback port, so that activities
// the test does not watch fail at once instead of leaving the machine.
func seedRemote(t *testing.T, in *servertest.Instance, username, domain, inbox, sharedInbox string) remoteActor {
	t.Helper()
	if inbox == "" {
		inbox = "http://127.0.0.1:9/users/" + username + "/inbox"
	}
	key, err := rsa.GenerateKey(rand.Reader, 1024) // small: test speed, not security
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	uri := "https://" + domain + "/users/" + username
	acct := &store.Account{
		ID: in.DB.NewID(), Username: username, Domain: domain, URI: uri, URL: "https://" + domain + "/@" + username,
		InboxURL: inbox, SharedInboxURL: sharedInbox, FollowersURL: uri + "/followers", PublicKeyID: uri + "#main-key",
		PublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})),
	}
	if err := in.DB.Write(context.Background(), func(tx *store.Tx) error { return tx.InsertAccount(acct) }); err != nil {
		t.Fatal(err)
	}
	return remoteActor{Account: acct, key: key}
}

// follow makes follower follow target, as an accepted remote Follow would.
func follow(t *testing.T, in *servertest.Instance, follower, target *store.Account) {
	t.Helper()
	err := in.DB.Write(context.Background(), func(tx *store.Tx) error {
		return tx.InsertFollow(&store.Follow{ID: in.DB.NewID(), AccountID: follower.ID, TargetAccountID: target.ID, CreatedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// post publishes a status through the same operation the API uses.
func post(t *testing.T, in *servertest.Instance, author *store.Account, text, visibility string) *store.Status {
	t.Helper()
	view, err := in.Actions().PostStatus(context.Background(), author, actions.PostStatusArgs{Text: text, Visibility: visibility})
	if err != nil {
		t.Fatal(err)
	}
	return view.Status
}

const activityJSON = "application/activity+json"

// fetch GETs url with accept, signed by signer when not nil, without
// following redirects.
func fetch(t *testing.T, url, accept string, signer *remoteActor) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if signer != nil {
		if err := httpsig.SignCavage(req, signer.PublicKeyID, signer.key, nil); err != nil {
			t.Fatal(err)
		}
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// fetchJSON GETs an ActivityStreams document and decodes it, failing unless 200.
func fetchJSON(t *testing.T, url string) map[string]any {
	t.Helper()
	resp, body := fetch(t, url, activityJSON, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("GET %s: %v: %s", url, err, body)
	}
	return doc
}
