package ap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// addFixtures seeds a fuzzer with every JSON file under testdata/<dirs>.
func addFixtures(f *testing.F, dirs ...string) {
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		for _, file := range files {
			raw, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(raw)
		}
	}
}

var sourceDirs = []string{"mastodon", "gotosocial", "akkoma", "misskey", "pixelfed", "lemmy", "peertube", "hostile"}

func FuzzParseActivity(f *testing.F) {
	addFixtures(f, sourceDirs...)
	f.Add([]byte(`{"type":["Create","Other"],"actor":{"id":"https://a.example/u"},"object":[{"type":"Note","id":"https://a.example/n","content":"<script>x</script>"}]}`))
	f.Add([]byte(`{"type":"Undo","actor":"https://a.example/u","object":{"type":"Undo","actor":"https://a.example/u","object":{"type":"Like"}}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := ParseActivity(raw)
		if err != nil {
			return
		}
		checkActivityInvariants(t, a, 0)
	})
}

func FuzzParseActor(f *testing.F) {
	addFixtures(f, sourceDirs...)
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := ParseActor(raw)
		if err != nil {
			return
		}
		checkActorInvariants(t, a)
	})
}

func FuzzSanitize(f *testing.F) {
	for _, seed := range []string{
		`<p>hi <a href="https://a.example" class="u-url mention">@a</a></p>`,
		`<script>alert(1)</script><img src=x onerror=alert(1)>`,
		`<a href="javascript:alert(1)">x</a><a href="java&#x09;script:alert(1)">y</a><a href=" JAVASCRIPT:x">z</a>`,
		`<svg><script>alert(1)</script></svg><math><mtext><style><img src=x onerror=alert(1)></style></math>`,
		`<p onclick="x" style="x:expression(alert(1))">a</p><li value="1 onclick=x">b</li>`,
		`<<script>script>alert(1)<</script>/script>`,
		`<a href="data:text/html,<script>alert(1)</script>">d</a><a href="vbscript:x">v</a>`,
		`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSafeHTML(t, "sanitised", SanitizeHTML(in))
	})
}

// checkSafeHTML fails if s, parsed as a browser would, has a script or
// style element, an event-handler attribute, or a scripting URL.
func checkSafeHTML(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(strings.ToLower(s), "<script") {
		t.Fatalf("%s contains <script: %q", what, s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "script" || tok.Data == "style" || tok.Data == "iframe" || tok.Data == "img" {
				t.Fatalf("%s keeps <%s>: %q", what, tok.Data, s)
			}
			for _, attr := range tok.Attr {
				checkAttr(t, what, s, attr)
			}
		}
	}
}

func checkAttr(t *testing.T, what, s string, attr html.Attribute) {
	t.Helper()
	key := strings.ToLower(attr.Key)
	if strings.HasPrefix(key, "on") || key == "style" || key == "src" {
		t.Fatalf("%s keeps attribute %s: %q", what, attr.Key, s)
	}
	val := strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, strings.ToLower(attr.Val))
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(val, scheme) {
			t.Fatalf("%s keeps a %s URL: %q", what, scheme, s)
		}
	}
}

func checkActivityInvariants(t *testing.T, a *Activity, depth int) {
	t.Helper()
	if depth > maxActivityNest+1 {
		t.Fatalf("activity nested %d deep", depth)
	}
	if a.Type == TypeUnknown {
		return
	}
	checkIRIs(t, append([]string{a.ID, a.Actor, a.Target, a.Object.IRI}, append(a.To, a.Cc...)...)...)
	if n := a.Object.Note; n != nil {
		checkNoteInvariants(t, n)
	}
	if p := a.Object.Actor; p != nil {
		checkActorInvariants(t, p)
	}
	if inner := a.Object.Activity; inner != nil {
		checkActivityInvariants(t, inner, depth+1)
	}
}

func checkNoteInvariants(t *testing.T, n *Note) {
	t.Helper()
	checkSafeHTML(t, "content", n.Content)
	checkIRIs(t, n.ID, n.URL, n.AttributedTo, n.InReplyTo, n.QuoteURI)
	if len(n.Attachments) > maxAttachments {
		t.Fatalf("%d attachments", len(n.Attachments))
	}
	for _, a := range n.Attachments {
		checkIRIs(t, a.URL)
		if a.FocusX < -1 || a.FocusX > 1 || a.FocusY < -1 || a.FocusY > 1 {
			t.Fatalf("focus out of range: %v", a)
		}
	}
	for _, m := range n.Mentions {
		checkIRIs(t, m.Href)
	}
	for _, e := range n.Emojis {
		checkIRIs(t, e.URL)
	}
}

func checkActorInvariants(t *testing.T, a *Actor) {
	t.Helper()
	checkSafeHTML(t, "summary", a.Summary)
	for _, f := range a.Fields {
		checkSafeHTML(t, "field", f.Value)
	}
	checkIRIs(t, a.ID, a.URL, a.Inbox, a.SharedInbox, a.Outbox, a.Followers, a.AvatarURL, a.HeaderURL, a.MovedTo)
	if a.Username == "" || strings.ContainsAny(a.Username, "@/ ") {
		t.Fatalf("bad username %q", a.Username)
	}
}

// checkIRIs fails on any non-empty value that is not an http(s) URL.
func checkIRIs(t *testing.T, iris ...string) {
	t.Helper()
	for _, s := range iris {
		if s != "" && s != Public && validIRI(s) != s {
			t.Fatalf("unsafe IRI kept: %q", s)
		}
	}
}
