package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"html/template"
	"image/png"
	"io"
	"math"
	"net/http"
	"roost/server/media"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// mediaSlots is how many files the composer offers, Mastodon's limit.
const mediaSlots = 4

// mediaCard is one attachment as the status partial draws it.
type mediaCard struct {
	Kind        string // image, gifv, video, audio, unknown
	URL         string // the full file
	PreviewURL  string
	Description string
	// FocusClass places the preview's crop on the focal point with
	// classes from style.css (fx-0..fx-20, fy-0..fy-20: 5% steps), since
	// the Content-Security-Policy allows no inline style attribute.
	FocusClass string
	Blurhash   string
	// Blur is the blurhash drawn as a tiny picture (a data: URL), shown
	// over sensitive media until the reader reveals it.
	Blur template.URL
}

// blurPicture draws a blurhash as a 32×32 PNG data: URL; "" when it cannot.
func blurPicture(hash string) template.URL {
	img, err := media.BlurhashImage(hash, 32, 32)
	if err != nil {
		return ""
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return ""
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))
}

// mediaCards turns a status's attachments into what the page shows. A
// remote file not cached here keeps its origin's URL; only https ones are
// drawn (the page's policy allows no other).
func (m *cardMaker) mediaCards(list []store.StatusAttachment) []mediaCard {
	var out []mediaCard
	for _, a := range list {
		c := mediaCard{Kind: a.Kind, Description: a.Description, URL: a.RemoteURL, FocusClass: focusClass(a.FocusX, a.FocusY),
			Blurhash: a.Blurhash}
		if a.FilePath != "" {
			c.URL = m.mediaURL(a.FilePath)
		}
		c.PreviewURL = c.URL
		if a.ThumbnailPath != "" {
			c.PreviewURL = m.mediaURL(a.ThumbnailPath)
		}
		if a.FilePath == "" && !strings.HasPrefix(c.URL, "https://") {
			continue
		}
		out = append(out, c)
	}
	return out
}

// focusClass maps Mastodon's focal point (x rightwards, y upwards, -1..1)
// to CSS object-position percentages, as Mastodon's own web UI does.
func focusClass(x, y float64) string {
	step := func(v float64) int { return int(math.Round(math.Max(0, math.Min(1, v)) * 20)) }
	return "fx-" + strconv.Itoa(step((x+1)/2)) + " fy-" + strconv.Itoa(step((1-y)/2))
}

// mediaField is the composer's file slot n, with its alt text and focal point.
type mediaField struct {
	N           int
	Number      int // N+1, as people count
	Description string
	FocusX      string
	FocusY      string
}

// formUploads reads the composer's files; slots without a file are skipped.
// The body is cut off past four of the largest uploads allowed.
func (h *Handlers) formUploads(c echo.Context) ([]actions.UploadMediaArgs, []mediaField, error) {
	lim := h.Actions.Config.Media
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, mediaSlots*max(lim.MaxImageBytes, lim.MaxVideoBytes)+1<<20)
	var uploads []actions.UploadMediaArgs
	fields := make([]mediaField, mediaSlots)
	for i := range fields {
		n := strconv.Itoa(i)
		fields[i] = mediaField{N: i, Number: i + 1, Description: c.FormValue("media_description_" + n),
			FocusX: c.FormValue("media_focus_x_" + n), FocusY: c.FormValue("media_focus_y_" + n)}
		fh, err := c.FormFile("media_file_" + n)
		if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) || (err == nil && fh.Size == 0) {
			continue
		}
		if err != nil {
			return nil, fields, &actions.ErrInvalid{Field: "file", Reason: "is too big"}
		}
		f, err := fh.Open()
		if err != nil {
			return nil, fields, err
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, fields, err
		}
		focus := ""
		if fields[i].FocusX != "" || fields[i].FocusY != "" {
			focus = orZero(fields[i].FocusX) + "," + orZero(fields[i].FocusY)
		}
		uploads = append(uploads, actions.UploadMediaArgs{Data: data, Description: fields[i].Description, Focus: focus})
	}
	return uploads, fields, nil
}

func orZero(s string) string {
	if strings.TrimSpace(s) == "" {
		return "0"
	}
	return s
}

// formPicture reads an optional picture field of the profile form.
func formPicture(c echo.Context, field string) ([]byte, error) {
	fh, err := c.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, &actions.ErrInvalid{Field: field, Reason: "is too big"}
	}
	if fh.Size == 0 { // a browser sends an empty part for an untouched file input
		return nil, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// keptMedia is an upload already made (a redrafted status's files), sent
// again by id with the composer.
type keptMedia struct {
	ID          string
	PreviewURL  string
	Description string
}

// keptMediaOf looks up the viewer's unattached uploads among ids; any
// other id is dropped.
func (h *Handlers) keptMediaOf(c echo.Context, ids []string) []keptMedia {
	var out []keptMedia
	for _, raw := range ids {
		id, ok := store.ParseID(raw)
		if !ok || len(out) == mediaSlots {
			continue
		}
		m, err := h.Actions.Media(c.Request().Context(), viewer(c), id)
		if err != nil || m.Processing {
			continue
		}
		preview := m.ThumbnailPath
		if preview == "" {
			preview = m.FilePath
		}
		out = append(out, keptMedia{ID: raw, PreviewURL: h.Actions.MediaURL(preview), Description: m.Description})
	}
	return out
}

func keptIDs(kept []keptMedia) []store.ID {
	var out []store.ID
	for _, k := range kept {
		id, _ := store.ParseID(k.ID)
		out = append(out, id)
	}
	return out
}
