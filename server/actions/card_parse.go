package actions

import (
	"bytes"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Bounds on what a preview keeps of a page's metadata.
const (
	cardTitleMax       = 300
	cardDescriptionMax = 1000
	cardNameMax        = 200
)

// FirstLink is the first http(s) link of a status's HTML that is neither
// a mention nor a hashtag: the link its preview card shows. "" when none.
func FirstLink(content string) string {
	z := html.NewTokenizer(strings.NewReader(content))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken:
			t := z.Token()
			if t.DataAtom != atom.A {
				continue
			}
			href, class, rel := attr(t, "href"), attr(t, "class"), attr(t, "rel")
			if hasWord(class, "mention") || hasWord(class, "hashtag") || hasWord(rel, "tag") {
				continue
			}
			if u, err := url.Parse(href); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil {
				return href
			}
		}
	}
}

func attr(t html.Token, name string) string {
	for _, a := range t.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasWord(list, word string) bool {
	for _, w := range strings.Fields(list) {
		if strings.EqualFold(w, word) {
			return true
		}
	}
	return false
}

// pageMeta is what a page's <head> says about it.
type pageMeta struct {
	meta  map[string]string // first value of each og:/twitter:/name meta, lower-case key
	title string
}

// parseHead reads the metadata of an HTML page, stopping at <body> (or
// the end of what was read: a truncated page still gives its head).
func parseHead(page []byte) pageMeta {
	out := pageMeta{meta: map[string]string{}}
	z := html.NewTokenizer(bytes.NewReader(page))
	inTitle := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if inTitle && out.title == "" {
				out.title = string(z.Text())
			}
		case html.EndTagToken:
			t := z.Token()
			if t.DataAtom == atom.Head {
				return out
			}
			inTitle = false
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			switch t.DataAtom {
			case atom.Body:
				return out
			case atom.Title:
				inTitle = tt == html.StartTagToken
			case atom.Meta:
				key := strings.ToLower(attr(t, "property"))
				if key == "" {
					key = strings.ToLower(attr(t, "name"))
				}
				if _, seen := out.meta[key]; key != "" && !seen {
					out.meta[key] = attr(t, "content")
				}
			}
		}
	}
}

// first is the first non-blank of the metas named, cleaned and cut to limit.
func (m pageMeta) first(limit int, keys ...string) string {
	for _, k := range keys {
		if v := clean(m.meta[k], limit); v != "" {
			return v
		}
	}
	return ""
}

// clean collapses white space and cuts s to limit characters, dropping
// invalid UTF-8.
func clean(s string, limit int) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " ")
	if utf8.RuneCountInString(s) > limit {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:limit-1])) + "…"
	}
	return s
}

// cardFromPage builds a preview from a page's head, or nil when it has
// no title. imageURL is the page's image (absolute), still to download.
func cardFromPage(link, finalURL string, page []byte) (card *Card, imageURL string) {
	m := parseHead(page)
	title := m.first(cardTitleMax, "og:title", "twitter:title")
	if title == "" {
		title = clean(m.title, cardTitleMax)
	}
	if title == "" {
		return nil, ""
	}
	base, err := url.Parse(finalURL)
	if err != nil {
		return nil, ""
	}
	card = &Card{URL: link, Title: title, Type: "link",
		Description:      m.first(cardDescriptionMax, "og:description", "twitter:description", "description"),
		ProviderName:     m.first(cardNameMax, "og:site_name", "application-name"),
		AuthorName:       m.first(cardNameMax, "author", "article:author", "twitter:creator"),
		ImageDescription: m.first(cardDescriptionMax, "og:image:alt", "twitter:image:alt"),
	}
	if card.ProviderName == "" {
		card.ProviderName = base.Hostname()
	}
	if strings.HasPrefix(card.AuthorName, "http://") || strings.HasPrefix(card.AuthorName, "https://") {
		card.AuthorName = "" // article:author is often a profile URL, not a name
	}
	if img := m.first(2048, "og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src"); img != "" {
		if u, err := base.Parse(img); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			imageURL = u.String()
		}
	}
	return card, imageURL
}

// isHTML says whether a Content-Type is a web page.
func isHTML(contentType string) bool {
	ct := strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	return ct == "text/html" || ct == "application/xhtml+xml"
}
