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
}

// Mention is a tag of type Mention: the mentioned actor's IRI and handle.
type Mention struct {
	Href string
	Name string // "@user@host" or "@user"
}

// Hashtag is a tag of type Hashtag; Name has no leading "#".
type Hashtag struct {
	Name string
	Href string
}

// Attachment is one media item of a post.
type Attachment struct {
	Kind        string // image, video, audio or unknown, as in media_attachments.kind
	MediaType   string
	URL         string
	Description string // alt text
	Blurhash    string
	FocusX      float64 // -1 … 1
	FocusY      float64
	Width       int
	Height      int
}

// Poll is a Question's options and state.
type Poll struct {
	Options     []PollOption
	Multiple    bool      // anyOf rather than oneOf
	EndTime     time.Time // zero when open-ended
	Closed      time.Time // zero while open
	VotersCount int
}

// PollOption is one choice and its vote count (replies.totalItems).
type PollOption struct {
	Title string
	Votes int
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
		if strings.HasPrefix(str(o, "mediaType"), "text/html") {
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
	if len(raw) > maxContentBytes {
		raw = raw[:maxContentBytes]
	}
	return SanitizeHTML(raw), language
}

// convertedContent renders an Article, Page, Event or media object the way
// Mastodon does: its name when it has no content, then a link to the page.
func convertedContent(m map[string]any, content, pageURL string) string {
	if content == "" {
		content = textToHTML(plainText(str(m, "name"), maxContentBytes))
	}
	link := html.EscapeString(pageURL)
	return SanitizeHTML(content + `<p><a href="` + link + `">` + link + `</a></p>`)
}

// readTags sorts the tag property into mentions, hashtags and emojis.
func readTags(n *Note, v any) {
	for _, t := range objects(v) {
		switch typeOf(t) {
		case "Mention":
			if href := iri(t["href"]); href != "" {
				n.Mentions = append(n.Mentions, Mention{Href: href, Name: plainText(str(t, "name"), maxNameRunes)})
			}
		case "Hashtag":
			name := strings.TrimPrefix(plainText(str(t, "name"), maxNameRunes), "#")
			if name != "" {
				n.Hashtags = append(n.Hashtags, Hashtag{Name: name, Href: iri(t["href"])})
			}
		case "Emoji":
			if e, ok := emojiOf(t); ok {
				n.Emojis = append(n.Emojis, e)
			}
		}
	}
}

// emojisOf returns the custom emojis among a tag property.
func emojisOf(v any) []store.Emoji {
	var out []store.Emoji
	for _, t := range objects(v) {
		if typeOf(t) != "Emoji" {
			continue
		}
		if e, ok := emojiOf(t); ok {
			out = append(out, e)
		}
	}
	return out
}

// emojiOf reads {name: ":blob:", icon: {url}}; the icon url may itself be
// a Link, and some servers send icon as an array.
func emojiOf(t map[string]any) (store.Emoji, bool) {
	code := strings.Trim(plainText(str(t, "name"), maxNameRunes), ":")
	var url string
	for _, icon := range objects(t["icon"]) {
		if url = iri(icon["url"]); url != "" {
			break
		}
	}
	if code == "" || url == "" || strings.ContainsAny(code, " :") {
		return store.Emoji{}, false
	}
	return store.Emoji{Shortcode: code, URL: url, StaticURL: url}, true
}

// attachmentsOf reads Document/Image/Video/Audio attachments; other
// entries (Pixelfed's PropertyValue, Link previews) are skipped.
func attachmentsOf(v any) []Attachment {
	var out []Attachment
	for _, o := range objects(v) {
		if len(out) == maxAttachments {
			break
		}
		if a, ok := attachmentOf(o); ok {
			out = append(out, a)
		}
	}
	return out
}

func attachmentOf(o map[string]any) (Attachment, bool) {
	t := typeOf(o)
	if t != "Document" && t != "Image" && t != "Video" && t != "Audio" {
		return Attachment{}, false
	}
	a := Attachment{
		MediaType:   str(o, "mediaType"),
		URL:         iri(o["url"]),
		Description: plainText(str(o, "name"), 1500),
		Blurhash:    blurhash(str(o, "blurhash")),
		Width:       dimension(o["width"]),
		Height:      dimension(o["height"]),
	}
	if links := objects(o["url"]); len(links) > 0 && a.MediaType == "" {
		a.MediaType = str(links[0], "mediaType")
	}
	if a.URL == "" {
		return Attachment{}, false
	}
	if focus := list(o["focalPoint"]); len(focus) == 2 {
		a.FocusX, a.FocusY = clampFocus(number(focus[0])), clampFocus(number(focus[1]))
	}
	a.Kind = mediaKind(t, a.MediaType)
	return a, true
}

// mediaKind follows Mastodon: the MIME type decides, the AS type helps.
func mediaKind(asType, mediaType string) string {
	major, _, _ := strings.Cut(mediaType, "/")
	switch {
	case major == "image" || (major == "" && asType == "Image"):
		return "image"
	case major == "video" || (major == "" && asType == "Video"):
		return "video"
	case major == "audio" || (major == "" && asType == "Audio"):
		return "audio"
	}
	return "unknown"
}

// dimension keeps a pixel size only when it is plausible.
func dimension(v any) int {
	n := integer(v)
	if n > 1<<16 {
		return 0
	}
	return n
}

func clampFocus(f float64) float64 {
	return max(-1, min(1, f))
}

// blurhash keeps a value only if it uses the blurhash alphabet.
func blurhash(s string) string {
	if len(s) < 6 || len(s) > 128 {
		return ""
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~", c) {
			return ""
		}
	}
	return s
}

// pollOf reads a Question: oneOf or anyOf options whose replies.totalItems
// are the vote counts, endTime, closed (a time, or true) and votersCount.
func pollOf(m map[string]any) *Poll {
	p := &Poll{EndTime: timestamp(m, "endTime"), VotersCount: integer(m["votersCount"])}
	choices := m["oneOf"]
	if _, ok := m["anyOf"]; ok && choices == nil {
		choices, p.Multiple = m["anyOf"], true
	}
	for _, o := range objects(choices) {
		if len(p.Options) == maxPollOptions {
			break
		}
		title := plainText(str(o, "name"), 200)
		if title == "" {
			continue
		}
		var votes int
		if r, ok := o["replies"].(map[string]any); ok {
			votes = integer(r["totalItems"])
		}
		p.Options = append(p.Options, PollOption{Title: title, Votes: votes})
	}
	p.Closed = timestamp(m, "closed")
	if p.Closed.IsZero() && boolean(m, "closed") {
		p.Closed = p.EndTime
	}
	if len(p.Options) == 0 {
		return nil
	}
	return p
}
