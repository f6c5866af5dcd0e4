package mastoapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"roost/store"
)

// socket is a test client of /api/v1/streaming.
type socket struct {
	t    *testing.T
	conn *websocket.Conn
}

// streamMessage is one event as a client receives it.
type streamMessage struct {
	Stream  []string `json:"stream"`
	Event   string   `json:"event"`
	Payload string   `json:"payload"`
	Error   string   `json:"error"`
	Status  int      `json:"status"`
}

// object decodes the payload of an update, notification or conversation.
func (m streamMessage) object(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(m.Payload), &v); err != nil {
		t.Fatalf("payload %q: %v", m.Payload, err)
	}
	return v
}

// statusID is the status an update, status.update, delete or conversation is about.
func (m streamMessage) statusID(t *testing.T) string {
	switch m.Event {
	case "delete":
		return m.Payload
	case "update", "status.update":
		return m.object(t)["id"].(string)
	case "conversation":
		return m.object(t)["last_status"].(map[string]any)["id"].(string)
	}
	return ""
}

func (w *world) dial(t *testing.T, token, query string) *socket {
	t.Helper()
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	url := "ws" + strings.TrimPrefix(w.in.URL, "http") + "/api/v1/streaming" + query
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		code := 0
		if resp != nil {
			code = resp.StatusCode
		}
		t.Fatalf("dial %s: %v (HTTP %d)", query, err, code)
	}
	t.Cleanup(func() { conn.CloseNow() })
	return &socket{t: t, conn: conn}
}

func (s *socket) send(v map[string]string) {
	s.t.Helper()
	b, _ := json.Marshal(v)
	if err := s.conn.Write(context.Background(), websocket.MessageText, b); err != nil {
		s.t.Fatal(err)
	}
}

// subscribe subscribes and waits until the server has applied it: commands
// are handled in order, so the answer to a bad one comes after it.
func (s *socket) subscribe(kind string, streams ...map[string]string) {
	s.t.Helper()
	for _, st := range streams {
		st["type"] = kind
		s.send(st)
	}
	s.send(map[string]string{"type": "subscribe", "stream": "no-such-stream"})
	if m := s.read(); m.Error == "" || m.Status != 400 {
		s.t.Fatalf("want the error of the sync message, got %+v", m)
	}
}

func (s *socket) read() streamMessage {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, b, err := s.conn.Read(ctx)
	if err != nil {
		s.t.Fatalf("read: %v", err)
	}
	var m streamMessage
	if err := json.Unmarshal(b, &m); err != nil {
		s.t.Fatalf("message %s: %v", b, err)
	}
	return m
}

// until reads messages up to the update of status marker, and returns
// those before it.
func (s *socket) until(marker string) []streamMessage {
	s.t.Helper()
	var got []streamMessage
	for {
		m := s.read()
		if m.Event == "update" && m.statusID(s.t) == marker {
			return got
		}
		got = append(got, m)
	}
}

func stream(name string, kv ...string) map[string]string {
	m := map[string]string{"stream": name}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func (w *world) follow(t *testing.T, who, whom string) {
	t.Helper()
	w.call(t, who, "POST", "/api/v1/accounts/"+w.ids[whom]+"/follow", nil).expect(t, 200)
}

func TestStreamingUserUpdate(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	w.follow(t, "bob", "alice")
	ws := w.dial(t, w.tokens["bob"], "?stream=user")
	id := w.post(t, "alice", map[string]any{"status": "hello followers", "visibility": "private"})
	m := ws.read()
	if m.Event != "update" || strings.Join(m.Stream, ",") != "user" {
		t.Fatalf("got %+v, want an update on [user]", m)
	}
	st := m.object(t)
	if st["id"] != id || !strings.Contains(st["content"].(string), "hello followers") || st["account"].(map[string]any)["id"] != w.ids["alice"] {
		t.Errorf("payload = %v", st)
	}
}

func TestStreamingHidesWhatViewerMayNotSee(t *testing.T) {
	w := newWorld(t, "alice", "bob", "carol")
	w.follow(t, "bob", "alice")
	ws := w.dial(t, w.tokens["bob"], "")
	ws.subscribe("subscribe", stream("user"), stream("public"), stream("public:local"), stream("hashtag", "tag", "secret"),
		stream("direct"), stream("user:notification"))
	hidden := w.post(t, "carol", map[string]any{"status": "#secret for my followers", "visibility": "private"})
	unlisted := w.post(t, "carol", map[string]any{"status": "#secret quietly", "visibility": "unlisted"})
	dm := w.post(t, "alice", map[string]any{"status": "@carol just us", "visibility": "direct"})
	marker := w.post(t, "alice", map[string]any{"status": "marker"})
	for _, m := range ws.until(marker) {
		if id := m.statusID(t); id == hidden || id == unlisted || id == dm {
			t.Errorf("bob received %s on %v for %s", m.Event, m.Stream, id)
		}
	}
}

func TestStreamingDirectReachesOnlyMentioned(t *testing.T) {
	w := newWorld(t, "alice", "bob", "carol")
	w.follow(t, "bob", "alice")
	w.follow(t, "carol", "alice")
	bob, carol := w.dial(t, w.tokens["bob"], ""), w.dial(t, w.tokens["carol"], "")
	for _, ws := range []*socket{bob, carol} {
		ws.subscribe("subscribe", stream("user"), stream("direct"), stream("public"))
	}
	dm := w.post(t, "alice", map[string]any{"status": "@bob psst", "visibility": "direct"})
	marker := w.post(t, "alice", map[string]any{"status": "marker"})
	got := map[string]bool{}
	for _, m := range bob.until(marker) {
		got[strings.Join(m.Stream, ":")+" "+m.Event] = true
		if m.Event == "conversation" {
			c := m.object(t)
			accts := c["accounts"].([]any)
			if len(accts) != 1 || accts[0].(map[string]any)["id"] != w.ids["alice"] || m.statusID(t) != dm {
				t.Errorf("conversation = %v", c)
			}
		}
	}
	for _, want := range []string{"user update", "direct conversation", "user notification"} {
		if !got[want] {
			t.Errorf("bob did not get %q; got %v", want, got)
		}
	}
	if got["public update"] {
		t.Error("a direct status went out on the public stream")
	}
	for _, m := range carol.until(marker) {
		t.Errorf("carol received %s on %v", m.Event, m.Stream)
	}
}

func TestStreamingNotificationOnFavourite(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	id := w.post(t, "bob", map[string]any{"status": "like me"})
	ws := w.dial(t, w.tokens["bob"], "?stream=user:notification")
	w.call(t, "alice", "POST", "/api/v1/statuses/"+id+"/favourite", nil).expect(t, 200)
	m := ws.read()
	n := m.object(t)
	if m.Event != "notification" || m.Stream[0] != "user:notification" || n["type"] != "favourite" ||
		n["account"].(map[string]any)["id"] != w.ids["alice"] || n["status"].(map[string]any)["id"] != id {
		t.Fatalf("got %+v", m)
	}
}

func TestStreamingDeleteAndEdit(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	w.follow(t, "bob", "alice")
	id := w.post(t, "alice", map[string]any{"status": "first draft"})
	ws := w.dial(t, w.tokens["bob"], "?stream=user")
	w.call(t, "alice", "PUT", "/api/v1/statuses/"+id, map[string]any{"status": "second draft"}).expect(t, 200)
	if m := ws.read(); m.Event != "status.update" || !strings.Contains(m.object(t)["content"].(string), "second draft") {
		t.Fatalf("got %+v, want status.update", m)
	}
	w.call(t, "alice", "DELETE", "/api/v1/statuses/"+id, nil).expect(t, 200)
	if m := ws.read(); m.Event != "delete" || m.Payload != id {
		t.Fatalf("got %+v, want delete of %s", m, id)
	}
}

func TestStreamingHashtagAndUnsubscribe(t *testing.T) {
	w := newWorld(t, "alice")
	ws := w.dial(t, "", "")
	ws.subscribe("subscribe", stream("hashtag", "tag", "Roost"), stream("public"))
	id := w.post(t, "alice", map[string]any{"status": "hello #roost"})
	got := map[string]bool{}
	for range 2 {
		m := ws.read()
		if m.statusID(t) != id {
			t.Fatalf("got %+v", m)
		}
		got[strings.Join(m.Stream, ":")] = true
	}
	if !got["hashtag:roost"] || !got["public"] {
		t.Fatalf("streams = %v", got)
	}
	ws.subscribe("unsubscribe", stream("hashtag", "tag", "roost"))
	w.post(t, "alice", map[string]any{"status": "again #roost"})
	if m := ws.read(); strings.Join(m.Stream, ":") != "public" {
		t.Fatalf("after unsubscribe got %+v", m)
	}
}

func TestStreamingAuth(t *testing.T) {
	w := newWorld(t, "alice")
	w.addUser(t, "reader", "read:notifications")
	url := "ws" + strings.TrimPrefix(w.in.URL, "http") + "/api/v1/streaming"
	cases := []struct {
		name        string
		query       string
		header      http.Header
		subprotocol string
		want        int
	}{
		{"bad token", "?stream=public", http.Header{"Authorization": {"Bearer nope"}}, "", 401},
		{"bad access_token", "?stream=public&access_token=nope", nil, "", 401},
		{"bad subprotocol token", "?stream=public", nil, "nope", 401},
		{"anonymous user stream", "?stream=user", nil, "", 401},
		{"missing scope", "?stream=user", http.Header{"Authorization": {"Bearer " + w.tokens["reader"]}}, "", 403},
		{"unknown stream", "?stream=everything", nil, "", 400},
		{"token as subprotocol", "?stream=user", nil, w.tokens["alice"], 101},
		{"access_token", "?stream=user&access_token=" + w.tokens["alice"], nil, "", 101},
		{"anonymous public", "?stream=public:local", nil, "", 101},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := &websocket.DialOptions{HTTPHeader: tc.header}
			if tc.subprotocol != "" {
				opts.Subprotocols = []string{tc.subprotocol}
			}
			conn, resp, err := websocket.Dial(context.Background(), url+tc.query, opts)
			if resp == nil {
				t.Fatalf("no response: %v", err)
			}
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d (%v)", resp.StatusCode, tc.want, err)
			}
			if tc.want != 101 {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer conn.CloseNow()
			if conn.Subprotocol() != tc.subprotocol {
				t.Errorf("subprotocol %q, want %q", conn.Subprotocol(), tc.subprotocol)
			}
		})
	}
}

func TestStreamingServerSentEvents(t *testing.T) {
	w := newWorld(t, "alice")
	req, _ := http.NewRequest("GET", w.in.URL+"/api/v1/streaming/public/local", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	w.post(t, "alice", map[string]any{"status": "quiet", "visibility": "unlisted"})
	id := w.post(t, "alice", map[string]any{"status": "loud"})
	lines := bufio.NewScanner(resp.Body)
	if !lines.Scan() || lines.Text() != ":)" {
		t.Fatalf("first line %q, want the :) comment", lines.Text())
	}
	var event string
	for lines.Scan() {
		line := lines.Text()
		if line == "" && event == "" {
			// Mastodon.py dispatches every blank line as an event.
			t.Fatal("a blank line ends a block with no event")
		}
		if e, ok := strings.CutPrefix(line, "event: "); ok {
			event = e
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			var st map[string]any
			if err := json.Unmarshal([]byte(data), &st); err != nil {
				t.Fatal(err)
			}
			if event != "update" || st["id"] != id {
				t.Fatalf("first event %s %v, want the public update %s (the unlisted one must not appear)", event, st["id"], id)
			}
			return
		}
	}
	t.Fatal("stream ended")
}

func TestStreamingServerSentEventsAuth(t *testing.T) {
	w := newWorld(t, "alice")
	w.call(t, "", "GET", "/api/v1/streaming/user", nil).expect(t, 401)
	w.call(t, "", "GET", "/api/v1/streaming/hashtag", nil).expect(t, 400)
	w.call(t, "alice", "GET", "/api/v1/streaming/list?list=12345", nil).expect(t, 404)
}

func TestStreamingList(t *testing.T) {
	w := newWorld(t, "alice", "bob", "carol")
	w.follow(t, "bob", "alice")
	list := w.call(t, "bob", "POST", "/api/v1/lists", map[string]any{"title": "friends", "exclusive": true}).expect(t, 200).object(t)["id"].(string)
	w.call(t, "bob", "POST", "/api/v1/lists/"+list+"/accounts", map[string]any{"account_ids": []string{w.ids["alice"]}}).expect(t, 200)
	w.call(t, "carol", "GET", "/api/v1/streaming/list?list="+list, nil).expect(t, 404) // not carol's list
	ws := w.dial(t, w.tokens["bob"], "?stream=list&list="+list)
	user := w.dial(t, w.tokens["bob"], "?stream=user")
	// A reply to someone off the list stays off it (replies_policy "list").
	carols := w.post(t, "carol", map[string]any{"status": "hello"})
	w.post(t, "alice", map[string]any{"status": "@carol hi", "in_reply_to_id": carols})
	id := w.post(t, "alice", map[string]any{"status": "for my followers", "visibility": "private"})
	if m := ws.read(); m.Event != "update" || strings.Join(m.Stream, ":") != "list:"+list || m.statusID(t) != id {
		t.Fatalf("got %+v", m)
	}
	// The list is exclusive: alice's statuses stay out of bob's home stream.
	own := w.post(t, "bob", map[string]any{"status": "mine"})
	if got := user.until(own); len(got) != 0 {
		t.Errorf("home stream before bob's own status: %+v", got)
	}
}

// Reblogs reach followers' home streams, and a subscriber's blocks and
// mutes apply to the author, the reblogged author and mentioned accounts.
func TestStreamingReblogsBlocksAndMutes(t *testing.T) {
	w := newWorld(t, "alice", "bob", "carol", "dave")
	w.follow(t, "bob", "alice")
	w.follow(t, "bob", "dave")
	w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["carol"]+"/block", nil).expect(t, 200)
	w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["dave"]+"/mute", nil).expect(t, 200)
	ws := w.dial(t, w.tokens["bob"], "")
	ws.subscribe("subscribe", stream("user"), stream("public"))

	byCarol := w.post(t, "carol", map[string]any{"status": "by someone bob blocks"})
	w.call(t, "alice", "POST", "/api/v1/statuses/"+byCarol+"/reblog", nil).expect(t, 200)
	mentionsCarol := w.post(t, "alice", map[string]any{"status": "hi @carol"})
	byDave := w.post(t, "dave", map[string]any{"status": "by someone bob muted"})
	byAlice := w.post(t, "alice", map[string]any{"status": "worth a boost"})
	w.call(t, "alice", "POST", "/api/v1/statuses/"+byAlice+"/reblog", nil).expect(t, 200)
	marker := w.post(t, "alice", map[string]any{"status": "marker"})
	sawBoost := false
	for _, m := range ws.until(marker) {
		if m.Event != "update" {
			continue
		}
		st := m.object(t)
		if rb, ok := st["reblog"].(map[string]any); ok {
			if rb["id"] == byCarol {
				t.Errorf("bob got alice's reblog of carol, whom he blocks, on %v", m.Stream)
			}
			if rb["id"] == byAlice {
				sawBoost = true
			}
			continue
		}
		switch st["id"] {
		case byCarol, mentionsCarol, byDave:
			t.Errorf("bob got %v on %v", st["content"], m.Stream)
		}
	}
	if !sawBoost {
		t.Error("bob did not get alice's reblog of her own status")
	}
}

// A revoked token gets no further event: the stream closes instead.
func TestStreamingEndsWhenTokenRevoked(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	w.follow(t, "bob", "alice")
	ws := w.dial(t, w.tokens["bob"], "?stream=user")
	tok, err := w.in.DB.TokenBySecret(context.Background(), w.tokens["bob"])
	if err != nil {
		t.Fatal(err)
	}
	if err := w.in.DB.Write(context.Background(), func(tx *store.Tx) error { return tx.RevokeToken(tok.ID) }); err != nil {
		t.Fatal(err)
	}
	w.post(t, "alice", map[string]any{"status": "not for revoked tokens"})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, b, err := ws.conn.Read(ctx)
	if websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
		t.Fatalf("read %s, %v; want the stream closed for policy violation", b, err)
	}
}
