package text

import (
	"reflect"
	"strings"
	"testing"
)

func testOptions() Options {
	return Options{
		Resolve: func(h Handle) (string, bool) {
			switch {
			case h.Username == "alice" && h.Domain == "":
				return "https://roost.test/@alice", true
			case h.Username == "bob" && h.Domain == "remote.example":
				return "https://remote.example/@bob", true
			}
			return "", false
		},
		TagURL: func(name string) string { return "https://roost.test/tags/" + name },
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in       string
		html     string
		mentions []Handle
		tags     []string
	}{
		{"plain", "hello", "<p>hello</p>", nil, nil},
		{"empty", "  \n\n ", "", nil, nil},
		{"escaped", `<script>alert("x")</script> & co`, "<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co</p>", nil, nil},
		{"line breaks", "one\ntwo\n\nthree", "<p>one<br />two</p><p>three</p>", nil, nil},
		{"crlf", "one\r\ntwo", "<p>one<br />two</p>", nil, nil},
		{"short link", "see https://example.com/a.", `<p>see <a href="https://example.com/a" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://</span><span class="">example.com/a</span><span class="invisible"></span></a>.</p>`, nil, nil},
		{"long link", "https://example.com/0123456789012345678901234567890",
			`<p><a href="https://example.com/0123456789012345678901234567890" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://</span><span class="ellipsis">example.com/012345678901234567</span><span class="invisible">8901234567890</span></a></p>`, nil, nil},
		{"link with quote stops", `https://e.com/"onmouseover=x`, `<p><a href="https://e.com/" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://</span><span class="">e.com/</span><span class="invisible"></span></a>&#34;onmouseover=x</p>`, nil, nil},
		{"local mention", "hi @alice!", `<p>hi <span class="h-card" translate="no"><a href="https://roost.test/@alice" class="u-url mention">@<span>alice</span></a></span>!</p>`, []Handle{{Username: "alice"}}, nil},
		{"remote mention", "@bob@Remote.Example yo", `<p><span class="h-card" translate="no"><a href="https://remote.example/@bob" class="u-url mention">@<span>bob</span></a></span> yo</p>`, []Handle{{Username: "bob", Domain: "remote.example"}}, nil},
		{"unknown mention stays text", "@carol@nowhere.example", "<p>@carol@nowhere.example</p>", nil, nil},
		{"email is not a mention", "mail alice@alice.example", "<p>mail alice@alice.example</p>", nil, nil},
		{"repeated mention once", "@alice @alice", `<p><span class="h-card" translate="no"><a href="https://roost.test/@alice" class="u-url mention">@<span>alice</span></a></span> <span class="h-card" translate="no"><a href="https://roost.test/@alice" class="u-url mention">@<span>alice</span></a></span></p>`, []Handle{{Username: "alice"}}, nil},
		{"hashtags", "#Go and #go, #日本語 not#this #123", `<p><a href="https://roost.test/tags/Go" class="mention hashtag" rel="tag">#<span>Go</span></a> and <a href="https://roost.test/tags/go" class="mention hashtag" rel="tag">#<span>go</span></a>, <a href="https://roost.test/tags/日本語" class="mention hashtag" rel="tag">#<span>日本語</span></a> not#this #123</p>`, nil, []string{"Go", "日本語"}},
		{"anchor in url not a tag", "https://e.com/#frag", `<p><a href="https://e.com/#frag" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://</span><span class="">e.com/#frag</span><span class="invisible"></span></a></p>`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Format(tt.in, testOptions())
			if got.HTML != tt.html {
				t.Errorf("HTML\n got %s\nwant %s", got.HTML, tt.html)
			}
			if !reflect.DeepEqual(got.Mentions, tt.mentions) {
				t.Errorf("mentions = %v, want %v", got.Mentions, tt.mentions)
			}
			if !reflect.DeepEqual(got.Tags, tt.tags) {
				t.Errorf("tags = %v, want %v", got.Tags, tt.tags)
			}
		})
	}
}

func TestLength(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"runes", "héllo", 5},
		{"link counts 23", "x https://example.com/a/very/long/path/that/goes/on/and/on", 2 + MaxURLLength},
		{"remote mention counts username", "@bob@remote.example", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Length(tt.in); got != tt.want {
				t.Errorf("Length(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzFormat checks the formatter's invariants on any input: it never
// panics, and user text can never open a tag of its own.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{"hello", "<script>x</script>", "@alice https://e.com/<script>", "#tag\n\n@bob@remote.example",
		"https://e.com/\"><script>", "\xff\xfe<", "((https://e.com/a_(b)))"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		res := Format(s, testOptions())
		lower := strings.ToLower(res.HTML)
		if strings.Contains(lower, "<script") {
			t.Fatalf("unescaped <script in %q", res.HTML)
		}
		for _, tag := range allTags(lower) {
			switch tag {
			case "p", "/p", "br", "a", "/a", "span", "/span":
			default:
				t.Fatalf("unexpected tag <%s> in %q", tag, res.HTML)
			}
		}
		Length(s)
	})
}

func allTags(h string) []string {
	var out []string
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			return out
		}
		h = h[i+1:]
		end := strings.IndexAny(h, " >")
		if end < 0 {
			end = len(h)
		}
		out = append(out, h[:end])
	}
}
