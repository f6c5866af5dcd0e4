// Package media turns uploaded bytes into files Roost can serve: it names a
// file's type from its bytes, re-encodes images without their metadata,
// makes thumbnails and blurhashes, and runs that work one file at a time.
// It knows nothing of HTTP or the database.
package media

import (
	"bytes"
	"errors"
	"net/http"
)

// Kinds, as Mastodon's MediaAttachment type names them.
const (
	KindImage = "image"
	KindVideo = "video"
	KindAudio = "audio"
)

// Type is what an upload's bytes say it is.
type Type struct {
	Kind        string // image, video or audio
	ContentType string
	Ext         string // file name extension, with its dot
}

// ErrUnsupported is an upload whose bytes are none of the accepted types.
var ErrUnsupported = errors.New("file type is not supported")

// Detect names data's type from its first bytes; the file name a client
// sent is never consulted, so a PDF called photo.jpg is refused.
func Detect(data []byte) (Type, error) {
	switch sniffed := http.DetectContentType(data); sniffed {
	case "image/jpeg":
		return Type{KindImage, sniffed, ".jpg"}, nil
	case "image/png":
		return Type{KindImage, sniffed, ".png"}, nil
	case "image/gif":
		return Type{KindImage, sniffed, ".gif"}, nil
	case "image/webp":
		return Type{KindImage, sniffed, ".webp"}, nil
	case "video/mp4":
		return Type{KindVideo, sniffed, ".mp4"}, nil
	case "video/webm":
		return Type{KindVideo, sniffed, ".webm"}, nil
	case "audio/mpeg":
		return Type{KindAudio, sniffed, ".mp3"}, nil
	case "application/ogg":
		return Type{KindAudio, "audio/ogg", ".ogg"}, nil
	}
	// The standard sniffer knows MP3 only by an ID3 tag; a bare MPEG audio
	// stream starts with a frame sync (11 set bits) and layer III.
	if len(data) >= 4 && data[0] == 0xFF && data[1]&0xE0 == 0xE0 && data[1]&0x06 == 0x02 && data[2]&0xF0 != 0xF0 {
		return Type{KindAudio, "audio/mpeg", ".mp3"}, nil
	}
	// MP4 files whose major brand the sniffer does not list (e.g. "isom"
	// variants) still carry an ftyp box first.
	if len(data) >= 12 && bytes.Equal(data[4:8], []byte("ftyp")) && !stillImageBrand(string(data[8:12])) {
		return Type{KindVideo, "video/mp4", ".mp4"}, nil
	}
	return Type{}, ErrUnsupported
}

// stillImageBrand is an ISO media brand of still images (HEIF, AVIF), which
// share MP4's container but are not video.
func stillImageBrand(brand string) bool {
	switch brand {
	case "heic", "heix", "heim", "heis", "mif1", "msf1", "avif", "avis":
		return true
	}
	return false
}
