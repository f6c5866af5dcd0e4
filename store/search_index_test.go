package store

import "testing"

func TestFTSQuery(t *testing.T) {
	tests := []struct{ name, q, want string }{
		{"words are prefixes", "tomato soup", `"tomato"* "soup"*`},
		{"phrase", `"red tomato" soup`, `"red tomato" "soup"*`},
		{"unterminated phrase", `"red tomato`, `"red tomato"`},
		{"operators are words", `a NEAR(b) OR c`, `"a"* "NEAR(b)"* "OR"* "c"*`},
		{"column filter is a word", `body:x`, `"body:x"*`},
		{"stars alone are nothing", `* **`, ``},
		{"control characters", "a\x00b", `"a"* "b"*`},
		{"blank", "  ", ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ftsQuery(tc.q); got != tc.want {
				t.Errorf("ftsQuery(%q) = %s, want %s", tc.q, got, tc.want)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	got := plainText(`<p>Hello <a href="https://x.example" class="mention">@<span>bob</span></a><br>there</p>`)
	if got != " Hello  @ bob   there " {
		t.Errorf("%q", got)
	}
}
