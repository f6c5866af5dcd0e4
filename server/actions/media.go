package actions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"roost/server/media"
	"roost/store"
)

// MediaConfig bounds uploads.
type MediaConfig struct {
	MaxImageBytes int64
	MaxVideoBytes int64 // video and audio
	MaxPixels     int64
}

// maxDescriptionChars is Mastodon's limit on alt text.
const maxDescriptionChars = 1500

// unattachedLifetime is how long an upload may wait for a status, as in Mastodon.
const unattachedLifetime = 24 * time.Hour

// UploadMediaArgs is one uploaded file.
type UploadMediaArgs struct {
	Data []byte
	// Thumbnail is an optional picture for a video or audio file.
	Thumbnail   []byte
	Description string
	Focus       string // "x,y", each -1..1; "" is the centre
	// Wait is how long to wait for an image's processing before answering
	// with it still processing; 0 waits until it is done.
	Wait time.Duration
}

// UpdateMediaArgs changes an upload's alt text or focal point; nil keeps it.
type UpdateMediaArgs struct {
	Description *string
	Focus       *string
}

// MediaSize is meta.original and meta.small; a video's original also has
// its frame rate, length and bitrate, an audio file's its length and bitrate.
type MediaSize struct {
	Width     int     `json:"width,omitempty"`
	Height    int     `json:"height,omitempty"`
	Size      string  `json:"size,omitempty"`
	Aspect    float64 `json:"aspect,omitempty"`
	FrameRate string  `json:"frame_rate,omitempty"`
	Duration  float64 `json:"duration,omitempty"`
	Bitrate   int64   `json:"bitrate,omitempty"`
}

// MediaMeta is what media_attachments.meta holds.
type MediaMeta struct {
	Original *MediaSize `json:"original,omitempty"`
	Small    *MediaSize `json:"small,omitempty"`
}

func mediaSize(s media.Size) *MediaSize {
	if s.Width <= 0 || s.Height <= 0 {
		return &MediaSize{}
	}
	return &MediaSize{Width: s.Width, Height: s.Height, Size: fmt.Sprintf("%dx%d", s.Width, s.Height),
		Aspect: math.Round(float64(s.Width)/float64(s.Height)*1e4) / 1e4}
}

// UploadMedia stores an upload of the viewer's, not yet on any status. Its
// type comes from its bytes; images are checked for size at once and
// processed (one at a time) on the media worker.
func (a *Actions) UploadMedia(ctx context.Context, viewer *store.Account, args UploadMediaArgs) (*store.MediaAttachment, error) {
	fx, fy, err := parseFocus(args.Focus)
	if err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(args.Description) > maxDescriptionChars {
		return nil, invalid("description", "is too long (maximum is 1500 characters)")
	}
	t, err := a.checkUpload(args.Data)
	if err != nil {
		return nil, err
	}
	m := &store.MediaAttachment{ID: a.DB.NewID(), AccountID: viewer.ID, Kind: t.Kind, ContentType: t.ContentType,
		Description: args.Description, FocusX: fx, FocusY: fy, CreatedAt: time.Now()}
	if t.Kind != media.KindImage {
		return m, a.storeAsUploaded(ctx, m, t, args)
	}
	m.Processing = true
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertMedia(m) }); err != nil {
		return nil, err
	}
	var processErr error
	wait := args.Wait
	if wait == 0 {
		wait = time.Hour
	}
	done, err := a.MediaWorker.Do(ctx, wait, func(ctx context.Context) { processErr = a.processUpload(ctx, m.ID, t, args.Data) })
	if errors.Is(err, media.ErrBusy) {
		a.deleteMediaRow(ctx, m.ID)
		return nil, ErrRateLimited
	}
	if err != nil {
		return nil, err
	}
	if !done {
		return m, nil
	}
	if processErr != nil {
		return nil, processErr
	}
	return a.DB.Media(ctx, m.ID)
}

// checkUpload names an upload's type and checks it against the limits.
func (a *Actions) checkUpload(data []byte) (media.Type, error) {
	if len(data) == 0 {
		return media.Type{}, invalid("file", "can't be blank")
	}
	t, err := media.Detect(data)
	if err != nil {
		return t, invalid("file", "has a type that is not supported (JPEG, PNG, GIF, WebP, MP4, WebM, MP3 or Ogg)")
	}
	limit := a.Config.Media.MaxVideoBytes
	if t.Kind == media.KindImage {
		limit = a.Config.Media.MaxImageBytes
	}
	if int64(len(data)) > limit {
		return t, invalid("file", "is too big")
	}
	if t.Kind == media.KindImage {
		if err := media.CheckImage(data, t, a.Config.Media.MaxPixels); err != nil {
			return t, imageError(err)
		}
	}
	return t, nil
}

func imageError(err error) error {
	if errors.Is(err, media.ErrTooManyPixels) {
		return invalid("file", "has too many pixels")
	}
	if errors.Is(err, media.ErrUndecodable) {
		return invalid("file", "could not be read as an image")
	}
	return err
}

// storeAsUploaded keeps video and audio byte for byte (no transcoding on
// small boards), with an optional thumbnail.
func (a *Actions) storeAsUploaded(ctx context.Context, m *store.MediaAttachment, t media.Type, args UploadMediaArgs) error {
	var meta MediaMeta
	if len(args.Thumbnail) > 0 {
		tt, err := a.checkUpload(args.Thumbnail)
		if err != nil || tt.Kind != media.KindImage {
			return invalid("thumbnail", "must be an image (JPEG, PNG, GIF or WebP)")
		}
		thumb, err := media.ProcessImage(args.Thumbnail, tt, a.Config.Media.MaxPixels)
		if err != nil {
			return imageError(err)
		}
		m.ThumbnailPath = media.NewName("attachments", "_small"+thumb.ThumbnailExt)
		if err := a.Files.Put(m.ThumbnailPath, thumb.Thumbnail); err != nil {
			return err
		}
		m.Blurhash, meta.Small = thumb.Blurhash, mediaSize(thumb.SmallSize)
	}
	meta.Original = streamMeta(args.Data, t)
	m.FilePath, m.FileSize = media.NewName("attachments", t.Ext), int64(len(args.Data))
	if err := a.Files.Put(m.FilePath, args.Data); err != nil {
		return err
	}
	m.Meta = mustJSON(meta)
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertMedia(m) })
}

// streamMeta is meta.original of a video or audio file, read from its
// container's headers; nil when they cannot be read (the file is kept).
func streamMeta(data []byte, t media.Type) *MediaSize {
	timing, err := media.Probe(data, t)
	if err != nil {
		return nil
	}
	out := &MediaSize{Duration: timing.Duration, Bitrate: timing.Bitrate}
	if t.Kind == media.KindVideo {
		out = mediaSize(media.Size{Width: timing.Width, Height: timing.Height})
		out.FrameRate, out.Duration, out.Bitrate = timing.FrameRate, timing.Duration, timing.Bitrate
	}
	if *out == (MediaSize{}) {
		return nil
	}
	return out
}

// processUpload is the media worker's job for one image: re-encode, make
// the preview, store both and mark the row ready. A failure removes the row.
func (a *Actions) processUpload(ctx context.Context, id store.ID, t media.Type, data []byte) error {
	img, err := media.ProcessImage(data, t, a.Config.Media.MaxPixels)
	if err != nil {
		a.deleteMediaRow(ctx, id)
		return imageError(err)
	}
	original := media.NewName("attachments", img.OriginalType.Ext)
	small := strings.TrimSuffix(original, img.OriginalType.Ext) + "_small" + img.ThumbnailExt
	if err := a.Files.Put(original, img.Original); err != nil {
		a.deleteMediaRow(ctx, id)
		return err
	}
	if err := a.Files.Put(small, img.Thumbnail); err != nil {
		a.deleteMediaRow(ctx, id)
		return err
	}
	return a.DB.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		m, err := tx.Media(id)
		if err != nil {
			return err
		}
		m.ContentType, m.FilePath, m.ThumbnailPath, m.FileSize = img.OriginalType.ContentType, original, small, int64(len(img.Original))
		m.Blurhash, m.Processing = img.Blurhash, false
		m.Meta = mustJSON(MediaMeta{Original: mediaSize(img.OriginalSize), Small: mediaSize(img.SmallSize)})
		return tx.UpdateMedia(m)
	})
}

func (a *Actions) deleteMediaRow(ctx context.Context, id store.ID) {
	err := a.DB.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error { return tx.DeleteMedia(id) })
	if err != nil {
		a.Log.Warn("media: removing a failed upload", "id", id, "err", err)
	}
}

// Media returns one of the viewer's uploads not yet on a status (Mastodon
// shows no other through this method).
func (a *Actions) Media(ctx context.Context, viewer *store.Account, id store.ID) (*store.MediaAttachment, error) {
	m, err := a.DB.Media(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (viewer == nil || m.AccountID != viewer.ID || m.StatusID != nil)) {
		return nil, ErrNotFound
	}
	return m, err
}

// UpdateMedia changes the alt text or focal point of one of the viewer's
// unattached uploads.
func (a *Actions) UpdateMedia(ctx context.Context, viewer *store.Account, id store.ID, args UpdateMediaArgs) (*store.MediaAttachment, error) {
	if args.Description != nil && utf8.RuneCountInString(*args.Description) > maxDescriptionChars {
		return nil, invalid("description", "is too long (maximum is 1500 characters)")
	}
	var fx, fy float64
	if args.Focus != nil {
		var err error
		if fx, fy, err = parseFocus(*args.Focus); err != nil {
			return nil, err
		}
	}
	var out *store.MediaAttachment
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		m, err := tx.Media(id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && (m.AccountID != viewer.ID || m.StatusID != nil)) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if args.Description != nil {
			m.Description = *args.Description
		}
		if args.Focus != nil {
			m.FocusX, m.FocusY = fx, fy
		}
		out = m
		return tx.UpdateMedia(m)
	})
	return out, err
}

// parseFocus reads Mastodon's focal point "x,y", each from -1 to 1 (x to
// the right, y upwards); "" is the centre.
func parseFocus(s string) (float64, float64, error) {
	if strings.TrimSpace(s) == "" {
		return 0, 0, nil
	}
	xs, ys, ok := strings.Cut(s, ",")
	x, errX := strconv.ParseFloat(strings.TrimSpace(xs), 64)
	y, errY := strconv.ParseFloat(strings.TrimSpace(ys), 64)
	if !ok || errX != nil || errY != nil || math.IsNaN(x) || math.IsNaN(y) || x < -1 || x > 1 || y < -1 || y > 1 {
		return 0, 0, invalid("focus", "must be two numbers from -1 to 1, like 0.5,-0.25")
	}
	return x, y, nil
}

// PruneUploads deletes uploads older than a day that no status, avatar or
// header uses, with their files; it returns how many it removed.
func (a *Actions) PruneUploads(ctx context.Context) (int, error) {
	n := 0
	for {
		stale, err := a.DB.StaleUploads(ctx, time.Now().Add(-unattachedLifetime), 100)
		if err != nil || len(stale) == 0 {
			return n, err
		}
		for _, m := range stale {
			if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteMedia(m.ID) }); err != nil {
				return n, err
			}
			for _, name := range []string{m.FilePath, m.ThumbnailPath} {
				if err := a.Files.Remove(name); err != nil {
					a.Log.Warn("media: removing a pruned file", "file", name, "err", err)
				}
			}
			n++
		}
	}
}

// MediaURL is the public URL of a stored media file; server.go serves the
// media folder under /system/media/.
func (a *Actions) MediaURL(filePath string) string {
	if filePath == "" {
		return ""
	}
	return a.Paths.Base + "/system/media/" + filePath
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs are marshalled here
	}
	return string(b)
}

// PostStatusWithMedia uploads files and posts them on a new status, as the
// web composer does in one step. An upload that fails stops the post; the
// ones before it stay unattached and are pruned.
func (a *Actions) PostStatusWithMedia(ctx context.Context, author *store.Account, args PostStatusArgs, uploads []UploadMediaArgs) (*StatusView, error) {
	if err := a.uploadAll(ctx, author, &args, uploads); err != nil {
		return nil, err
	}
	return a.PostStatus(ctx, author, args)
}

// ScheduleStatusWithMedia is ScheduleStatus for a form that sends files
// with the text: they are uploaded now and attached when it publishes.
func (a *Actions) ScheduleStatusWithMedia(ctx context.Context, author *store.Account, args PostStatusArgs, uploads []UploadMediaArgs, at time.Time) (*ScheduledStatus, error) {
	if err := a.uploadAll(ctx, author, &args, uploads); err != nil {
		return nil, err
	}
	return a.ScheduleStatus(ctx, author, args, at)
}

// uploadAll processes the files and adds their ids to the status's media.
func (a *Actions) uploadAll(ctx context.Context, author *store.Account, args *PostStatusArgs, uploads []UploadMediaArgs) error {
	if len(args.MediaIDs)+len(uploads) > maxMedia {
		return invalid("media_ids", "must not be more than 4")
	}
	for _, u := range uploads {
		u.Wait = 0 // the status needs the processed file
		m, err := a.UploadMedia(ctx, author, u)
		if err != nil {
			return err
		}
		args.MediaIDs = append(args.MediaIDs, m.ID)
	}
	return nil
}
