package mastoapi

import (
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// MediaAttachment is Mastodon's MediaAttachment entity.
type MediaAttachment struct {
	ID          string         `json:"id"`
	Type        string         `json:"type"`
	URL         *string        `json:"url"`
	PreviewURL  *string        `json:"preview_url"`
	RemoteURL   *string        `json:"remote_url"`
	TextURL     *string        `json:"text_url"`
	Meta        map[string]any `json:"meta"`
	Description *string        `json:"description"`
	Blurhash    *string        `json:"blurhash"`
}

// v2Wait is how long POST /api/v2/media waits for an image before
// answering 202 and letting the app poll GET /api/v1/media/:id.
const v2Wait = 2 * time.Second

// attachment renders one attachment. A remote one not cached here keeps
// its origin's URL, as the incoming federation stores it.
func (api *API) attachment(m store.StatusAttachment) *MediaAttachment {
	out := &MediaAttachment{ID: store.FormatID(m.ID), Type: m.Kind, Meta: map[string]any{},
		Description: optString(m.Description), Blurhash: optString(m.Blurhash), RemoteURL: optString(m.RemoteURL)}
	switch out.Type {
	case "image", "gifv", "video", "audio":
	default:
		out.Type = "unknown"
	}
	url := m.RemoteURL
	if m.FilePath != "" {
		url = api.Actions.MediaURL(m.FilePath)
	}
	out.URL = optString(url)
	out.PreviewURL = out.URL
	if m.ThumbnailPath != "" {
		out.PreviewURL = optString(api.Actions.MediaURL(m.ThumbnailPath))
	} else if m.Kind != "image" && m.RemoteURL == "" || out.Type == "unknown" {
		// An unknown remote file (one whose domain's media is rejected) is
		// a link to its origin, never a picture shown from here.
		out.PreviewURL = nil
	}
	_ = json.Unmarshal([]byte(m.Meta), &out.Meta) // written by actions, or {} for remote rows
	if out.Meta == nil {
		out.Meta = map[string]any{}
	}
	if m.Kind == "image" || m.FocusX != 0 || m.FocusY != 0 {
		out.Meta["focus"] = map[string]float64{"x": m.FocusX, "y": m.FocusY}
	}
	return out
}

// media renders an upload; while it is processing it has no URL yet.
func (api *API) media(m *store.MediaAttachment) *MediaAttachment {
	out := api.attachment(m.Attachment())
	if m.Processing {
		out.URL, out.PreviewURL = nil, nil
	}
	return out
}

func (api *API) attachments(list []store.StatusAttachment) []*MediaAttachment {
	out := make([]*MediaAttachment, 0, len(list))
	for _, m := range list {
		out = append(out, api.attachment(m))
	}
	return out
}

// readFile reads one multipart file field, or nil when absent.
func readFile(c echo.Context, field string) ([]byte, error) {
	fh, err := c.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if tooBig := new(http.MaxBytesError); errors.As(err, &tooBig) {
		return nil, &actions.ErrInvalid{Field: field, Reason: "is too big"}
	}
	if err != nil {
		return nil, &actions.ErrInvalid{Field: field, Reason: "could not be read"}
	}
	return readHeader(fh)
}

func readHeader(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// CreateMedia serves POST /api/v1/media (synchronous) and /api/v2/media
// (202 while an image is still being processed).
func (api *API) CreateMedia(async bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		api.limitUpload(c)
		file, err := readFile(c, "file")
		if err != nil {
			return err
		}
		thumb, err := readFile(c, "thumbnail")
		if err != nil {
			return err
		}
		args := actions.UploadMediaArgs{Data: file, Thumbnail: thumb, Description: c.FormValue("description"),
			Focus: c.FormValue("focus")}
		if async {
			args.Wait = v2Wait
		}
		m, err := api.Actions.UploadMedia(c.Request().Context(), viewerAccount(c), args)
		if err != nil {
			return err
		}
		if m.Processing {
			return c.JSON(http.StatusAccepted, api.media(m))
		}
		return c.JSON(http.StatusOK, api.media(m))
	}
}

// GetMedia serves GET /api/v1/media/:id: 206 while processing, then 200.
func (api *API) GetMedia(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	m, err := api.Actions.Media(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	if m.Processing {
		return c.JSON(http.StatusPartialContent, api.media(m))
	}
	return c.JSON(http.StatusOK, api.media(m))
}

// UpdateMedia serves PUT /api/v1/media/:id.
func (api *API) UpdateMedia(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := readParams(c)
	if err != nil {
		return err
	}
	var args actions.UpdateMediaArgs
	if s, ok := p.optString("description"); ok {
		args.Description = &s
	}
	if s, ok := p.optString("focus"); ok {
		args.Focus = &s
	}
	m, err := api.Actions.UpdateMedia(c.Request().Context(), viewerAccount(c), id, args)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.media(m))
}

// limitUpload stops reading a body past the largest upload allowed (with
// room for the form around it), so an oversized upload is not kept whole.
func (api *API) limitUpload(c echo.Context) {
	lim := api.Actions.Config.Media
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, max(lim.MaxImageBytes, lim.MaxVideoBytes)+1<<20)
}
