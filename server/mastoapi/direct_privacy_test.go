package mastoapi_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestPrivateStatusesReachOnlyTheirAudience is the privacy matrix of
// direct and followers-only statuses: every path that shows statuses
// (the API's reads, lists and timelines, conversations, notifications,
// streaming, the web pages, RSS feeds and unsigned ActivityPub fetches) is
// read by every kind of viewer, and the secret text must reach exactly
// the status's audience. Signed fetches by a non-addressee and outgoing
// deliveries are covered by apub's TestSignedFetchPrivacy and
// TestDeliveryAudience.
func TestPrivateStatusesReachOnlyTheirAudience(t *testing.T) {
	w := newWorld(t, "alice", "bob", "carol", "dave")
	w.follow(t, "carol", "alice") // a follower, never mentioned
	w.follow(t, "bob", "alice")
	// Streams are opened first: they must stay silent.
	sockets := map[string]*socket{}
	for _, who := range []string{"carol", "dave"} {
		sockets[who] = w.dial(t, w.tokens[who], "")
		sockets[who].subscribe("subscribe", stream("user"), stream("public"), stream("public:local"), stream("direct"),
			stream("hashtag", "tag", "secrettag"), stream("user:notification"))
	}
	anonSocket := w.dial(t, "", "")
	anonSocket.subscribe("subscribe", stream("public"), stream("hashtag", "tag", "secrettag"))

	dm := w.post(t, "alice", map[string]any{"status": "@bob DIRECTSECRET #secrettag", "visibility": "direct"})
	dmReply := w.post(t, "bob", map[string]any{"status": "@alice DIRECTREPLY #secrettag", "visibility": "direct", "in_reply_to_id": dm})
	priv := w.post(t, "alice", map[string]any{"status": "FOLLOWERSECRET #secrettag", "visibility": "private"})
	// A public reply in the thread makes context lists non-empty.
	w.post(t, "alice", map[string]any{"status": "public follow-up", "in_reply_to_id": dm})
	marker := w.post(t, "alice", map[string]any{"status": "marker"})

	secrets := map[string]map[string]bool{ // secret -> who may read it
		"DIRECTSECRET":   {"alice": true, "bob": true},
		"DIRECTREPLY":    {"alice": true, "bob": true},
		"FOLLOWERSECRET": {"alice": true, "bob": true, "carol": true},
	}
	aliceID := w.ids["alice"]
	apiPaths := []string{
		"/api/v1/statuses/" + dm, "/api/v1/statuses/" + dmReply, "/api/v1/statuses/" + priv,
		"/api/v1/statuses/" + dm + "/context", "/api/v1/statuses/" + dmReply + "/context", "/api/v1/statuses/" + priv + "/context",
		"/api/v1/statuses/" + dm + "/history", "/api/v1/statuses/" + priv + "/history",
		"/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/timelines/public?local=true",
		"/api/v1/timelines/tag/secrettag", "/api/v1/accounts/" + aliceID + "/statuses",
		"/api/v1/accounts/" + w.ids["bob"] + "/statuses", "/api/v1/accounts/" + aliceID + "/statuses?tagged=secrettag",
		"/api/v1/conversations", "/api/v1/notifications", "/api/v2/notifications",
	}
	pages := []string{"/@alice", "/@alice/with_replies", "/@bob/with_replies", "/@alice/" + dm, "/@bob/" + dmReply,
		"/@alice/" + priv, "/tags/secrettag", "/public", "/public/local", "/@alice.rss", "/@bob.rss", "/tags/secrettag.rss",
		"/users/alice/statuses/" + dm, "/users/alice/statuses/" + dm + "/activity", "/users/alice/statuses/" + priv,
		"/users/alice/outbox?page=true", "/users/alice/collections/featured", "/@alice/tagged/secrettag"}

	for _, who := range []string{"alice", "bob", "carol", "dave", ""} {
		name := who
		if who == "" {
			name = "anonymous"
		}
		t.Run(name, func(t *testing.T) {
			for _, path := range apiPaths {
				r := w.call(t, who, "GET", path, nil)
				checkSecrets(t, name, path, string(r.body), secrets)
			}
			if who != "" {
				return
			}
			for _, path := range pages {
				for _, accept := range []string{"text/html", "application/activity+json"} {
					checkSecrets(t, name, path+" as "+accept, getPage(t, w.in.URL+path, accept), secrets)
				}
			}
		})
	}
	for who, ws := range sockets {
		for _, m := range ws.until(marker) {
			checkSecrets(t, who, "streaming "+m.Event, m.Payload, secrets)
		}
	}
	for _, m := range anonSocket.until(marker) {
		checkSecrets(t, "anonymous", "streaming "+m.Event, m.Payload, secrets)
	}
}

// checkSecrets fails when body shows a secret to someone outside its audience.
func checkSecrets(t *testing.T, who, where, body string, secrets map[string]map[string]bool) {
	t.Helper()
	for secret, audience := range secrets {
		if strings.Contains(body, secret) && !audience[who] {
			t.Errorf("%s sees %s through %s", who, secret, where)
		}
	}
}

func getPage(t *testing.T, u, accept string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept", accept)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestDirectStatusesShowToTheirAudience is the other half of the matrix:
// the addressee does get the direct status where it belongs.
func TestDirectStatusesShowToTheirAudience(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	w.follow(t, "bob", "alice") // else the default policy holds back an unsolicited private mention
	dm := w.post(t, "alice", map[string]any{"status": "@bob hello", "visibility": "direct"})
	w.call(t, "bob", "GET", "/api/v1/statuses/"+dm, nil).expect(t, 200)
	if !containsID(w.call(t, "bob", "GET", "/api/v1/timelines/home", nil).expect(t, 200).list(t), dm) &&
		len(w.call(t, "bob", "GET", "/api/v1/conversations", nil).expect(t, 200).list(t)) != 1 {
		t.Error("bob cannot find the direct status")
	}
	notes := w.call(t, "bob", "GET", "/api/v1/notifications", nil).expect(t, 200).list(t)
	if len(notes) != 1 || notes[0]["type"] != "mention" {
		t.Errorf("bob's notifications %v", notes)
	}
}
