package ap

import "testing"

func TestParseCollection(t *testing.T) {
	note := `{"id":"https://b.example/n/1","type":"Note","attributedTo":"https://b.example/u/bob","content":"hi","to":["https://www.w3.org/ns/activitystreams#Public"]}`
	tests := []struct {
		name, doc   string
		first, next string
		iris        []string
		embedded    int
		announce    int
	}{
		{"mastodon: first page by IRI", `{"type":"OrderedCollection","totalItems":3,"first":"https://b.example/u/bob/outbox?page=true"}`,
			"https://b.example/u/bob/outbox?page=true", "", nil, 0, 0},
		{"page of creates and an announce", `{"type":"OrderedCollectionPage","next":"https://b.example/p2","orderedItems":[
			{"type":"Create","object":` + note + `},{"type":"Announce","object":"https://c.example/n/9"},{"type":"Create","object":"https://b.example/n/2"}]}`,
			"", "https://b.example/p2", []string{"https://b.example/n/1", "https://c.example/n/9", "https://b.example/n/2"}, 1, 1},
		{"akkoma: embedded first page", `{"type":"OrderedCollection","first":{"type":"OrderedCollectionPage","next":"https://b.example/p2","orderedItems":[{"type":"Create","object":` + note + `}]}}`,
			"", "https://b.example/p2", []string{"https://b.example/n/1"}, 1, 0},
		{"replies: bare notes and ids in items", `{"type":"CollectionPage","items":[` + note + `,"https://b.example/n/3",{"type":"Like"}]}`,
			"", "", []string{"https://b.example/n/1", "https://b.example/n/3"}, 1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCollection([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if c.First != tc.first || c.Next != tc.next {
				t.Errorf("first, next = %q, %q", c.First, c.Next)
			}
			var iris []string
			embedded, announce := 0, 0
			for _, it := range c.Items {
				iris = append(iris, it.IRI)
				if it.Note != nil {
					embedded++
				}
				if it.Announce {
					announce++
				}
			}
			if len(iris) != len(tc.iris) || embedded != tc.embedded || announce != tc.announce {
				t.Fatalf("items = %v (%d embedded, %d announces)", iris, embedded, announce)
			}
			for i := range iris {
				if iris[i] != tc.iris[i] {
					t.Errorf("item %d = %s, want %s", i, iris[i], tc.iris[i])
				}
			}
		})
	}
	if _, err := ParseCollection([]byte(note)); err == nil {
		t.Error("a Note parsed as a collection")
	}
}
