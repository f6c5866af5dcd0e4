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
	"slices"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/static"
	"roost/templates"
)

// Renderer holds every page parsed once at start-up, once per shipped
// language so that a request binds no functions: a missing or broken
// template fails the start, never a request.
type Renderer struct {
	sets      map[string]*template.Template // language -> every page and partial
	pageNames []string
	hashes    map[string]string // static file name -> content hash
	catalogue *catalogue
}

// NewRenderer parses the templates and fingerprints the static files.
func NewRenderer() (*Renderer, error) {
	cat, err := newCatalogue()
	if err != nil {
		return nil, err
	}
	r := &Renderer{sets: map[string]*template.Template{}, hashes: map[string]string{}, catalogue: cat}
	err = fs.WalkDir(static.FS, ".", func(p string, d fs.DirEntry, err error) error {
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
	names, err := fs.Glob(templates.FS, "*.html")
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(templates.FS, "_*.html")
	if err != nil {
		return nil, err
	}
	layout, err := fs.ReadFile(templates.FS, "layout.html")
	if err != nil {
		return nil, err
	}
	var pages []string
	for _, name := range names {
		if name != "layout.html" && !strings.HasPrefix(name, "_") {
			pages = append(pages, strings.TrimSuffix(name, ".html"))
		}
	}
	for _, tag := range cat.tags {
		lang := tag.String()
		funcs := cat.translator(lang).funcs()
		funcs["static"] = r.StaticURL
		set, err := parseSet(funcs, string(layout), partials, pages)
		if err != nil {
			return nil, err
		}
		r.sets[lang] = set
	}
	r.pageNames = pages
	return r, nil
}

// parseSet parses every template of one language into one set, each file
// once. A page's own blocks are renamed with its name ("content@thread"),
// and the layout's "title", "head" and "content" become dispatchers that
// pick the current page's block by View.Name: Go templates cannot choose a
// template by a name known only at run time, and one layout copy per page
// would cost memory a small board does not have.
func parseSet(funcs template.FuncMap, layout string, partials, pages []string) (*template.Template, error) {
	set := template.New("").Funcs(funcs)
	if _, err := set.New("layout.html").Parse(layout); err != nil {
		return nil, fmt.Errorf("template layout.html: %w", err)
	}
	for _, p := range partials {
		b, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return nil, err
		}
		if _, err := set.New(p).Parse(string(b)); err != nil {
			return nil, fmt.Errorf("template %s: %w", p, err)
		}
	}
	blocks := []string{"title", "head", "content"}
	for _, page := range pages {
		b, err := fs.ReadFile(templates.FS, page+".html")
		if err != nil {
			return nil, err
		}
		src := string(b)
		for _, block := range blocks {
			src = strings.ReplaceAll(src, `{{define "`+block+`"}}`, `{{define "`+block+"@"+page+`"}}`)
		}
		if _, err := set.New(page + ".html").Parse(src); err != nil {
			return nil, fmt.Errorf("template %s: %w", page, err)
		}
		if set.Lookup("content@"+page) == nil {
			return nil, fmt.Errorf("template %s: defines no content block", page)
		}
	}
	var dispatch strings.Builder
	for _, block := range blocks {
		fmt.Fprintf(&dispatch, `{{define %q}}`, block)
		keyword := "if"
		for _, page := range pages {
			if set.Lookup(block+"@"+page) != nil {
				fmt.Fprintf(&dispatch, `{{%s eq .Name %q}}{{template "%s@%s" .}}`, keyword, page, block, page)
				keyword = "else if"
			}
		}
		if keyword != "if" {
			dispatch.WriteString("{{end}}")
		}
		dispatch.WriteString("{{end}}")
	}
	if _, err := set.New("dispatch").Parse(dispatch.String()); err != nil {
		return nil, err
	}
	return set, nil
}

// Pages lists the page templates by name.
func (r *Renderer) Pages() []string {
	names := slices.Clone(r.pageNames)
	sort.Strings(names)
	return names
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
	InstanceName string
	Version      string
	// RegistrationsOpen is true when visitors may sign up or ask to join.
	RegistrationsOpen bool
	// Path is the request path, so the navigation can mark the current page.
	Path string
	// Session is the signed-in browser, nil when signed out.
	Session *actions.Session
	// CSRF goes into a hidden field of every form that changes state.
	CSRF string
	// Notice is a message id shown once after a redirect ("saved").
	Notice string
	// Announcements are the admins' messages the signed-in user has not dismissed.
	Announcements []announcementCard
	// Name is the page's template name, a hook for styles and tests.
	Name string
	Page any
}

// CanModerate reports whether the layout shows the admin link.
func (v View) CanModerate() bool { return v.Session != nil && actions.CanModerate(v.Session.User) }

// IsAdmin reports whether the signed-in user is an admin.
func (v View) IsAdmin() bool { return v.Session != nil && actions.IsAdmin(v.Session.User) }

// Render writes page with status code in the view's language.
func (r *Renderer) Render(c echo.Context, code int, page string, v View) error {
	set, ok := r.sets[v.Lang]
	if !ok {
		set = r.sets[r.catalogue.tags[0].String()]
		v.Lang = r.catalogue.tags[0].String()
	}
	if set.Lookup("content@"+page) == nil {
		return fmt.Errorf("no page %q", page)
	}
	v.Version, v.Name = actions.Version, page
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, "layout", v); err != nil {
		return err
	}
	return c.HTMLBlob(code, buf.Bytes())
}

// Fragment writes one partial template alone (a status, a relationship's
// buttons) for roost.js to put in place of the old one.
func (r *Renderer) Fragment(c echo.Context, lang, name string, data any) error {
	set, ok := r.sets[lang]
	if !ok {
		set = r.sets[r.catalogue.tags[0].String()]
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		return err
	}
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
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
	c.Response().Header().Set("X-Content-Type-Options", "nosniff")
	ctype := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}[path.Ext(name)]
	if ctype == "" {
		ctype = http.DetectContentType(b)
	}
	return c.Blob(http.StatusOK, ctype, b)
}
