package web

import (
	"testing"

	"roost/store"
)

// TestMediaCards: local files use their served URLs and previews; remote
// ones keep their origin's URL until copied, and only over https (the
// page's policy refuses any other); focal points become crop classes.
func TestMediaCards(t *testing.T) {
	m := &cardMaker{mediaURL: func(p string) string { return "https://roost.example/system/media/" + p }}
	cards := m.mediaCards([]store.StatusAttachment{
		{Kind: "image", FilePath: "attachments/a.jpg", ThumbnailPath: "attachments/a_small.jpg", Description: "local", FocusX: -1, FocusY: 1},
		{Kind: "image", RemoteURL: "https://far.example/b.png", FocusX: 0.5, FocusY: -0.5},
		{Kind: "image", RemoteURL: "http://far.example/c.png"},
		{Kind: "unknown", RemoteURL: "https://far.example/d.pdf"},
	})
	want := []mediaCard{
		{Kind: "image", URL: "https://roost.example/system/media/attachments/a.jpg", PreviewURL: "https://roost.example/system/media/attachments/a_small.jpg",
			Description: "local", FocusClass: "fx-0 fy-0"},
		{Kind: "image", URL: "https://far.example/b.png", PreviewURL: "https://far.example/b.png", FocusClass: "fx-15 fy-15"},
		{Kind: "unknown", URL: "https://far.example/d.pdf", PreviewURL: "https://far.example/d.pdf", FocusClass: "fx-10 fy-10"},
	}
	if len(cards) != len(want) {
		t.Fatalf("got %d cards: %+v", len(cards), cards)
	}
	for i := range want {
		if cards[i] != want[i] {
			t.Errorf("card %d: %+v, want %+v", i, cards[i], want[i])
		}
	}
}
