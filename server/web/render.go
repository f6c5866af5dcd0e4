// Package web serves Roost's server-rendered HTML pages.
package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"golang.org/x/text/language"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/static"
	"roost/store"
	"roost/templates"
)

// Renderer holds the pages of each language as one template set, so that a
// request binds no functions. Every language is parsed at start-up, so a
// missing or broken template fails the start, never a request; only the
// default language is kept, and another is parsed again the first time a
// reader asks for it: each set costs most of a megabyte that a small
// instance whose people all read one language would carry for nothing.
type Renderer struct {
	mu        sync.Mutex
	sets      map[string]*template.Template // language -> every page and partial
	layout    string
	partials  []string
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
	r.layout, r.partials, r.pageNames = string(layout), partials, pages
	for i, tag := range cat.tags {
		set, err := r.parse(tag.String())
		if err != nil {
			return nil, err
		}
		if i == 0 {
			r.sets[tag.String()] = set
		}
	}
	return r, nil
}

func (r *Renderer) parse(lang string) (*template.Template, error) {
	funcs := r.catalogue.translator(lang).funcs()
	funcs["static"] = r.StaticURL
	return parseSet(funcs, r.layout, r.partials, r.pageNames)
}

// set returns the template set of lang (the default language for one not
// shipped) and the language it is in.
func (r *Renderer) set(lang string) (*template.Template, string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if set, ok := r.sets[lang]; ok {
		return set, lang, nil
	}
	if !slices.ContainsFunc(r.catalogue.tags, func(t language.Tag) bool { return t.String() == lang }) {
		lang = r.catalogue.tags[0].String()
		return r.sets[lang], lang, nil
	}
	set, err := r.parse(lang) // parsed once already at start-up: cannot fail now
	if err != nil {
		return nil, "", err
	}
	r.sets[lang] = set
	return set, lang, nil
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
	// Trending are a few trending hashtags for the sidebar; none: no box.
	Trending []store.Tag
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
	set, lang, err := r.set(v.Lang)
	if err != nil {
		return err
	}
	v.Lang = lang
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
	set, _, err := r.set(lang)
	if err != nil {
		return err
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
