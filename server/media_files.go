package server

import (
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/media"
)

// mediaType names the only files the media folder serves, by the
// extension Roost itself chose from the file's bytes.
func mediaType(ext string) (string, bool) {
	switch ext {
	case ".jpg":
		return "image/jpeg", true
	case ".png":
		return "image/png", true
	case ".gif":
		return "image/gif", true
	case ".webp":
		return "image/webp", true
	case ".mp4":
		return "video/mp4", true
	case ".webm":
		return "video/webm", true
	case ".mp3":
		return "audio/mpeg", true
	case ".ogg":
		return "audio/ogg", true
	}
	return "", false
}

// mediaFiles serves the media folder: public by URL, as in Mastodon (file
// names are unguessable), cached for a year since a name never changes
// content, never sniffed into another type, and ranges for video seeking.
func mediaFiles(files media.Storage) echo.HandlerFunc {
	return func(c echo.Context) error {
		name := c.Param("*")
		contentType, ok := mediaType(path.Ext(name))
		if !ok || strings.Contains(name, "..") || path.Clean(name) != name {
			return echo.ErrNotFound
		}
		f, err := files.Open(name)
		if err != nil {
			return echo.ErrNotFound
		}
		defer f.Close()
		info, err := f.Stat()
		seeker, seekable := f.(io.ReadSeeker)
		if err != nil || info.IsDir() || !seekable {
			return echo.ErrNotFound
		}
		h := c.Response().Header()
		h.Set("Content-Type", contentType)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		// Web apps on other origins (Elk, Phanpy) may fetch media, as from Mastodon.
		h.Set("Access-Control-Allow-Origin", "*")
		http.ServeContent(c.Response(), c.Request(), "", info.ModTime(), seeker)
		return nil
	}
}
