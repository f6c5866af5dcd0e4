// Package web serves Roost's server-rendered HTML pages.
package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/static"
	"roost/templates"
)

// Renderer holds every page parsed once at start-up: a missing or broken
// template fails the start, never a request.
type Renderer struct {
	pages  map[string]*template.Template
	hashes map[string]string // static file name -> content hash
}

// NewRenderer parses the templates and fingerprints the static files.
func NewRenderer() (*Renderer, error) {
	r := &Renderer{pages: map[string]*template.Template{}, hashes: map[string]string{}}
	err := fs.WalkDir(static.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(static.FS, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		r.hashes[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{"static": r.StaticURL}
	names, err := fs.Glob(templates.FS, "*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templates.FS, "layout.html", "_*.html", name)
		if err != nil {
			// Partials are optional; retry without them when none exist.
			t, err = template.New(name).Funcs(funcs).ParseFS(templates.FS, "layout.html", name)
		}
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		r.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return r, nil
}

// StaticURL is the immutable, content-addressed URL of a static file.
func (r *Renderer) StaticURL(name string) (string, error) {
	h, ok := r.hashes[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + h + "/" + name, nil
}

// View is what every page template receives.
type View struct {
	Lang         string
	Title        string
	InstanceName string
	Version      string
	Page         any
}

// Render writes page with status code.
func (r *Renderer) Render(c echo.Context, code int, page string, v View) error {
	t, ok := r.pages[page]
	if !ok {
		return fmt.Errorf("no page %q", page)
	}
	if v.Lang == "" {
		v.Lang = "en"
	}
	v.Version = actions.Version
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return err
	}
	return c.HTMLBlob(code, buf.Bytes())
}

// ServeStatic serves /static/:hash/:name with year-long caching; an old hash
// still gets the current file, so a cached page never loses its styles.
func (r *Renderer) ServeStatic(c echo.Context) error {
	name := c.Param("name")
	if _, ok := r.hashes[name]; !ok {
		return echo.ErrNotFound
	}
	b, err := fs.ReadFile(static.FS, name)
	if err != nil {
		return echo.ErrNotFound
	}
	if c.Param("hash") == r.hashes[name] {
		c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Response().Header().Set("Cache-Control", "no-cache")
	}
	ctype := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}[path.Ext(name)]
	if ctype == "" {
		ctype = http.DetectContentType(b)
	}
	return c.Blob(http.StatusOK, ctype, b)
}
