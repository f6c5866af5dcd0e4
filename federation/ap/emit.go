package ap

import (
	"bytes"
	"encoding/json"
	"time"
)

// ldContext is the @context of every document Roost serves or sends:
// ActivityStreams, security v1 (publicKey) and the Mastodon extensions
// peers look for, spelled the way Mastodon spells them. It is never
// modified; documents share it.
var ldContext = []any{
	"https://www.w3.org/ns/activitystreams",
	"https://w3id.org/security/v1",
	map[string]any{
		"manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
		"sensitive":                 "as:sensitive",
		"Hashtag":                   "as:Hashtag",
		"alsoKnownAs":               map[string]any{"@id": "as:alsoKnownAs", "@type": "@id"},
		"movedTo":                   map[string]any{"@id": "as:movedTo", "@type": "@id"},
		"toot":                      "http://joinmastodon.org/ns#",
		"Emoji":                     "toot:Emoji",
		"featured":                  map[string]any{"@id": "toot:featured", "@type": "@id"},
		"featuredTags":              map[string]any{"@id": "toot:featuredTags", "@type": "@id"},
		"discoverable":              "toot:discoverable",
		"indexable":                 "toot:indexable",
		"blurhash":                  "toot:blurhash",
		"focalPoint":                map[string]any{"@container": "@list", "@id": "toot:focalPoint"},
		"votersCount":               "toot:votersCount",
		"schema":                    "http://schema.org#",
		"PropertyValue":             "schema:PropertyValue",
		"value":                     "schema:value",
	},
}

// Emitter builds the ActivityStreams documents of this instance's objects.
type Emitter struct {
	paths Paths
}

// NewEmitter returns an Emitter naming local objects with paths.
func NewEmitter(paths Paths) Emitter { return Emitter{paths: paths} }

// Marshal serialises a document without HTML-escaping its content, so the
// JSON reads like Mastodon's ("<p>", not "\u003cp\u003e").
func Marshal(doc any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// formatTime writes xsd:dateTime the way Mastodon does: UTC, whole seconds.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// nullable gives JSON null for "", as Mastodon sends for summary and
// inReplyTo.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
