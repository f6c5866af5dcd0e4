package ap

import (
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// linkSchemes are the URL schemes Mastodon keeps in remote links
// (Sanitize::Config::MASTODON_STRICT); anything else, javascript: and
// data: included, loses its href.
var linkSchemes = []string{"http", "https", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher", "xmpp", "magnet", "gemini"}

// microformatClasses matches a class attribute made only of the classes
// Mastodon's web UI styles; other class values are dropped whole.
var microformatClasses = regexp.MustCompile(`^\s*(?:(?:h-card|mention|hashtag|u-url|invisible|ellipsis|quote-inline)\s*)+$`)

// quoteInline matches the class of the "RE: <link>" paragraph Mastodon
// 4.5 adds to a quote post for servers without quotes: kept so that a page
// showing the quote can hide it, as Mastodon's web UI does.
var quoteInline = regexp.MustCompile(`^\s*quote-inline\s*$`)

// remotePolicy is built once: a bluemonday Policy is safe for concurrent
// use once built and is never changed afterwards.
var remotePolicy = sync.OnceValue(newRemotePolicy)

func newRemotePolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "span", "a", "del", "pre", "code", "em", "strong", "b", "i", "u",
		"ul", "ol", "li", "blockquote")
	p.AllowAttrs("class").Matching(microformatClasses).OnElements("span", "a")
	p.AllowAttrs("class").Matching(quoteInline).OnElements("p")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("value").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("li")
	p.AllowURLSchemes(linkSchemes...)
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	// Mastodon rewrites every remote link to rel="nofollow noopener noreferrer" target="_blank".
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	// "a<div>b</div>" must not read "ab" once the div is gone.
	p.AddSpaceWhenStrippingTag(true)
	p.SkipElementsContent("script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "title")
	return p
}

// SanitizeHTML cleans remote HTML (a status's content, a bio, a profile
// field's value) down to the tags Mastodon renders.
func SanitizeHTML(s string) string {
	return strings.TrimSpace(remotePolicy().Sanitize(s))
}

// plainText cleans a value that is plain text in Mastodon (display names,
// field names, alt text): markup is stripped, entities decoded, control
// characters removed and the length capped.
func plainText(s string, max int) string {
	if strings.ContainsAny(s, "<&") {
		s = html.UnescapeString(bluemonday.StrictPolicy().Sanitize(s))
	}
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return truncateRunes(strings.TrimSpace(s), max)
}

func truncateRunes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i]
		}
		n++
	}
	return s
}

// textToHTML wraps plain text (Misskey's MFM source when no content was
// sent) as one escaped paragraph.
func textToHTML(s string) string {
	s = html.EscapeString(strings.TrimSpace(strings.ReplaceAll(s, "\r", "")))
	if s == "" {
		return ""
	}
	return "<p>" + strings.ReplaceAll(s, "\n", "<br>") + "</p>"
}
