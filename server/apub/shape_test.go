package apub_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"roost/federation/ap"
	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

func decode(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return doc
}

func setHideCollections(t *testing.T, in *servertest.Instance, acct *store.Account, hidden bool) {
	t.Helper()
	err := in.DB.Write(context.Background(), func(tx *store.Tx) error {
		a, err := tx.Account(acct.ID)
		if err != nil {
			return err
		}
		a.HideCollections = hidden
		return tx.UpdateAccount(a)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWebFinger(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "alice")
	actor := in.URL + "/users/alice"
	cases := []struct {
		name, resource, subject, self string
		status                        int
	}{
		{"acct", "acct:alice@" + in.Host, "acct:alice@" + in.Host, actor, 200},
		{"acct any case", "acct:ALICE@" + in.Host, "acct:alice@" + in.Host, actor, 200},
		{"profile url", in.URL + "/@alice", "acct:alice@" + in.Host, actor, 200},
		{"actor url", actor, "acct:alice@" + in.Host, actor, 200},
		{"instance actor", "acct:" + in.Host + "@" + in.Host, "acct:" + in.Host + "@" + in.Host, in.URL + "/actor", 200},
		{"instance actor url", in.URL + "/actor", "acct:" + in.Host + "@" + in.Host, in.URL + "/actor", 200},
		{"unknown user", "acct:nobody@" + in.Host, "", "", 404},
		{"other domain", "acct:alice@elsewhere.example", "", "", 404},
		{"other domain url", "https://elsewhere.example/@alice", "", "", 404},
		{"missing resource", "", "", "", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := fetch(t, in.URL+"/.well-known/webfinger?resource="+tc.resource, "", nil)
			if resp.StatusCode != tc.status {
				t.Fatalf("got %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			if tc.status != 200 {
				return
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/jrd+json") {
				t.Errorf("content type %q", ct)
			}
			doc := decode(t, body)
			if doc["subject"] != tc.subject {
				t.Errorf("subject %v, want %s", doc["subject"], tc.subject)
			}
			rels := map[string]map[string]any{}
			for _, l := range doc["links"].([]any) {
				link := l.(map[string]any)
				rels[link["rel"].(string)] = link
			}
			if self := rels["self"]; self == nil || self["href"] != tc.self || self["type"] != "application/activity+json" {
				t.Errorf("self link %v", rels["self"])
			}
			if rels["http://webfinger.net/rel/profile-page"] == nil || rels["http://ostatus.org/schema/1.0/subscribe"]["template"] == nil {
				t.Errorf("links %v", doc["links"])
			}
		})
	}
}

func TestHostMetaAndNodeInfo(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	post(t, in, alice, "one", store.VisibilityPublic)
	post(t, in, alice, "two", store.VisibilityPrivate)

	resp, body := fetch(t, in.URL+"/.well-known/host-meta", "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `template="`+in.URL+`/.well-known/webfinger?resource={uri}"`) {
		t.Fatalf("host-meta: %d %s", resp.StatusCode, body)
	}
	resp, body = fetch(t, in.URL+"/.well-known/nodeinfo", "", nil)
	links := decode(t, body)["links"].([]any)
	if resp.StatusCode != 200 || len(links) != 2 || links[1].(map[string]any)["href"] != in.URL+"/nodeinfo/2.1" {
		t.Fatalf("nodeinfo links: %d %s", resp.StatusCode, body)
	}
	for _, version := range []string{"2.0", "2.1"} {
		t.Run(version, func(t *testing.T) {
			resp, body := fetch(t, in.URL+"/nodeinfo/"+version, "", nil)
			if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "schema/"+version) {
				t.Fatalf("%d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			doc := decode(t, body)
			software := doc["software"].(map[string]any)
			usage := doc["usage"].(map[string]any)
			users := usage["users"].(map[string]any)
			if doc["version"] != version || software["name"] != "roost" || software["version"] == "" {
				t.Errorf("software %v", doc)
			}
			if p := doc["protocols"].([]any); len(p) != 1 || p[0] != "activitypub" {
				t.Errorf("protocols %v", p)
			}
			if users["total"] != 1.0 || users["activeMonth"] != 1.0 || users["activeHalfyear"] != 1.0 || usage["localPosts"] != 2.0 {
				t.Errorf("usage %v", usage)
			}
			if doc["openRegistrations"] != true {
				t.Errorf("openRegistrations %v", doc["openRegistrations"])
			}
		})
	}
}

// TestActorShape compares the actor with the fields Mastodon's peers read,
// and checks that it parses back through ap.ParseActor.
func TestActorShape(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	actorURL := in.URL + "/users/alice"
	resp, body := fetch(t, actorURL, activityJSON, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/activity+json; charset=utf-8" ||
		!strings.Contains(resp.Header.Get("Vary"), "Accept") {
		t.Fatalf("%d %v", resp.StatusCode, resp.Header)
	}
	doc := decode(t, body)
	for key, want := range map[string]any{
		"id": actorURL, "type": "Person", "preferredUsername": "alice", "inbox": actorURL + "/inbox",
		"outbox": actorURL + "/outbox", "followers": actorURL + "/followers", "following": actorURL + "/following",
		"featured": actorURL + "/collections/featured", "featuredTags": actorURL + "/collections/tags",
		"url": in.URL + "/@alice", "manuallyApprovesFollowers": false, "discoverable": true, "indexable": true,
	} {
		if doc[key] != want {
			t.Errorf("%s = %v, want %v", key, doc[key], want)
		}
	}
	if doc["endpoints"].(map[string]any)["sharedInbox"] != in.URL+"/inbox" {
		t.Errorf("endpoints %v", doc["endpoints"])
	}
	parsed, err := ap.ParseActor(body)
	if err != nil {
		t.Fatal(err)
	}
	if parsed.ID != actorURL || parsed.PublicKey.ID != actorURL+"#main-key" || parsed.PublicKey.Owner != actorURL ||
		!strings.Contains(parsed.PublicKey.PEM, "PUBLIC KEY") || parsed.SharedInbox != in.URL+"/inbox" {
		t.Errorf("parsed %+v", parsed)
	}

	yes := true
	if _, err := in.Actions().UpdateCredentials(context.Background(), alice, actions.UpdateCredentialsArgs{Bot: &yes, Locked: &yes,
		Fields: []actions.FieldInput{{Name: "Site", Value: "https://example.com"}}}); err != nil {
		t.Fatal(err)
	}
	resp, body = fetch(t, actorURL, activityJSON, nil)
	bot, err := ap.ParseActor(body)
	if err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if bot.Type != "Service" || !bot.Locked || len(bot.Fields) != 1 || bot.Fields[0].Name != "Site" ||
		!strings.Contains(bot.Fields[0].Value, "https://example.com") {
		t.Errorf("bot actor %+v", bot)
	}
	if attachment := decode(t, body)["attachment"].([]any); attachment[0].(map[string]any)["type"] != "PropertyValue" {
		t.Errorf("fields %v", attachment)
	}

	inst := fetchJSON(t, in.URL+"/actor")
	if inst["type"] != "Application" || inst["id"] != in.URL+"/actor" || inst["publicKey"] == nil {
		t.Errorf("instance actor %v", inst)
	}
}

// TestNoteShape checks a public status's Note against Mastodon's shape and
// that it parses back, with its mention and hashtag.
func TestNoteShape(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	bob := seedRemote(t, in, "bob", "one.example", "", "")
	s := post(t, in, alice, "hi @bob@one.example #Roost", store.VisibilityPublic)
	resp, body := fetch(t, s.URI, activityJSON, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	doc := decode(t, body)
	if doc["type"] != "Note" || doc["id"] != s.URI || doc["attributedTo"] != in.URL+"/users/alice" || doc["url"] != in.URL+"/@alice/"+store.FormatID(s.ID) {
		t.Errorf("note %v", doc)
	}
	if to := doc["to"].([]any); len(to) != 1 || to[0] != ap.Public {
		t.Errorf("to %v", to)
	}
	cc := doc["cc"].([]any)
	if len(cc) != 2 || cc[0] != in.URL+"/users/alice/followers" || cc[1] != bob.URI {
		t.Errorf("cc %v", cc)
	}
	note, err := ap.ParseNote(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(note.Mentions) != 1 || note.Mentions[0].Href != bob.URI || len(note.Hashtags) != 1 || !strings.EqualFold(note.Hashtags[0].Name, "roost") {
		t.Errorf("parsed tags %+v %+v", note.Mentions, note.Hashtags)
	}
	if ap.Visibility(note.To, note.Cc, in.URL+"/users/alice/followers") != store.VisibilityPublic {
		t.Errorf("visibility round trip")
	}
	create := fetchJSON(t, s.URI+"/activity")
	if create["type"] != "Create" || create["object"].(map[string]any)["id"] != s.URI {
		t.Errorf("activity %v", create)
	}
	outbox := fetchJSON(t, in.URL+"/users/alice/outbox")
	if outbox["type"] != "OrderedCollection" || outbox["totalItems"] != 1.0 || outbox["first"] != in.URL+"/users/alice/outbox?page=true" {
		t.Errorf("outbox %v", outbox)
	}
}

// TestContentNegotiation: profile and status URLs give AS2 to servers and
// something else (HTML, a redirect) to browsers.
func TestContentNegotiation(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	s := post(t, in, alice, "hello", store.VisibilityPublic)
	statusPage := in.URL + "/@alice/" + store.FormatID(s.ID)
	ldJSON := `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`
	cases := []struct {
		name, url, accept string
		wantAS            bool
		wantStatus        int
	}{
		{"actor as activity+json", in.URL + "/users/alice", activityJSON, true, 200},
		{"actor as ld+json", in.URL + "/users/alice", ldJSON, true, 200},
		{"actor to browser redirects", in.URL + "/users/alice", "text/html,application/xhtml+xml", false, http.StatusFound},
		{"profile as activity+json", in.URL + "/@alice", activityJSON, true, 200},
		{"profile as ld+json", in.URL + "/@alice", ldJSON, true, 200},
		{"profile to browser", in.URL + "/@alice", "text/html", false, 0},
		{"status as activity+json", s.URI, activityJSON, true, 200},
		{"status to browser redirects", s.URI, "text/html", false, http.StatusFound},
		{"status page as ld+json", statusPage, ldJSON, true, 200},
		{"status page to browser", statusPage, "text/html", false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := fetch(t, tc.url, tc.accept, nil)
			isAS := resp.Header.Get("Content-Type") == "application/activity+json; charset=utf-8"
			if isAS != tc.wantAS || tc.wantStatus != 0 && resp.StatusCode != tc.wantStatus {
				t.Fatalf("%d %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			if !strings.Contains(resp.Header.Get("Vary"), "Accept") {
				t.Errorf("Vary %q", resp.Header.Get("Vary"))
			}
			if tc.wantAS {
				if id := decode(t, body)["id"]; id != in.URL+"/users/alice" && id != s.URI {
					t.Errorf("id %v", id)
				}
			}
		})
	}
}

// TestSuspendedAccountIsGone: a suspended account's actor and statuses are not served.
func TestSuspendedAccountIsGone(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	s := post(t, in, alice, "hello", store.VisibilityPublic)
	if err := in.Actions().SetSuspended(context.Background(), "alice", true); err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{in.URL + "/users/alice", s.URI, in.URL + "/users/alice/outbox", in.URL + "/.well-known/webfinger?resource=acct:alice@" + in.Host} {
		if resp, _ := fetch(t, url, activityJSON, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", url, resp.StatusCode)
		}
	}
}

// TestFeatured: pinned statuses are served as Notes in the featured collection.
func TestFeatured(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	s := post(t, in, alice, "pinned", store.VisibilityPublic)
	post(t, in, alice, "not pinned", store.VisibilityPublic)
	if _, err := in.Actions().Pin(context.Background(), alice, s.ID, true); err != nil {
		t.Fatal(err)
	}
	doc := fetchJSON(t, in.URL+"/users/alice/collections/featured")
	items := doc["orderedItems"].([]any)
	if doc["type"] != "OrderedCollection" || doc["totalItems"] != 1.0 || len(items) != 1 ||
		items[0].(map[string]any)["id"] != s.URI || items[0].(map[string]any)["type"] != "Note" {
		t.Errorf("featured %v", doc)
	}
	tags := fetchJSON(t, in.URL+"/users/alice/collections/tags")
	if tags["totalItems"] != 0.0 {
		t.Errorf("featured tags %v", tags)
	}
}

// TestNoteAttachments: stored media become Documents with alt text,
// blurhash, focal point and size, and parse back.
func TestNoteAttachments(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	ctx := context.Background()
	mediaID := in.DB.NewID()
	err := in.DB.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO media_attachments (id, account_id, kind, content_type, file_path, description,
			blurhash, focus_x, focus_y, meta, created_at) VALUES (?, ?, 'image', 'image/png', 'a/b/cat.png', 'a cat', 'LEHV6nWB2yk8',
			0.5, -0.25, '{"original":{"width":640,"height":480}}', 0)`, mediaID, alice.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	view, err := in.Actions().PostStatus(ctx, alice, actions.PostStatusArgs{Text: "look", MediaIDs: []store.ID{mediaID}})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := fetch(t, view.Status.URI, activityJSON, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	note, err := ap.ParseNote(body)
	if err != nil {
		t.Fatal(err)
	}
	want := ap.Attachment{Kind: "image", MediaType: "image/png", URL: in.Actions().MediaURL("a/b/cat.png"), Description: "a cat",
		Blurhash: "LEHV6nWB2yk8", FocusX: 0.5, FocusY: -0.25, Width: 640, Height: 480}
	if len(note.Attachments) != 1 || note.Attachments[0] != want {
		t.Errorf("attachments %+v, want %+v", note.Attachments, want)
	}
}
