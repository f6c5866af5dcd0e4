// Package static embeds the web UI's styles, scripts and images.
package static

import "embed"

// FS holds the static files, served under a content-hash path.
//
//go:embed *.css *.js *.svg *.png
var FS embed.FS
