package actions

import (
	"strings"
	"testing"
)

func TestFirstLink(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"plain link", `<p>see <a href="https://example.com/a" rel="nofollow">x</a></p>`, "https://example.com/a"},
		{"mention and hashtag skipped", `<p><span class="h-card"><a href="https://h/@bob" class="u-url mention">@bob</a></span> ` +
			`<a href="https://h/tags/x" class="mention hashtag" rel="tag">#x</a> <a href="http://example.org/">e</a></p>`, "http://example.org/"},
		{"rel tag alone is a hashtag", `<a href="https://h/tags/x" rel="tag">#x</a>`, ""},
		{"not http", `<a href="javascript:alert(1)">x</a><a href="mailto:a@b">m</a>`, ""},
		{"credentials in URL", `<a href="https://user:pw@example.com/">x</a>`, ""},
		{"no link", `<p>hello</p>`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FirstLink(tc.content); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCardFromPage(t *testing.T) {
	tests := []struct {
		name, page string
		want       *Card // nil: no card
		image      string
	}{
		{"opengraph", `<html><head><meta property="og:title" content="OG title"><meta property="og:description" content="Desc">
			<meta property="og:site_name" content="Site"><meta property="og:image" content="/img.png">
			<meta property="og:image:alt" content="alt text"><meta name="author" content="Ann"><title>T</title></head></html>`,
			&Card{Title: "OG title", Description: "Desc", ProviderName: "Site", AuthorName: "Ann", ImageDescription: "alt text"},
			"https://example.com/img.png"},
		{"twitter", `<meta name="twitter:title" content="TW"><meta name="twitter:description" content="D"><meta name="twitter:image" content="https://cdn.example/i.jpg">`,
			&Card{Title: "TW", Description: "D", ProviderName: "example.com"}, "https://cdn.example/i.jpg"},
		{"title and description", `<head><title> Plain
			title </title><meta name="description" content="About"></head>`,
			&Card{Title: "Plain title", Description: "About", ProviderName: "example.com"}, ""},
		{"no title", `<head><meta name="description" content="About"></head>`, nil, ""},
		{"metadata in the body is ignored", `<head></head><body><meta property="og:title" content="late"></body>`, nil, ""},
		{"hostile markup kept as text", `<meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt;<b>">`,
			&Card{Title: "<script>alert(1)</script><b>", ProviderName: "example.com"}, ""},
		{"author URL dropped", `<title>x</title><meta property="article:author" content="https://fb.example/ann">`,
			&Card{Title: "x", ProviderName: "example.com"}, ""},
		{"javascript image dropped", `<title>x</title><meta property="og:image" content="javascript:alert(1)">`,
			&Card{Title: "x", ProviderName: "example.com"}, ""},
		{"truncated head still parses", `<head><title>cut</title><meta name="description" content="unfinis`,
			&Card{Title: "cut", ProviderName: "example.com"}, ""},
		{"long title cut", `<title>` + strings.Repeat("a", 500) + `</title>`,
			&Card{Title: strings.Repeat("a", cardTitleMax-1) + "…", ProviderName: "example.com"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, image := cardFromPage("https://example.com/a", "https://example.com/a", []byte(tc.page))
			if tc.want == nil {
				if got != nil {
					t.Fatalf("got %+v, want none", got)
				}
				return
			}
			if got == nil {
				t.Fatal("no card")
			}
			tc.want.URL, tc.want.Type = "https://example.com/a", "link"
			if *got != *tc.want {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
			if image != tc.image {
				t.Errorf("image %q, want %q", image, tc.image)
			}
		})
	}
}
