package ap

import (
	"fmt"
	"html"
	"sort"
	"strings"
	"time"

	"roost/store"
)

// Note is a remote post (Note, Question, Article, Page …) reduced to what
// a store.Status and its side tables need. Content is already sanitised.
type Note struct {
	ID           string
	Type         string
	URL          string
	AttributedTo string
	InReplyTo    string
	Name         string // plain text: an Article's title, or the option of a poll vote
	Content      string // sanitised HTML
	Language     string // from contentMap, "" when not given
	Summary      string // plain text; Mastodon's spoiler_text
	Sensitive    bool
	Published    time.Time // zero when missing or unreadable
	Updated      time.Time // zero when never edited
	To, Cc       []string
	Mentions     []Mention
	Hashtags     []Hashtag
	Emojis       []store.Emoji
	Attachments  []Attachment
	Poll         *Poll
	// QuoteURI is the quoted post (Misskey's _misskey_quote and quoteUrl,
	// Fedibird's quoteUri, FEP-044f's quote).
	QuoteURI string
	// Replies is the id of the collection of replies to the post.
	Replies string
}

// noteTypes are the object types that become statuses. Mastodon takes
// Note and Question as first-class and converts the others as best it can.
var noteTypes = map[string]bool{
	"Note": true, "Question": true, "Article": true, "Page": true,
	"Event": true, "Image": true, "Video": true, "Audio": true,
}

// IsNoteType reports whether an object of type t is turned into a status.
func IsNoteType(t string) bool { return noteTypes[t] }

// ParseNote reads a post fetched on its own (not wrapped in Create).
func ParseNote(raw []byte) (*Note, error) {
	m, err := decode(raw)
	if err != nil {
		return nil, err
	}
	return noteFrom(m)
}

func noteFrom(m map[string]any) (*Note, error) {
	n := &Note{
		ID:           iri(m["id"]),
		Type:         typeOf(m),
		AttributedTo: authorOf(m["attributedTo"]),
		InReplyTo:    iri(m["inReplyTo"]),
		Name:         plainText(str(m, "name"), maxNameRunes),
		Summary:      plainText(str(m, "summary"), maxContentBytes),
		Sensitive:    boolean(m, "sensitive"),
		Published:    timestamp(m, "published"),
		Updated:      timestamp(m, "updated"),
		To:           iris(m["to"]),
		Cc:           iris(m["cc"]),
		QuoteURI:     quoteOf(m),
		Replies:      iri(m["replies"]),
	}
	switch {
	case !noteTypes[n.Type]:
		return nil, fmt.Errorf("%w: %q is not a post type", ErrMalformed, n.Type)
	case n.ID == "":
		return nil, fmt.Errorf("%w: %s without an id", ErrMalformed, n.Type)
	}
	n.URL = pageURL(m["url"])
	if n.URL == "" {
		n.URL = n.ID
	}
	n.Content, n.Language = contentOf(m)
	if n.IsPollVote() {
		return n, nil
	}
	if n.Type != "Note" && n.Type != "Question" {
		n.Content = convertedContent(m, n.Content, n.URL)
	}
	readTags(n, m["tag"])
	n.Attachments = attachmentsOf(m["attachment"])
	if n.Type == "Question" {
		n.Poll = pollOf(m)
	}
	return n, nil
}

// IsPollVote reports whether the note is a vote on a poll rather than a
// post: Mastodon sends each choice as a Note with only a name (the option's
// title) and inReplyTo (the Question), addressed to the poll's author.
func (n *Note) IsPollVote() bool {
	return n.Type == "Note" && n.Name != "" && n.InReplyTo != "" && n.Content == ""
}

// ToStatus maps the note onto a new store.Status. followersURL is the
// author's followers collection (see Visibility). Ids that need the store
// (account, reply parent, poll) are left for the caller.
func (n *Note) ToStatus(followersURL string) store.Status {
	s := store.Status{
		URI:          n.ID,
		URL:          n.URL,
		InReplyToURI: n.InReplyTo,
		Visibility:   Visibility(n.To, n.Cc, followersURL),
		Content:      n.Content,
		SpoilerText:  n.Summary,
		Sensitive:    n.Sensitive,
		Language:     n.Language,
		CreatedAt:    n.Published,
	}
	if n.QuoteURI != n.ID { // a post quoting itself quotes nothing
		s.QuoteURI = n.QuoteURI
	}
	if !n.Updated.IsZero() && n.Updated.After(n.Published) {
		edited := n.Updated
		s.EditedAt = &edited
	}
	return s
}

// authorOf reads attributedTo: an IRI, an actor object, or (PeerTube) an
// array of a Person and a Group, where the Person is the author.
func authorOf(v any) string {
	for _, o := range objects(v) {
		if t := typeOf(o); t == "Person" || t == "Service" || t == "Application" {
			if id := iri(o); id != "" {
				return id
			}
		}
	}
	return iri(v)
}

// pageURL reads url: a string, a Link, or an array of either; an HTML link
// is preferred, as Mastodon does.
func pageURL(v any) string {
	for _, o := range objects(v) {
		if strings.HasPrefix(mediaTypeOf(o), "text/html") {
			if u := iri(o); u != "" {
				return u
			}
		}
	}
	return iri(v)
}

// quoteOf reads the quote-post extensions in order of how standard they are.
func quoteOf(m map[string]any) string {
	for _, key := range []string{"quote", "quoteUri", "quoteUrl", "_misskey_quote"} {
		if u := iri(m[key]); u != "" {
			return u
		}
	}
	return ""
}

// contentOf returns the sanitised HTML content and its language. content
// wins; contentMap fills in when content is absent; Misskey's MFM source
// is a last resort, shown as plain text.
func contentOf(m map[string]any) (content, language string) {
	raw := str(m, "content")
	langs, _ := m["contentMap"].(map[string]any)
	keys := make([]string, 0, len(langs))
	for k := range langs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, _ := langs[k].(string)
		if raw == "" && v != "" {
			raw = v
		}
		if v == raw && language == "" {
			language = k
		}
	}
	if language == "" && len(keys) == 1 {
		language = keys[0]
	}
	if len(language) > 16 {
		language = ""
	}
	if raw == "" {
		if source, ok := m["source"].(map[string]any); ok {
			raw = textToHTML(str(source, "content"))
		} else {
			raw = textToHTML(str(m, "_misskey_content"))
		}
	}
	if t := str(m, "mediaType"); t != "" && !strings.HasPrefix(t, "text/html") {
		raw = textToHTML(raw) // PeerTube's markdown, or plain text: shown as typed
	}
	if len(raw) > maxContentBytes {
		raw = raw[:maxContentBytes]
	}
	return SanitizeHTML(raw), language
}

// convertedContent renders an Article, Page, Event or media object as a
// status, as Mastodon converts them: the title, the content, then a link to
// the original, which a reader may need for what we cannot show.
func convertedContent(m map[string]any, content, pageURL string) string {
	var b strings.Builder
	if name := plainText(str(m, "name"), maxNameRunes); name != "" {
		b.WriteString("<p><strong>" + html.EscapeString(name) + "</strong></p>")
	}
	b.WriteString(content)
	link := html.EscapeString(pageURL)
	b.WriteString(`<p><a href="` + link + `">` + link + `</a></p>`)
	return SanitizeHTML(b.String())
}

// mediaTypeOf reads mediaType, or mimeType as PeerTube used to send it.
func mediaTypeOf(o map[string]any) string {
	if t := str(o, "mediaType"); t != "" {
		return t
	}
	return str(o, "mimeType")
}

// IsTombstone reports whether a fetched object is a Tombstone: what a
// server may serve in place of a deleted post.
func IsTombstone(raw []byte) bool {
	m, err := decode(raw)
	return err == nil && typeOf(m) == "Tombstone"
}
