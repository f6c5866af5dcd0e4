package apub_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/store"
)

// The quoted post of the Mastodon 4.5 fixture, moved to the test remote.
const quotedPath = "/users/renchap/statuses/115400000000000001"

// quoteFixture is the Mastodon 4.5 quote post fixture, quoting a post of
// renchap on the same test remote.
func (w *world) quoteFixture(t *testing.T) []byte {
	return w.fixture(t, "mastodon/create-quote.json", "https://other.example", "https://mastodon.example")
}

// serveQuoted serves a note by actor at path with extra fields and returns its id.
func (w *world) serveQuoted(t *testing.T, actor, path, text string, extra map[string]any) string {
	id := w.remote.URL() + path
	doc := map[string]any{"@context": "https://www.w3.org/ns/activitystreams", "id": id, "type": "Note",
		"attributedTo": actor, "content": "<p>" + text + "</p>", "published": "2025-11-06T13:00:00Z",
		"to": []string{"https://www.w3.org/ns/activitystreams#Public"}, "cc": []string{actor + "/followers"}}
	for k, v := range extra {
		doc[k] = v
	}
	w.remote.serve(path, mustMarshal(t, doc))
	return id
}

// editJSON decodes an activity, lets edit change it and encodes it again.
func editJSON(t *testing.T, raw []byte, edit func(act, note map[string]any)) []byte {
	t.Helper()
	var act map[string]any
	if err := json.Unmarshal(raw, &act); err != nil {
		t.Fatal(err)
	}
	note, _ := act["object"].(map[string]any)
	edit(act, note)
	return mustMarshal(t, act)
}

// apiStatus reads a status through the Mastodon API (token "" for anonymous).
func (w *world) apiStatus(t *testing.T, uri, token string) map[string]any {
	t.Helper()
	s, err := w.in.DB.StatusByURI(context.Background(), uri)
	if err != nil {
		t.Fatalf("%s not stored: %v", uri, err)
	}
	return getJSON[map[string]any](t, w.in.URL+"/api/v1/statuses/"+store.FormatID(s.ID), token)
}

// page reads the web page of a stored status, signed out.
func (w *world) page(t *testing.T, uri string) string {
	t.Helper()
	return getBody(t, w.pageURL(t, uri))
}

func TestReceiveQuotePosts(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	alice, aliceUser := w.in.CreateUser(t, "quoter")
	token := w.in.Token(t, aliceUser, "read")
	renchap := w.remote.addActor("renchap", nil)
	misskey := w.remote.addActor("7rkrarq81i", nil)
	w.follow(t, alice.ID, w.remoteAccount(t, w.bob).ID)
	w.follow(t, alice.ID, w.remoteAccount(t, misskey).ID)

	cases := []struct {
		name     string
		activity func() []byte
		actor    string
		id       string // the quoting post
		quoted   string // the quoted post
		text     string // words of the quoted post
	}{
		{"mastodon 4.5", func() []byte {
			w.serveQuoted(t, renchap, quotedPath, "quote posts at last", nil)
			return w.quoteFixture(t)
		}, w.bob, w.remote.URL() + "/users/Gargron/statuses/115412345678901234", w.remote.URL() + quotedPath, "quote posts at last"},
		{"misskey", func() []byte {
			w.serveQuoted(t, misskey, "/notes/8vs6wxufd0", "misskey words", map[string]any{"summary": "a spoiler"})
			note := w.fixture(t, "misskey/quote-note.json", "https://misskey.example", "https://mastodon.example")
			var obj map[string]any
			if err := json.Unmarshal(note, &obj); err != nil {
				t.Fatal(err)
			}
			return mustMarshal(t, map[string]any{"@context": "https://www.w3.org/ns/activitystreams", "type": "Create",
				"id": obj["id"].(string) + "/activity", "actor": misskey, "object": obj, "to": obj["to"], "cc": obj["cc"]})
		}, misskey, w.remote.URL() + "/notes/8vs6ylpfez", w.remote.URL() + "/notes/8vs6wxufd0", "misskey words"},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			w.deliver(t, tt.actor, tt.activity())
			w.expect(t, 1, "SELECT COUNT(*) FROM statuses WHERE uri = ? AND quote_uri = ?", tt.id, tt.quoted)
			// The inbox answered before the quoted post was fetched; it comes in the background.
			waitFor(t, func() bool { _, err := w.in.DB.StatusByURI(ctx, tt.quoted); return err == nil })

			got := w.apiStatus(t, tt.id, token)
			quote, _ := got["quote"].(map[string]any)
			if quote["state"] != actions.QuoteAccepted {
				t.Fatalf("quote = %v", got["quote"])
			}
			quoted, _ := quote["quoted_status"].(map[string]any)
			if quoted["uri"] != tt.quoted || !strings.Contains(quoted["content"].(string), tt.text) {
				t.Fatalf("quoted_status = %v", quoted)
			}
			if quoted["quote"] != nil {
				t.Errorf("a quoted post that quotes nothing has quote %v", quoted["quote"])
			}
			if anon := w.apiStatus(t, tt.id, ""); anon["quote"].(map[string]any)["state"] != actions.QuoteAccepted {
				t.Errorf("public quoted post for anonymous: %v", anon["quote"])
			}

			page := w.page(t, tt.id)
			for _, want := range []string{`class="quote-card"`, tt.text, "has-quote"} {
				if !strings.Contains(page, want) {
					t.Errorf("status page lacks %q", want)
				}
			}
		})
	}
	t.Run("the quoted post's content warning is kept on the page", func(t *testing.T) {
		page := w.page(t, w.remote.URL()+"/notes/8vs6ylpfez")
		card := page[strings.Index(page, `class="quote-card"`):]
		if i, j := strings.Index(card, `<details class="cw"`), strings.Index(card, "misskey words"); i < 0 || j < i {
			t.Errorf("quoted content not behind its warning:\n%s", card)
		}
	})
	t.Run("a quote of a quote is a link", func(t *testing.T) {
		// renchap's post now quotes Gargron's quote post: a cycle, drawn one level deep.
		outer := w.remote.URL() + "/users/Gargron/statuses/115412345678901234"
		w.deliver(t, renchap, editJSON(t, w.quoteFixture(t), func(act, note map[string]any) {
			act["type"], act["actor"], act["id"] = "Update", renchap, renchap+"#updates/1"
			note["id"], note["attributedTo"], note["url"] = w.remote.URL()+quotedPath, renchap, w.remote.URL()+quotedPath
			note["updated"] = "2025-11-07T10:00:00Z"
			for _, k := range []string{"quote", "_misskey_quote", "quoteUri"} {
				note[k] = outer
			}
		}))
		w.expect(t, 1, "SELECT COUNT(*) FROM statuses WHERE uri = ? AND quote_uri = ?", w.remote.URL()+quotedPath, outer)
		got := w.apiStatus(t, outer, token)
		quoted := got["quote"].(map[string]any)["quoted_status"].(map[string]any)
		shallow, _ := quoted["quote"].(map[string]any)
		outerStatus, _ := w.in.DB.StatusByURI(ctx, outer)
		if shallow["state"] != actions.QuoteAccepted || shallow["quoted_status_id"] != store.FormatID(outerStatus.ID) || shallow["quoted_status"] != nil {
			t.Errorf("nested quote = %v, want a ShallowQuote", quoted["quote"])
		}
		if page := w.page(t, outer); !strings.Contains(page, `class="quote-nested"`) {
			t.Error("the nested quote is not a link on the page")
		}
	})
	t.Run("an edit that drops the quote drops it", func(t *testing.T) {
		w.deliver(t, renchap, editJSON(t, w.quoteFixture(t), func(act, note map[string]any) {
			act["type"], act["actor"], act["id"] = "Update", renchap, renchap+"#updates/2"
			note["id"], note["attributedTo"], note["url"] = w.remote.URL()+quotedPath, renchap, w.remote.URL()+quotedPath
			note["updated"] = "2025-11-08T10:00:00Z"
			for _, k := range []string{"quote", "_misskey_quote", "quoteUri", "quoteAuthorization"} {
				delete(note, k)
			}
		}))
		w.expect(t, 1, "SELECT COUNT(*) FROM statuses WHERE uri = ? AND quote_uri = ''", w.remote.URL()+quotedPath)
	})
	t.Run("a muted author's quoted post is withheld", func(t *testing.T) {
		if _, err := w.in.Actions().Mute(ctx, alice, w.account(t, renchap).ID, actions.MuteArgs{}); err != nil {
			t.Fatal(err)
		}
		got := w.apiStatus(t, w.remote.URL()+"/users/Gargron/statuses/115412345678901234", token)
		if q := got["quote"].(map[string]any); q["state"] != actions.QuoteMutedAccount || q["quoted_status"] != nil {
			t.Errorf("quote = %v", q)
		}
	})
}

// remoteAccount stores a remote actor (fetching it) and returns its account.
func (w *world) remoteAccount(t *testing.T, uri string) *store.Account {
	t.Helper()
	acct, err := w.in.Actions().RemoteAccountByURI(context.Background(), uri)
	if err != nil {
		t.Fatal(err)
	}
	return acct
}
