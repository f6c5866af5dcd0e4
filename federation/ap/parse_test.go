package ap

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"roost/store"
)

func TestParseActivityFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		check func(t *testing.T, a *Activity)
	}{
		{"mastodon/create-note.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeCreate)
			n := a.Object.Note
			is(t, "author", n.AttributedTo, "https://mastodon.example/users/Gargron")
			is(t, "reply to", n.InReplyTo, "https://roost.example/users/alice/statuses/7301234567890")
			is(t, "language", n.Language, "en")
			is(t, "visibility", Visibility(n.To, n.Cc, "https://mastodon.example/users/Gargron/followers"), store.VisibilityPublic)
			is(t, "mentions", n.Mentions, []Mention{{Href: "https://roost.example/users/alice", Name: "@alice@roost.example"}})
			is(t, "hashtags", n.Hashtags, []Hashtag{{Name: "roost", Href: "https://mastodon.example/tags/roost"}})
			is(t, "emoji", n.Emojis[0].Shortcode, "blobcat")
			is(t, "attachment", n.Attachments[0], Attachment{
				Kind: "image", MediaType: "image/jpeg", Description: "A raspberry pi on a desk, blinking",
				URL:      "https://files.mastodon.example/media_attachments/files/112/345/678/original/5c7b0a4d9e2f1a3b.jpg",
				Blurhash: "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH", FocusX: -0.42, FocusY: 0.31, Width: 1600, Height: 1200,
			})
			contains(t, n.Content, `class="u-url mention"`)
			is(t, "not a vote", n.IsPollVote(), false)
		}},
		{"mastodon/create-quote.json", func(t *testing.T, a *Activity) {
			n := a.Object.Note
			is(t, "quote", n.QuoteURI, "https://other.example/users/renchap/statuses/115400000000000001")
			is(t, "quote on the status", n.ToStatus("").QuoteURI, n.QuoteURI)
			contains(t, n.Content, `<p class="quote-inline">RE: `)
		}},
		{"mastodon/create-question.json", func(t *testing.T, a *Activity) {
			p := a.Object.Note.Poll
			is(t, "options", p.Options, []PollOption{{"Dunno", 0}, {"Everyone knows that!", 1}, {"25 char limit is dumb", 0}, {"I can't even fit a funny", 1}})
			is(t, "multiple", p.Multiple, false)
			is(t, "end", p.EndTime, time.Date(2019, 5, 11, 9, 3, 36, 0, time.UTC))
			is(t, "closed", p.Closed, p.EndTime)
			is(t, "voters", p.VotersCount, 2)
		}},
		{"mastodon/update-note.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeUpdate)
			s := a.Object.Note.ToStatus("https://mastodon.example/users/Gargron/followers")
			is(t, "visibility", s.Visibility, store.VisibilityPrivate)
			is(t, "spoiler", s.SpoilerText, "spoilers for the finale")
			is(t, "sensitive", s.Sensitive, true)
			is(t, "language", s.Language, "de")
			is(t, "edited", *s.EditedAt, time.Date(2024, 4, 29, 13, 42, 3, 0, time.UTC))
			is(t, "unknown followers is direct", a.Object.Note.ToStatus("").Visibility, store.VisibilityDirect)
		}},
		{"mastodon/create-direct.json", func(t *testing.T, a *Activity) {
			is(t, "visibility", a.Object.Note.ToStatus("https://mastodon.example/users/Gargron/followers").Visibility, store.VisibilityDirect)
		}},
		{"mastodon/create-vote.json", func(t *testing.T, a *Activity) {
			n := a.Object.Note
			is(t, "vote", n.IsPollVote(), true)
			is(t, "option", n.Name, "Pi 5")
			is(t, "question", n.InReplyTo, "https://roost.example/users/alice/statuses/7302")
		}},
		{"mastodon/delete-note.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeDelete)
			is(t, "object", a.Object, Object{IRI: "https://mastodon.example/users/Gargron/statuses/112345678901234567", Type: "Tombstone"})
		}},
		{"mastodon/delete-actor.json", func(t *testing.T, a *Activity) {
			is(t, "object", a.Object, Object{IRI: a.Actor})
		}},
		{"mastodon/follow.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeFollow)
			is(t, "object", a.Object.IRI, "https://roost.example/users/alice")
			is(t, "embedded", a.Object.Embedded(), false)
		}},
		{"mastodon/accept-follow.json", func(t *testing.T, a *Activity) {
			f := a.Object.Activity
			is(t, "follow type", f.Type, TypeFollow)
			is(t, "follow id", f.ID, "https://roost.example/users/alice#follows/7301234567890")
			is(t, "follower", f.Actor, "https://roost.example/users/alice")
			is(t, "followee", f.Object.IRI, a.Actor)
		}},
		{"mastodon/undo-follow.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeUndo)
			is(t, "undone", a.Object.Activity.Type, TypeFollow)
		}},
		{"mastodon/like.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeLike)
			is(t, "object", a.Object.IRI, "https://roost.example/users/alice/statuses/7301234567890")
			is(t, "no reaction", a.Content, "")
		}},
		{"mastodon/announce.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeAnnounce)
			is(t, "public", a.IsPublicAudience(), true)
			is(t, "published", a.Published, time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC))
		}},
		{"mastodon/move.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeMove)
			is(t, "target", a.Target, "https://mastodon.example/users/Gargron")
		}},
		{"mastodon/block.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeBlock)
		}},
		{"mastodon/add-featured.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeAdd)
			is(t, "id", a.ID, "")
			is(t, "target", a.Target, "https://mastodon.example/users/Gargron/collections/featured")
		}},
		{"mastodon/flag.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeFlag)
			is(t, "comment", a.Content, "Spam, and rude about it")
			is(t, "objects", len(a.Objects), 2)
		}},
		{"mastodon/update-person.json", func(t *testing.T, a *Activity) {
			p := a.Object.Actor
			is(t, "moved", p.MovedTo, "https://mastodon.example/users/Gargron")
			is(t, "locked", p.Locked, true)
		}},
		{"gotosocial/create-note.json", func(t *testing.T, a *Activity) {
			n := a.Object.Note
			is(t, "to as string", n.To, []string{Public})
			is(t, "single hashtag object", n.Hashtags, []Hashtag{{Name: "welcome", Href: "https://gts.example/tags/welcome"}})
			is(t, "single attachment object", len(n.Attachments), 1)
			is(t, "focus", [2]float64{n.Attachments[0].FocusX, n.Attachments[0].FocusY}, [2]float64{0.5, -0.25})
			is(t, "empty summary", n.Summary, "")
		}},
		{"gotosocial/create-followers-only.json", func(t *testing.T, a *Activity) {
			is(t, "visibility", a.Object.Note.ToStatus("https://gts.example/users/the_mighty_zork/followers").Visibility, store.VisibilityPrivate)
		}},
		{"gotosocial/accept-follow.json", func(t *testing.T, a *Activity) {
			is(t, "follow", a.Object.Activity.ID, "https://roost.example/users/alice#follows/7301234567891")
		}},
		{"akkoma/create-note.json", func(t *testing.T, a *Activity) {
			n := a.Object.Note
			is(t, "link url attachment", n.Attachments[0].URL, "https://akkoma.example/media/5d6e7f8a-cat.png")
			is(t, "null sensitive", n.Sensitive, false)
			is(t, "published", n.Published, time.Date(2023, 11, 2, 18, 22, 5, 123456000, time.UTC))
			notContains(t, n.Content, "onerror")
			notContains(t, n.Content, "<img")
			notContains(t, n.Content, "data-tag")
		}},
		{"akkoma/emoji-react.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeUnknown)
			is(t, "raw type", a.RawType, "EmojiReact")
		}},
		{"akkoma/announce-embedded.json", func(t *testing.T, a *Activity) {
			is(t, "embedded note", a.Object.Note.Content, "<p>boosted</p>")
		}},
		{"misskey/like-reaction.json", func(t *testing.T, a *Activity) {
			is(t, "type", a.Type, TypeLike)
			is(t, "reaction", a.Content, ":hanapog:")
			is(t, "emoji", a.Emojis[0].Shortcode, "hanapog")
		}},
		{"pixelfed/create-note.json", func(t *testing.T, a *Activity) {
			n := a.Object.Note
			is(t, "attachments", len(n.Attachments), 2)
			is(t, "size", [2]int{n.Attachments[0].Width, n.Attachments[0].Height}, [2]int{1080, 1350})
			is(t, "no alt", n.Attachments[1].Description, "")
			is(t, "published with offset", n.Published, time.Date(2024, 2, 10, 12, 34, 56, 0, time.UTC))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			a, err := ParseActivity(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, a)
			checkGolden(t, "parsed/"+strings.TrimSuffix(tt.file, ".json")+".json", a)
		})
	}
}

func TestParseActorFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		check func(t *testing.T, a *Actor, acc *store.Account)
	}{
		{"mastodon/actor.json", func(t *testing.T, a *Actor, acc *store.Account) {
			is(t, "username", acc.Username, "Gargron")
			is(t, "domain", acc.Domain, "mastodon.example")
			is(t, "shared inbox", acc.SharedInboxURL, "https://mastodon.example/inbox")
			is(t, "featured tags", acc.FeaturedTagsURL, "https://mastodon.example/users/Gargron/collections/tags")
			is(t, "key", acc.PublicKeyID, "https://mastodon.example/users/Gargron#main-key")
			is(t, "fields", len(acc.Fields), 2)
			is(t, "field name", acc.Fields[0].Name, "Patreon")
			is(t, "discoverable", acc.Discoverable, true)
			is(t, "indexable", acc.Indexable, true)
			is(t, "aka", acc.AlsoKnownAs, []string{"https://old.example/users/gargron"})
			is(t, "emoji", acc.Emojis[0].Shortcode, "verified")
			is(t, "avatar", acc.AvatarRemoteURL, "https://files.mastodon.example/accounts/avatars/000/000/001/original/d96d39a0abb45b92.jpg")
			is(t, "created", acc.CreatedAt, time.Date(2016, 3, 16, 0, 0, 0, 0, time.UTC))
		}},
		{"gotosocial/actor.json", func(t *testing.T, a *Actor, acc *store.Account) {
			is(t, "locked", acc.Locked, true)
			is(t, "single field object", acc.Fields, []store.Field{{Name: "should you follow me?", Value: "maybe!"}})
			is(t, "no shared inbox", acc.SharedInboxURL, "")
			is(t, "key", acc.PublicKeyID, "https://gts.example/users/the_mighty_zork/main-key")
		}},
		{"akkoma/actor.json", func(t *testing.T, a *Actor, acc *store.Account) {
			notContains(t, acc.Note, "script")
			notContains(t, acc.Fields[1].Value, "onclick")
			is(t, "emoji in name", acc.Emojis[0].Shortcode, "blobcatcomfy")
			is(t, "header", acc.HeaderRemoteURL, "https://akkoma.example/media/9a8b7c6d-banner.jpg")
		}},
		{"misskey/actor.json", func(t *testing.T, a *Actor, acc *store.Account) {
			is(t, "name", acc.DisplayName, "あいむ")
			is(t, "shared inbox", acc.SharedInboxURL, "https://misskey.example/inbox")
			is(t, "field", acc.Fields[0].Name, "Twitter")
		}},
		{"pixelfed/actor.json", func(t *testing.T, a *Actor, acc *store.Account) {
			is(t, "plain summary", acc.Note, "Creator of Pixelfed")
			is(t, "created", acc.CreatedAt, time.Date(2018, 6, 1, 3, 6, 50, 0, time.UTC))
			is(t, "bot", acc.Bot, false)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			a, err := ParseActor(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var acc store.Account
			a.ApplyTo(&acc)
			tt.check(t, a, &acc)
			checkGolden(t, "parsed/"+strings.TrimSuffix(tt.file, ".json")+".json", a)
		})
	}
}

func TestParseNoteFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		check func(t *testing.T, n *Note)
	}{
		{"misskey/quote-note.json", func(t *testing.T, n *Note) {
			is(t, "quote", n.QuoteURI, "https://misskey.example/notes/8vs6wxufd0")
			is(t, "url defaults to id", n.URL, n.ID)
			contains(t, n.Content, "RE: ")
			is(t, "quote on the status", n.ToStatus("").QuoteURI, n.QuoteURI)
		}},
		{"misskey/question.json", func(t *testing.T, n *Note) {
			is(t, "multiple", n.Poll.Multiple, true)
			is(t, "open-ended", n.Poll.EndTime.IsZero(), true)
			is(t, "votes", n.Poll.Options[1], PollOption{"Broken af", 1})
		}},
		{"lemmy/page.json", func(t *testing.T, n *Note) {
			contains(t, n.Content, "<p><strong>Hello Federation!</strong></p><p>First post from a <strong>Lemmy</strong> community.</p>")
			contains(t, n.Content, `<a href="https://lemmy.example/post/3"`)
			is(t, "public", n.ToStatus("").Visibility, store.VisibilityPublic)
			is(t, "link attachment skipped", len(n.Attachments), 0)
		}},
		{"peertube/video.json", func(t *testing.T, n *Note) {
			is(t, "person, not channel", n.AttributedTo, "https://peertube.example/accounts/7even")
			is(t, "html link", n.URL, "https://peertube.example/videos/watch/df5f464b-be8d-46fb-ad81-2d4c2d1630e3")
			contains(t, n.Content, "Friday Night")
			is(t, "hashtag without href", n.Hashtags, []Hashtag{{Name: "feels"}})
		}},
		{"hostile/xss-note.json", func(t *testing.T, n *Note) {
			is(t, "author object", n.AttributedTo, "https://evil.example/users/mallory")
			is(t, "html url preferred", n.URL, "https://evil.example/@mallory/1")
			is(t, "as:Public", n.To, []string{Public})
			is(t, "summary is text", n.Summary, "cw")
			for _, bad := range []string{"script", "onmouseover", "javascript", "iframe", "onerror", "svg", "data:", "style", "evil\""} {
				notContains(t, n.Content, bad)
			}
			is(t, "bad emojis dropped", len(n.Emojis), 0)
			is(t, "bad mention dropped", len(n.Mentions), 0)
			is(t, "bad attachment dropped", len(n.Attachments), 1)
			a := n.Attachments[0]
			is(t, "clamped focus", [2]float64{a.FocusX, a.FocusY}, [2]float64{1, -1})
			is(t, "bad blurhash", a.Blurhash, "")
			is(t, "bad sizes", [2]int{a.Width, a.Height}, [2]int{0, 0})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			n, err := ParseNote(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, n)
			checkGolden(t, "parsed/"+strings.TrimSuffix(tt.file, ".json")+".json", n)
		})
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		raw  string
		want error
	}{
		{"not json", `{"type":`, ErrMalformed},
		{"array", `[{"type":"Follow"}]`, ErrMalformed},
		{"trailing data", `{"type":"Like"} {}`, ErrMalformed},
		{"no type", `{"id":"https://a.example/1","actor":"https://a.example/u"}`, ErrMalformed},
		{"no actor", `{"type":"Follow","object":"https://b.example/u"}`, ErrMalformed},
		{"no object", `{"type":"Like","actor":"https://a.example/u"}`, ErrMalformed},
		{"undo of nothing", `{"type":"Undo","actor":"https://a.example/u","object":{"type":"Note"}}`, ErrMalformed},
		{"actor not http", `{"type":"Like","actor":"javascript:alert(1)","object":"https://b.example/1"}`, ErrMalformed},
		{"embedded note without id", `{"type":"Create","actor":"https://a.example/u","object":{"type":"Note","content":"x"}}`, ErrMalformed},
		{"too deep", strings.Repeat(`{"a":`, MaxDocumentDepth+1) + "1" + strings.Repeat("}", MaxDocumentDepth+1), ErrTooDeep},
		{"too large", `{"type":"Note","content":"` + strings.Repeat("a", MaxDocumentBytes) + `"}`, ErrTooLarge},
		{"nested activities", nestedUndo(maxActivityNest + 2), ErrTooDeep},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseActivity([]byte(tt.raw))
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParseAcceptOfFollowWithoutID(t *testing.T) {
	t.Parallel()
	a, err := ParseActivity([]byte(`{"type":"Accept","actor":"https://b.example/u",
		"object":{"type":"Follow","actor":"https://roost.example/users/alice","object":"https://b.example/u"}}`))
	if err != nil {
		t.Fatal(err)
	}
	is(t, "follower", a.Object.Activity.Actor, "https://roost.example/users/alice")
}

func TestParseUnknownTypes(t *testing.T) {
	t.Parallel()
	for _, typ := range []string{"EmojiReact", "View", "Listen", "Note", "ChatMessage"} {
		a, err := ParseActivity([]byte(`{"type":"` + typ + `","id":"https://a.example/1"}`))
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		is(t, typ, a.Type, TypeUnknown)
	}
}

func TestParseActorRejects(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"not an actor":     `{"type":"Note","id":"https://a.example/1","inbox":"https://a.example/i","preferredUsername":"a"}`,
		"no inbox":         `{"type":"Person","id":"https://a.example/u","preferredUsername":"a"}`,
		"bad username":     `{"type":"Person","id":"https://a.example/u","inbox":"https://a.example/i","preferredUsername":"a@b"}`,
		"missing username": `{"type":"Person","id":"https://a.example/u","inbox":"https://a.example/i"}`,
	}
	for name, raw := range tests {
		if _, err := ParseActor([]byte(raw)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", name, err)
		}
	}
}

func TestParseActorDropsForeignKey(t *testing.T) {
	t.Parallel()
	a, err := ParseActor([]byte(`{"type":"Person","id":"https://a.example/u","inbox":"https://a.example/i","preferredUsername":"a",
		"publicKey":{"id":"https://b.example/u#main-key","owner":"https://b.example/u","publicKeyPem":"PEM"}}`))
	if err != nil {
		t.Fatal(err)
	}
	is(t, "key", a.PublicKey, PublicKey{})
}

func TestSameOrigin(t *testing.T) {
	t.Parallel()
	is(t, "same", SameOrigin("https://A.example/users/a", "https://a.example/objects/1"), true)
	is(t, "other host", SameOrigin("https://a.example/u", "https://a.example.evil/u"), false)
	is(t, "other scheme", SameOrigin("http://a.example/u", "https://a.example/u"), false)
	is(t, "empty", SameOrigin("", ""), false)
}

func nestedUndo(depth int) string {
	s := `"https://b.example/1"`
	for i := 0; i < depth; i++ {
		s = `{"type":"Undo","actor":"https://a.example/u","id":"https://a.example/` + string(rune('a'+i)) + `","object":` + s + `}`
	}
	return s
}

func is[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: got %#v, want %#v", what, got, want)
	}
}

func contains(t *testing.T, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Errorf("%q does not contain %q", s, sub)
	}
}

func notContains(t *testing.T, s, sub string) {
	t.Helper()
	if strings.Contains(strings.ToLower(s), sub) {
		t.Errorf("%q contains %q", s, sub)
	}
}
