package mastoapi

import (
	"log/slog"
	"testing"

	"roost/server/actions"
	"roost/store"
)

// TestAttachmentPresenter covers the one MediaAttachment presenter for
// local uploads and for remote rows (as incoming federation stores them).
func TestAttachmentPresenter(t *testing.T) {
	t.Parallel()
	api := &API{Actions: actions.New(nil, actions.Config{Host: "roost.example", Protocol: "https"}, slog.Default())}
	local := "https://roost.example/system/media/"
	cases := []struct {
		name                   string
		in                     store.StatusAttachment
		typ, url, preview, rem string // "" means null
		focus                  bool
	}{
		{"local image", store.StatusAttachment{ID: 1, Kind: "image", FilePath: "attachments/ab/c.jpg", ThumbnailPath: "attachments/ab/c_small.jpg",
			Meta: `{"original":{"width":4,"height":3,"size":"4x3","aspect":1.3333}}`, FocusX: 0.5},
			"image", local + "attachments/ab/c.jpg", local + "attachments/ab/c_small.jpg", "", true},
		{"local video without thumbnail", store.StatusAttachment{ID: 2, Kind: "video", FilePath: "attachments/ab/d.mp4", Meta: "{}"},
			"video", local + "attachments/ab/d.mp4", "", "", false},
		{"remote image not cached", store.StatusAttachment{ID: 3, Kind: "image", RemoteURL: "https://far.example/a.png", Meta: ""},
			"image", "https://far.example/a.png", "https://far.example/a.png", "https://far.example/a.png", true},
		{"remote image cached", store.StatusAttachment{ID: 4, Kind: "image", RemoteURL: "https://far.example/b.png",
			FilePath: "cache/ab/b.png", ThumbnailPath: "cache/ab/b_small.png", Meta: "{}"},
			"image", local + "cache/ab/b.png", local + "cache/ab/b_small.png", "https://far.example/b.png", true},
		{"unknown kind", store.StatusAttachment{ID: 5, Kind: "Document", RemoteURL: "https://far.example/x.pdf"},
			"unknown", "https://far.example/x.pdf", "", "https://far.example/x.pdf", false}, // a link, never drawn as a picture
		{"rejected remote image", store.StatusAttachment{ID: 6, Kind: "unknown", RemoteURL: "https://far.example/c.png"},
			"unknown", "https://far.example/c.png", "", "https://far.example/c.png", false},
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := api.attachment(c.in)
			if m.Type != c.typ || str(m.URL) != c.url || str(m.PreviewURL) != c.preview || str(m.RemoteURL) != c.rem || m.TextURL != nil {
				t.Fatalf("got type %s url %q preview %q remote %q", m.Type, str(m.URL), str(m.PreviewURL), str(m.RemoteURL))
			}
			if _, ok := m.Meta["focus"]; ok != c.focus {
				t.Errorf("meta %v: focus present %v, want %v", m.Meta, ok, c.focus)
			}
		})
	}
}
