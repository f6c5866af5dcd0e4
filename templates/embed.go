// Package templates embeds the HTML templates of the web UI.
package templates

import "embed"

// FS holds every page and partial template.
//
//go:embed *.html
var FS embed.FS
