// Package text turns what a user typed into the HTML Mastodon serves:
// escaped text in paragraphs, links, mentions and hashtags.
package text

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Handle names an account as typed: @username or @username@domain.
type Handle struct {
	Username string
	Domain   string // "" when typed without one
}

// Options are what formatting needs from the instance.
type Options struct {
	// Resolve returns the profile URL of a mentioned account, or ok false when
	// it is unknown (the mention then stays plain text).
	Resolve func(h Handle) (profileURL string, ok bool)
	// TagURL is the page of a hashtag.
	TagURL func(name string) string
}

// Result is formatted text and what it refers to.
type Result struct {
	HTML     string
	Mentions []Handle // resolved mentions, first occurrence order, no repeats
	Tags     []string // hashtags as typed, no repeats (ignoring case)
}

// token finds links, mentions and hashtags. Groups: 1 URL; 2 mention
// username, 3 mention domain (with a port, as instances on loopback have
// in tests and development); 4 hashtag name.
var token = regexp.MustCompile(`(https?://[^\s<>"'\x60]+)` +
	`|@([A-Za-z0-9_]+(?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?:@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]{1,5})?))?` +
	`|#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*)`)

// MaxURLLength is how many characters a link counts for, as Mastodon counts it.
const MaxURLLength = 23

// Format renders src the way Mastodon does: paragraphs split on blank lines,
// <br /> for single line breaks, everything else escaped.
func Format(src string, opts Options) Result {
	src = strings.ReplaceAll(strings.ToValidUTF8(src, "\uFFFD"), "\r\n", "\n")
	var res Result
	var b strings.Builder
	seenTags := map[string]bool{}
	seenMentions := map[Handle]bool{}
	for _, para := range splitParagraphs(src) {
		b.WriteString("<p>")
		for j, line := range strings.Split(para, "\n") {
			if j > 0 {
				b.WriteString("<br />")
			}
			formatLine(&b, line, opts, &res, seenTags, seenMentions)
		}
		b.WriteString("</p>")
	}
	res.HTML = b.String()
	return res
}

var blankLines = regexp.MustCompile(`\n[ \t]*\n\s*`)

func splitParagraphs(src string) []string {
	src = strings.Trim(src, "\n")
	if strings.TrimSpace(src) == "" {
		return nil
	}
	return blankLines.Split(src, -1)
}

func formatLine(b *strings.Builder, line string, opts Options, res *Result, seenTags map[string]bool, seenMentions map[Handle]bool) {
	last := 0
	for _, m := range token.FindAllStringSubmatchIndex(line, -1) {
		start, end := m[0], m[1]
		if !boundaryBefore(line, start) {
			continue
		}
		var out string
		switch {
		case m[2] >= 0:
			url := trimURL(line[m[2]:m[3]])
			end = start + len(url)
			out = linkHTML(url)
		case m[4] >= 0:
			h := Handle{Username: line[m[4]:m[5]]}
			if m[6] >= 0 {
				h.Domain = strings.ToLower(line[m[6]:m[7]])
			}
			profile, ok := "", false
			if opts.Resolve != nil {
				profile, ok = opts.Resolve(h)
			}
			if !ok {
				continue
			}
			if !seenMentions[h] {
				seenMentions[h] = true
				res.Mentions = append(res.Mentions, h)
			}
			out = `<span class="h-card" translate="no"><a href="` + html.EscapeString(profile) +
				`" class="u-url mention">@<span>` + html.EscapeString(h.Username) + `</span></a></span>`
		case m[8] >= 0:
			name := line[m[8]:m[9]]
			if utf8.RuneCountInString(name) > 100 {
				continue
			}
			if key := strings.ToLower(name); !seenTags[key] {
				seenTags[key] = true
				res.Tags = append(res.Tags, name)
			}
			href := "/tags/" + name
			if opts.TagURL != nil {
				href = opts.TagURL(name)
			}
			out = `<a href="` + html.EscapeString(href) + `" class="mention hashtag" rel="tag">#<span>` + html.EscapeString(name) + `</span></a>`
		}
		b.WriteString(html.EscapeString(line[last:start]))
		b.WriteString(out)
		last = end
	}
	b.WriteString(html.EscapeString(line[last:]))
}

// boundaryBefore keeps "me@example.com" and "a#b" from being read as a
// mention or hashtag: those must start a word.
func boundaryBefore(line string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(line[:i])
	return !(r == '_' || r == '/' || r == '&' || r == '#' || r == '@' || r >= '0' && r <= '9' ||
		r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 && isWordRune(r))
}

var wordRune = regexp.MustCompile(`^[\p{L}\p{N}]$`)

func isWordRune(r rune) bool { return wordRune.MatchString(string(r)) }

// trimURL drops sentence punctuation a URL was followed by, keeping a
// closing bracket when the URL itself opened one (Wikipedia links).
func trimURL(u string) string {
	for len(u) > 0 {
		last := u[len(u)-1]
		switch {
		case strings.IndexByte(".,:;!?", last) >= 0:
			u = u[:len(u)-1]
		case last == ')' && strings.Count(u, "(") < strings.Count(u, ")"):
			u = u[:len(u)-1]
		default:
			return u
		}
	}
	return u
}

// linkHTML shortens a URL's text the way Mastodon does: the scheme hidden,
// the rest cut after 30 characters with an ellipsis class.
func linkHTML(url string) string {
	scheme, rest, _ := strings.Cut(url, "://")
	scheme += "://"
	shown, hidden := rest, ""
	class := ""
	if utf8.RuneCountInString(rest) > 30 {
		runes := []rune(rest)
		shown, hidden = string(runes[:30]), string(runes[30:])
		class = "ellipsis"
	}
	return `<a href="` + html.EscapeString(url) + `" target="_blank" rel="nofollow noopener" translate="no">` +
		`<span class="invisible">` + html.EscapeString(scheme) + `</span><span class="` + class + `">` + html.EscapeString(shown) +
		`</span><span class="invisible">` + html.EscapeString(hidden) + `</span></a>`
}

// Length counts a status's characters as Mastodon does: every link counts
// as MaxURLLength, and a remote mention counts only its @username.
func Length(src string) int {
	n := utf8.RuneCountInString(src)
	for _, m := range token.FindAllStringSubmatchIndex(src, -1) {
		switch {
		case m[2] >= 0:
			url := trimURL(src[m[2]:m[3]])
			n += MaxURLLength - utf8.RuneCountInString(url)
		case m[6] >= 0:
			n -= utf8.RuneCountInString(src[m[6]-1 : m[7]])
		}
	}
	return n
}
