package ap

import (
	"strconv"
	"strings"
)

// Attachment is one media item of a post.
type Attachment struct {
	Kind        string // image, video, audio or unknown, as in media_attachments.kind
	MediaType   string
	URL         string
	Description string // alt text
	Blurhash    string
	FocusX      float64 // -1 … 1
	FocusY      float64
	Width       int
	Height      int
	Duration    float64 // seconds; 0 unknown
}

// attachmentsOf reads Document/Image/Video/Audio attachments; other
// entries (Pixelfed's PropertyValue, Link previews) are skipped.
func attachmentsOf(v any) []Attachment {
	var out []Attachment
	for _, o := range objects(v) {
		if len(out) == maxAttachments {
			break
		}
		if a, ok := attachmentOf(o); ok {
			out = append(out, a)
		}
	}
	return out
}

func attachmentOf(o map[string]any) (Attachment, bool) {
	t := typeOf(o)
	if t != "Document" && t != "Image" && t != "Video" && t != "Audio" {
		return Attachment{}, false
	}
	a := Attachment{
		MediaType:   mediaTypeOf(o),
		URL:         iri(o["url"]),
		Description: plainText(str(o, "name"), 1500),
		Blurhash:    blurhash(str(o, "blurhash")),
		Width:       dimension(o["width"]),
		Height:      dimension(o["height"]),
		Duration:    isoSeconds(str(o, "duration")),
	}
	if links := objects(o["url"]); len(links) > 0 && a.MediaType == "" {
		a.MediaType = mediaTypeOf(links[0])
	}
	if a.URL == "" {
		return Attachment{}, false
	}
	if focus := list(o["focalPoint"]); len(focus) == 2 {
		a.FocusX, a.FocusY = clampFocus(number(focus[0])), clampFocus(number(focus[1]))
	}
	a.Kind = mediaKind(t, a.MediaType)
	return a, true
}

// mediaKind follows Mastodon: the MIME type decides, the AS type helps.
func mediaKind(asType, mediaType string) string {
	major, _, _ := strings.Cut(mediaType, "/")
	switch {
	case major == "image" || (major == "" && asType == "Image"):
		return "image"
	case major == "video" || (major == "" && asType == "Video"):
		return "video"
	case major == "audio" || (major == "" && asType == "Audio"):
		return "audio"
	}
	return "unknown"
}

// dimension keeps a pixel size only when it is plausible.
func dimension(v any) int {
	n := integer(v)
	if n > 1<<16 {
		return 0
	}
	return n
}

// isoSeconds reads an ISO 8601 duration of hours, minutes and seconds
// (Mastodon writes "PT88.654S"); anything else, or more than a day, is 0.
func isoSeconds(s string) float64 {
	rest, ok := strings.CutPrefix(s, "PT")
	if !ok || rest == "" || len(rest) > 32 {
		return 0
	}
	total := 0.0
	for _, unit := range []struct {
		suffix string
		scale  float64
	}{{"H", 3600}, {"M", 60}, {"S", 1}} {
		num, after, found := strings.Cut(rest, unit.suffix)
		if !found {
			continue
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || v < 0 || num == "" || strings.ContainsAny(num, "eEnN+-") {
			return 0
		}
		total, rest = total+v*unit.scale, after
	}
	if rest != "" || total > 86400 {
		return 0
	}
	return total
}

func clampFocus(f float64) float64 {
	return max(-1, min(1, f))
}

// blurhash keeps a value only if it uses the blurhash alphabet.
func blurhash(s string) string {
	if len(s) < 6 || len(s) > 128 {
		return ""
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~", c) {
			return ""
		}
	}
	return s
}
