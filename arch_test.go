package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRuleOfArrows keeps DESIGN.md's import rule true: main -> server/* ->
// federation/* -> store, never backwards, and server/actions free of HTTP.
func TestRuleOfArrows(t *testing.T) {
	rules := []struct {
		dir       string
		forbidden []string
	}{
		{"store", []string{"roost/server", "roost/federation", "roost/templates", "roost/static"}},
		{"federation", []string{"roost/server", "roost/templates", "roost/static"}},
		{"server/events", []string{"github.com/labstack/echo", "roost/server", "roost/federation"}},
		{"server/actions", []string{"github.com/labstack/echo", "net/http/httptest", "roost/server/mastoapi", "roost/server/web", "roost/server/oauth", "roost/server/apub", "html/template"}},
	}
	for _, r := range rules {
		filepath.WalkDir(r.dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				for _, bad := range r.forbidden {
					if p == bad || strings.HasPrefix(p, bad+"/") {
						// federation/* may import other federation packages and store only.
						t.Errorf("%s imports %s, which %s must not", path, p, r.dir)
					}
				}
			}
			return nil
		})
	}
}
