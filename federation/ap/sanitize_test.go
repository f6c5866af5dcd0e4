package ap

import "testing"

func TestSanitizeHTML(t *testing.T) {
	t.Parallel()
	const rel = `rel="nofollow noreferrer noopener" target="_blank"`
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs and breaks", `<p>a<br>b</p><p>c</p>`, `<p>a<br>b</p><p>c</p>`},
		{"mention keeps microformats", `<span class="h-card"><a href="https://a.example/@b" class="u-url mention">@<span>b</span></a></span>`,
			`<span class="h-card"><a href="https://a.example/@b" class="u-url mention" ` + rel + `>@<span>b</span></a></span>`},
		{"rel is forced", `<a href="https://a.example" rel="me" target="_self">x</a>`, `<a href="https://a.example" ` + rel + `>x</a>`},
		{"unknown class dropped", `<span class="evil">x</span>`, `<span>x</span>`},
		{"mixed class dropped whole", `<span class="invisible evil">x</span>`, `<span>x</span>`},
		{"ellipsis kept", `<span class="ellipsis">x</span>`, `<span class="ellipsis">x</span>`},
		{"quote fallback paragraph kept", `<p class="quote-inline">RE: x</p>`, `<p class="quote-inline">RE: x</p>`},
		{"other paragraph class dropped", `<p class="quote-inline evil">x</p>`, `<p>x</p>`},
		{"script removed with content", `a<script>alert(1)</script>b`, `ab`},
		{"style removed with content", `a<style>p{}</style>b`, `ab`},
		{"event handler dropped", `<p onclick="x()">a</p>`, `<p>a</p>`},
		{"javascript link loses href", `<a href="javascript:alert(1)">x</a>`, `x`},
		{"data link loses href", `<a href="data:text/html,x">x</a>`, `x`},
		{"relative link loses href", `<a href="/users/a">x</a>`, `x`},
		{"gemini link kept", `<a href="gemini://a.example/">x</a>`, `<a href="gemini://a.example/" ` + rel + `>x</a>`},
		{"images stripped", `<img src="https://a.example/i.png" alt="x">y`, `y`},
		{"lists and values", `<ol><li value="3">a</li><li value="x">b</li></ol>`, `<ol><li value="3">a</li><li>b</li></ol>`},
		{"formatting kept", `<blockquote><pre><code>x</code></pre><em>e</em><strong>s</strong><del>d</del><b>b</b><i>i</i><u>u</u></blockquote>`,
			`<blockquote><pre><code>x</code></pre><em>e</em><strong>s</strong><del>d</del><b>b</b><i>i</i><u>u</u></blockquote>`},
		{"headings become text", `<h1>title</h1>`, `title`},
		{"stripped blocks keep words apart", `a<div>b</div>c`, `a b c`},
		{"iframe removed", `<iframe src="https://a.example"></iframe>x`, `x`},
		{"text is escaped", `1 < 2 & "q"`, `1 &lt; 2 &amp; &#34;q&#34;`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			is(t, "sanitised", SanitizeHTML(tt.in), tt.want)
		})
	}
}

func TestPlainText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		max            int
	}{
		{"markup stripped", `<b>Alice</b> &amp; Bob`, "Alice & Bob", 100},
		{"controls removed", "a\x00b\x1bc\nd", "abc d", 100},
		{"runes capped", "héllo wörld", "héllo", 5},
		{"script dropped", `x<script>alert(1)</script>`, "x", 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			is(t, "text", plainText(tt.in, tt.max), tt.want)
		})
	}
}
