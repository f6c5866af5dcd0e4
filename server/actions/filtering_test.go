package actions

import (
	"regexp"
	"testing"

	"roost/store"
)

func TestKeywordMatching(t *testing.T) {
	tests := []struct {
		name    string
		keyword string
		whole   bool
		content string
		spoiler string
		want    bool
	}{
		{"whole word", "cat", true, "<p>my cat sleeps</p>", "", true},
		{"case does not matter", "cat", true, "<p>My CAT</p>", "", true},
		{"inside a word, whole", "cat", true, "<p>concatenate</p>", "", false},
		{"inside a word, partial", "cat", false, "<p>concatenate</p>", "", true},
		{"next to punctuation", "cat", true, "<p>cat!</p>", "", true},
		{"accented letters are letters", "été", true, "<p>l'été arrive</p>", "", true},
		{"accented neighbour", "t", true, "<p>été</p>", "", false},
		{"hashtag keyword", "#cats", true, `<p><a href="x" class="hashtag">#<span>cats</span></a></p>`, "", true},
		{"phrase across tags", "grey heron", true, "<p>a grey <b>heron</b></p>", "", true},
		{"markup is not text", "span", true, "<p><span>x</span></p>", "", false},
		{"entities are decoded", "a&b", false, "<p>a&amp;b</p>", "", true},
		{"content warning counts", "spoiler", true, "<p>x</p>", "big spoiler", true},
		{"regexp characters are literal", "c++", true, "<p>I like c++ a lot</p>", "", true},
		{"regexp characters are literal, no match", "a.c", false, "<p>abc</p>", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &store.Filter{ID: 1, Keywords: []store.FilterKeyword{{Keyword: tt.keyword, WholeWord: tt.whole}}}
			af := activeFilter{filter: f, keywords: []*regexp.Regexp{keywordPattern(f.Keywords[0])}}
			got := len(matchFilters([]activeFilter{af}, &store.Status{ID: 2, Content: tt.content, SpoilerText: tt.spoiler})) > 0
			if got != tt.want {
				t.Errorf("match = %v, want %v", got, tt.want)
			}
		})
	}
}
