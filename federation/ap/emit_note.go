package ap

import (
	"strconv"
	"strings"

	"roost/store"
)

// NoteDoc is a Note, or a Question when the status has a poll.
type NoteDoc struct {
	Context      any               `json:"@context,omitempty"`
	ID           string            `json:"id"`
	Type         string            `json:"type"`
	Summary      *string           `json:"summary"`
	InReplyTo    *string           `json:"inReplyTo"`
	Published    string            `json:"published"`
	Updated      string            `json:"updated,omitempty"`
	URL          string            `json:"url"`
	AttributedTo string            `json:"attributedTo"`
	To           []string          `json:"to"`
	Cc           []string          `json:"cc"`
	Sensitive    bool              `json:"sensitive"`
	Content      string            `json:"content"`
	ContentMap   map[string]string `json:"contentMap,omitempty"`
	Attachment   []attachmentDoc   `json:"attachment"`
	Tag          []tagDoc          `json:"tag"`
	Replies      *collectionDoc    `json:"replies,omitempty"`
	// Question only.
	EndTime     string      `json:"endTime,omitempty"`
	Closed      string      `json:"closed,omitempty"`
	VotersCount *int        `json:"votersCount,omitempty"`
	OneOf       []optionDoc `json:"oneOf,omitempty"`
	AnyOf       []optionDoc `json:"anyOf,omitempty"`
}

type attachmentDoc struct {
	Type       string    `json:"type"`
	MediaType  string    `json:"mediaType"`
	URL        string    `json:"url"`
	Name       *string   `json:"name"`
	Blurhash   string    `json:"blurhash,omitempty"`
	FocalPoint []float64 `json:"focalPoint,omitempty"`
	Width      int       `json:"width,omitempty"`
	Height     int       `json:"height,omitempty"`
	// Duration is ISO 8601, as Mastodon federates a video's or audio's length.
	Duration string `json:"duration,omitempty"`
}

// tagDoc is one entry of tag: a Mention, a Hashtag or an Emoji.
type tagDoc struct {
	ID      string    `json:"id,omitempty"`
	Type    string    `json:"type"`
	Href    string    `json:"href,omitempty"`
	Name    string    `json:"name"`
	Updated string    `json:"updated,omitempty"`
	Icon    *imageDoc `json:"icon,omitempty"`
}

type optionDoc struct {
	Type    string        `json:"type"`
	Name    string        `json:"name"`
	Replies collectionDoc `json:"replies"`
}

// NoteParts is what a Note needs beyond store.Status, as plain values the
// caller has already loaded: the author, the parent's IRI, the mentioned
// actors, hashtag names, custom emojis, media and poll.
type NoteParts struct {
	Author      *store.Account
	InReplyTo   string
	Mentions    []Mention
	Hashtags    []string
	Emojis      []store.Emoji
	Attachments []Attachment
	Poll        *Poll
}

// Note builds the Note (or Question) of a local status, addressed per its
// visibility as Mastodon does (see Addressing).
func (e Emitter) Note(s *store.Status, parts NoteParts) *NoteDoc {
	author := e.paths.Actor(parts.Author.Username)
	mentioned := make([]string, 0, len(parts.Mentions))
	for _, m := range parts.Mentions {
		mentioned = append(mentioned, m.Href)
	}
	to, cc := Addressing(s.Visibility, e.paths.Followers(parts.Author.Username), mentioned)
	doc := &NoteDoc{
		Context:      ldContext,
		ID:           s.URI,
		Type:         "Note",
		Summary:      nullable(s.SpoilerText),
		InReplyTo:    nullable(parts.InReplyTo),
		Published:    formatTime(s.CreatedAt),
		URL:          s.URL,
		AttributedTo: author,
		To:           nonNil(to),
		Cc:           nonNil(cc),
		Sensitive:    s.Sensitive,
		Content:      s.Content,
		Attachment:   attachmentDocs(parts.Attachments),
		Tag:          noteTags(parts, e.paths),
		Replies:      repliesStub(s.URI),
	}
	if doc.URL == "" {
		doc.URL = s.URI
	}
	if s.Language != "" {
		doc.ContentMap = map[string]string{s.Language: s.Content}
	}
	if s.EditedAt != nil {
		doc.Updated = formatTime(*s.EditedAt)
	}
	if parts.Poll != nil {
		setPoll(doc, parts.Poll)
	}
	return doc
}

// embedded returns a copy without @context, for use inside an activity.
func (d *NoteDoc) embedded() *NoteDoc {
	c := *d
	c.Context = nil
	return &c
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func attachmentDocs(media []Attachment) []attachmentDoc {
	out := make([]attachmentDoc, 0, len(media))
	for _, a := range media {
		d := attachmentDoc{
			Type: "Document", MediaType: a.MediaType, URL: a.URL, Name: nullable(a.Description),
			Blurhash: a.Blurhash, Width: a.Width, Height: a.Height,
		}
		if a.Duration > 0 {
			d.Duration = "PT" + strconv.FormatFloat(a.Duration, 'f', -1, 64) + "S"
		}
		if a.Kind == "image" || a.FocusX != 0 || a.FocusY != 0 {
			d.FocalPoint = []float64{clampFocus(a.FocusX), clampFocus(a.FocusY)}
		}
		out = append(out, d)
	}
	return out
}

func noteTags(parts NoteParts, paths Paths) []tagDoc {
	tags := []tagDoc{}
	for _, m := range parts.Mentions {
		tags = append(tags, tagDoc{Type: "Mention", Href: m.Href, Name: m.Name})
	}
	for _, h := range parts.Hashtags {
		h = strings.TrimPrefix(h, "#")
		tags = append(tags, tagDoc{Type: "Hashtag", Href: paths.Tag(strings.ToLower(h)), Name: "#" + h})
	}
	return append(tags, emojiTags(parts.Emojis, paths)...)
}

// emojiTags renders custom emojis as Mastodon does; local emojis get an
// id under /emojis/ so that peers can cache them by IRI.
func emojiTags(emojis []store.Emoji, paths Paths) []tagDoc {
	tags := []tagDoc{}
	for _, em := range emojis {
		tags = append(tags, tagDoc{
			ID:   paths.Emoji(em.Shortcode),
			Type: "Emoji",
			Name: ":" + em.Shortcode + ":",
			Icon: &imageDoc{Type: "Image", MediaType: imageTypeOf(em.URL), URL: em.URL},
		})
	}
	return tags
}

// imageTypeOf guesses an emoji's MIME type from its file name.
func imageTypeOf(u string) string {
	switch {
	case strings.HasSuffix(u, ".gif"):
		return "image/gif"
	case strings.HasSuffix(u, ".webp"):
		return "image/webp"
	case strings.HasSuffix(u, ".png"):
		return "image/png"
	}
	return ""
}

// repliesStub is Mastodon's replies collection with an empty first page:
// enough for peers that look for it, without serving the thread.
func repliesStub(uri string) *collectionDoc {
	id := uri + "/replies"
	return &collectionDoc{
		ID:   id,
		Type: "Collection",
		First: &pageDoc{
			Type:   "CollectionPage",
			Next:   id + "?only_other_accounts=true&page=true",
			PartOf: id,
			Items:  []any{},
		},
	}
}

func setPoll(doc *NoteDoc, p *Poll) {
	doc.Type = "Question"
	doc.EndTime = formatTime(p.EndTime)
	doc.Closed = formatTime(p.Closed)
	voters := p.VotersCount
	doc.VotersCount = &voters
	options := make([]optionDoc, 0, len(p.Options))
	for _, o := range p.Options {
		votes := o.Votes
		options = append(options, optionDoc{Type: "Note", Name: o.Title, Replies: collectionDoc{Type: "Collection", TotalItems: &votes}})
	}
	if p.Multiple {
		doc.AnyOf = options
	} else {
		doc.OneOf = options
	}
}
