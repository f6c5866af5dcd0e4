package mastoapi_test

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/hkdf"

	"roost/server"
	"roost/server/servertest"
	"roost/store"
)

// pushClient is a browser's side of a push subscription: its keys and an
// endpoint on loopback that records what the push "service" receives.
type pushClient struct {
	key      *ecdh.PrivateKey
	auth     []byte
	server   *httptest.Server
	received chan pushMessage
	status   atomic.Int32 // what the endpoint answers
}

type pushMessage struct {
	header http.Header
	body   []byte
}

func newPushClient(t *testing.T) *pushClient {
	t.Helper()
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pc := &pushClient{key: key, auth: make([]byte, 16), received: make(chan pushMessage, 16)}
	rand.Read(pc.auth)
	pc.status.Store(http.StatusCreated)
	pc.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		pc.received <- pushMessage{header: r.Header.Clone(), body: body}
		w.WriteHeader(int(pc.status.Load()))
	}))
	t.Cleanup(pc.server.Close)
	return pc
}

func (pc *pushClient) subscription(alerts map[string]bool, policy string) map[string]any {
	b64 := base64.RawURLEncoding.EncodeToString
	return map[string]any{
		"subscription": map[string]any{"endpoint": pc.server.URL + "/push/1",
			"keys": map[string]string{"p256dh": b64(pc.key.PublicKey().Bytes()), "auth": b64(pc.auth)}},
		"data": map[string]any{"alerts": alerts, "policy": policy},
	}
}

func (pc *pushClient) next(t *testing.T) pushMessage {
	t.Helper()
	select {
	case m := <-pc.received:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no push message arrived")
	}
	return pushMessage{}
}

// decrypt undoes RFC 8291 (Message Encryption for Web Push) over RFC 8188's
// aes128gcm content coding, as a browser does.
func (pc *pushClient) decrypt(t *testing.T, body []byte) []byte {
	t.Helper()
	if len(body) < 21 {
		t.Fatalf("body of %d bytes is too short", len(body))
	}
	salt, idlen := body[:16], int(body[20])
	_ = binary.BigEndian.Uint32(body[16:20]) // record size: one record here
	serverPublic, ciphertext := body[21:21+idlen], body[21+idlen:]
	asKey, err := ecdh.P256().NewPublicKey(serverPublic)
	if err != nil {
		t.Fatalf("server key: %v", err)
	}
	secret, err := pc.key.ECDH(asKey)
	if err != nil {
		t.Fatal(err)
	}
	expand := func(prk, info []byte, n int) []byte {
		out := make([]byte, n)
		if _, err := io.ReadFull(hkdf.Expand(sha256.New, prk, info), out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	keyInfo := append(append([]byte("WebPush: info\x00"), pc.key.PublicKey().Bytes()...), serverPublic...)
	ikm := expand(hkdf.Extract(sha256.New, secret, pc.auth), keyInfo, 32)
	prk := hkdf.Extract(sha256.New, ikm, salt)
	cek := expand(prk, []byte("Content-Encoding: aes128gcm\x00"), 16)
	nonce := expand(prk, []byte("Content-Encoding: nonce\x00"), 12)
	block, _ := aes.NewCipher(cek)
	gcm, _ := cipher.NewGCM(block)
	plain, err := gcm.Open(nil, nonce, ciphertext, nil)
	if err != nil {
		t.Fatalf("decrypt: %v", err)
	}
	plain = bytes.TrimRight(plain, "\x00")
	if len(plain) == 0 || plain[len(plain)-1] != 2 {
		t.Fatal("missing the last-record delimiter")
	}
	return plain[:len(plain)-1]
}

func TestWebPushDelivered(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	pc := newPushClient(t)
	sub := w.call(t, "bob", "POST", "/api/v1/push/subscription", pc.subscription(map[string]bool{"favourite": true}, "all")).
		expect(t, 200).object(t)
	serverKey, _ := sub["server_key"].(string)
	inst := w.call(t, "", "GET", "/api/v2/instance", nil).expect(t, 200).object(t)
	vapid := inst["configuration"].(map[string]any)["vapid"].(map[string]any)["public_key"]
	if serverKey == "" || vapid != serverKey || sub["policy"] != "all" || sub["alerts"].(map[string]any)["favourite"] != true {
		t.Fatalf("subscription %v, instance vapid %v", sub, vapid)
	}
	app := w.call(t, "", "POST", "/api/v1/apps", map[string]any{"client_name": "x", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"}).
		expect(t, 200).object(t)
	if app["vapid_key"] != serverKey {
		t.Errorf("app vapid_key = %v, want %s", app["vapid_key"], serverKey)
	}

	id := w.post(t, "bob", map[string]any{"status": "push me <3"})
	w.call(t, "alice", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 200)
	m := pc.next(t)
	if m.header.Get("Content-Encoding") != "aes128gcm" || m.header.Get("TTL") == "" ||
		!strings.HasPrefix(m.header.Get("Authorization"), "vapid t=") || !strings.Contains(m.header.Get("Authorization"), "k="+serverKey) {
		t.Errorf("headers = %v", m.header)
	}
	var payload map[string]string
	if err := json.Unmarshal(pc.decrypt(t, m.body), &payload); err != nil {
		t.Fatal(err)
	}
	notes := w.call(t, "bob", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t)
	want := map[string]string{"access_token": w.tokens["bob"], "notification_type": "favourite", "preferred_locale": "en",
		"notification_id": notes[0]["id"].(string), "title": "alice favourited your post", "body": "push me <3"}
	for k, v := range want {
		if payload[k] != v {
			t.Errorf("payload[%s] = %q, want %q", k, payload[k], v)
		}
	}
	if !strings.HasPrefix(payload["icon"], "http") {
		t.Errorf("icon = %q", payload["icon"])
	}

	// A push service that forgot the subscription (410) ends it.
	pc.status.Store(http.StatusGone)
	w.call(t, "alice", "POST", "/api/v1/accounts/"+w.ids["bob"]+"/follow", nil)
	w.call(t, "alice", "POST", "/api/v1/statuses/"+id+"/unfavourite", nil).expect(t, 200)
	w.call(t, "alice", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 200)
	pc.next(t)
	waitFor(t, "a 410 to end the subscription", func() bool {
		return w.call(t, "bob", "GET", "/api/v1/push/subscription", nil).code == 404
	})
}

// TestWebPushAlertsAndPolicy checks which subscriptions a notification is
// queued for: one token per case, all of bob's, against an endpoint that
// fails so that every queued message stays in the queue to be counted.
func TestWebPushAlertsAndPolicy(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	w.follow(t, "alice", "bob") // alice follows bob; bob does not follow alice
	pc := newPushClient(t)
	pc.status.Store(http.StatusServiceUnavailable)
	cases := []struct {
		name   string
		alerts map[string]bool
		policy string
		queued bool
	}{
		{"all", map[string]bool{"favourite": true}, "all", true},
		{"followed: bob does not follow alice", map[string]bool{"favourite": true}, "followed", false},
		{"follower: alice follows bob", map[string]bool{"favourite": true}, "follower", true},
		{"none", map[string]bool{"favourite": true}, "none", false},
		{"alert off", map[string]bool{"mention": true, "favourite": false}, "all", false},
	}
	bobID, _ := store.ParseID(w.ids["bob"])
	bob, err := w.in.DB.UserByAccount(context.Background(), bobID)
	if err != nil {
		t.Fatal(err)
	}
	subs := map[string]string{}
	for _, tc := range cases {
		token := w.in.Token(t, bob, "push")
		sub := w.callToken(t, token, "POST", "/api/v1/push/subscription", pc.subscription(tc.alerts, tc.policy), nil).expect(t, 200).object(t)
		subs[sub["id"].(string)] = tc.name
	}
	id := w.post(t, "bob", map[string]any{"status": "count me"})
	w.call(t, "alice", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 200)
	rows, err := w.in.DB.R().QueryContext(context.Background(), "SELECT push_subscription_id FROM deliveries WHERE kind = 'webpush'")
	if err != nil {
		t.Fatal(err)
	}
	queued := map[string]bool{}
	for rows.Next() {
		var sid store.ID
		rows.Scan(&sid)
		queued[subs[store.FormatID(sid)]] = true
	}
	rows.Close()
	for _, tc := range cases {
		if queued[tc.name] != tc.queued {
			t.Errorf("%s: queued = %v, want %v", tc.name, queued[tc.name], tc.queued)
		}
	}
}

func TestWebPushSubscriptionAPI(t *testing.T) {
	w := newWorld(t, "bob")
	w.addUser(t, "reader", "read")
	pc := newPushClient(t)
	w.call(t, "bob", "GET", "/api/v1/push/subscription", nil).expect(t, 404)
	w.call(t, "reader", "POST", "/api/v1/push/subscription", pc.subscription(nil, "all")).expect(t, 403)
	bad := pc.subscription(nil, "all")
	bad["subscription"].(map[string]any)["keys"] = map[string]string{"p256dh": "nope", "auth": "nope"}
	w.call(t, "bob", "POST", "/api/v1/push/subscription", bad).expect(t, 422)
	w.call(t, "bob", "POST", "/api/v1/push/subscription", pc.subscription(nil, "sometimes")).expect(t, 422)

	// Form parameters, as Mastodon.py sends them.
	form := map[string][]string{
		"subscription[endpoint]":       {pc.server.URL + "/push/form"},
		"subscription[keys][p256dh]":   {base64.RawURLEncoding.EncodeToString(pc.key.PublicKey().Bytes())},
		"subscription[keys][auth]":     {base64.RawURLEncoding.EncodeToString(pc.auth)},
		"data[alerts][mention]":        {"true"},
		"data[alerts][follow_request]": {"1"},
		"policy":                       {"followed"}, // Mastodon.py puts it beside data[]
	}
	created := w.call(t, "bob", "POST", "/api/v1/push/subscription", url.Values(form)).expect(t, 200).object(t)
	alerts := created["alerts"].(map[string]any)
	if created["endpoint"] != pc.server.URL+"/push/form" || alerts["mention"] != true || alerts["follow_request"] != true ||
		alerts["favourite"] != false || created["policy"] != "followed" {
		t.Fatalf("created = %v", created)
	}
	updated := w.call(t, "bob", "PUT", "/api/v1/push/subscription", map[string]any{"data": map[string]any{
		"alerts": map[string]bool{"favourite": true}, "policy": "none"}}).expect(t, 200).object(t)
	if updated["id"] != created["id"] || updated["alerts"].(map[string]any)["favourite"] != true || updated["policy"] != "none" {
		t.Fatalf("updated = %v", updated)
	}
	got := w.call(t, "bob", "GET", "/api/v1/push/subscription", nil).expect(t, 200).object(t)
	if got["policy"] != "none" || got["server_key"] == "" {
		t.Fatalf("got = %v", got)
	}
	w.call(t, "bob", "DELETE", "/api/v1/push/subscription", nil).expect(t, 200)
	w.call(t, "bob", "GET", "/api/v1/push/subscription", nil).expect(t, 404)
	w.call(t, "bob", "PUT", "/api/v1/push/subscription", map[string]any{}).expect(t, 404)
}

// An endpoint on a private address is refused when federation may not
// reach private addresses: the message is dropped, never sent.
func TestWebPushRefusesPrivateEndpoints(t *testing.T) {
	in := servertest.Start(t, servertest.WithConfig(func(c *server.Config) { c.Federation.AllowPrivate = false }))
	w := &world{in: in, tokens: map[string]string{}, ids: map[string]string{}}
	w.addUser(t, "alice")
	w.addUser(t, "bob")
	pc := newPushClient(t)
	w.call(t, "bob", "POST", "/api/v1/push/subscription", pc.subscription(map[string]bool{"favourite": true}, "all")).expect(t, 200)
	id := w.post(t, "bob", map[string]any{"status": "private network"})
	w.call(t, "alice", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 200)
	waitFor(t, "the refused message to leave the queue", func() bool { return webPushRows(t, w) == 0 })
	select {
	case <-pc.received:
		t.Fatal("a push reached a loopback endpoint")
	default:
	}
}

// A failing push service keeps the message queued for a later attempt.
func TestWebPushRetries(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	pc := newPushClient(t)
	pc.status.Store(http.StatusServiceUnavailable)
	w.call(t, "bob", "POST", "/api/v1/push/subscription", pc.subscription(map[string]bool{"favourite": true}, "all")).expect(t, 200)
	id := w.post(t, "bob", map[string]any{"status": "retry me"})
	w.call(t, "alice", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 200)
	pc.next(t)
	var attempts int
	var next int64
	waitFor(t, "the failure to be recorded", func() bool {
		err := w.in.DB.R().QueryRowContext(context.Background(),
			"SELECT attempts, next_at FROM deliveries WHERE kind = 'webpush'").Scan(&attempts, &next)
		return err == nil && attempts == 1
	})
	if wait := time.Until(time.UnixMilli(next)); wait < 30*time.Second {
		t.Errorf("next attempt in %v, want the backoff schedule's first step", wait)
	}
}

func webPushRows(t *testing.T, w *world) int {
	var n int
	if err := w.in.DB.R().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM deliveries WHERE kind = 'webpush'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
