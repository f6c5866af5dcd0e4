package ap

import (
	"os"
	"path/filepath"
	"testing"

	"roost/store"
)

// Inbox deliveries are the hot path: every Create a follower's server
// sends is parsed and sanitised once.
func BenchmarkParseActivity(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("testdata", "mastodon", "create-note.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := ParseActivity(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSanitizeHTML(b *testing.B) {
	in := `<p><span class="h-card"><a href="https://a.example/@b" class="u-url mention">@<span>b</span></a></span> hello <a href="https://a.example/tags/x" class="mention hashtag" rel="tag">#<span>x</span></a><script>x</script></p>`
	for b.Loop() {
		SanitizeHTML(in)
	}
}

func BenchmarkEmitCreate(b *testing.B) {
	s := testStatus("7301", store.VisibilityPublic)
	parts := testParts()
	for b.Loop() {
		if _, err := Marshal(testEmitter.Create(testEmitter.Note(s, parts))); err != nil {
			b.Fatal(err)
		}
	}
}
