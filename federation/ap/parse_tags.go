package ap

import (
	"strings"

	"roost/store"
)

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
	if url == "" || !validShortcode(code) {
		return store.Emoji{}, false
	}
	return store.Emoji{Shortcode: code, URL: url, StaticURL: url}, true
}

// validShortcode accepts Mastodon's shortcode alphabet plus the "+" and "-"
// Misskey allows; shortcodes end up inside rendered HTML, so nothing else.
func validShortcode(code string) bool {
	if len(code) < 1 || len(code) > 100 {
		return false
	}
	for _, c := range code {
		ok := c == '_' || c == '+' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !ok {
			return false
		}
	}
	return true
}
