package web

import (
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"roost/server/actions"
	"roost/static"
	"roost/templates"
)

// messageIDs reads a catalogue file's ids.
func messageIDs(t *testing.T, lang string) map[string]bool {
	t.Helper()
	b, err := localeFS.ReadFile("locales/" + lang + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := toml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for k := range m {
		ids[k] = true
	}
	return ids
}

var literalKey = regexp.MustCompile(`\bt "([a-z0-9_]+)"`)

// TestCataloguesComplete: every id a template names, and every id built at
// run time, exists in every shipped language, and no language has extras.
func TestCataloguesComplete(t *testing.T) {
	want := map[string]bool{"date_format": true}
	for i := 1; i <= 12; i++ {
		want["month_"+strconv.Itoa(i)] = true
	}
	for _, code := range []int{400, 401, 403, 404, 405, 413, 422, 429, 500, 503} {
		want["http_"+strconv.Itoa(code)] = true
	}
	for _, role := range []string{"user", "moderator", "admin"} {
		want["role_"+role] = true
	}
	for _, mode := range []string{"open", "approval", "closed"} {
		want["registrations_"+mode] = true
	}
	for _, v := range []string{"public", "unlisted", "private", "direct"} {
		want["visibility_"+v] = true
	}
	for _, typ := range actions.NotificationTypes {
		want["notification_"+strings.ReplaceAll(typ, ".", "_")] = true
	}
	want["when_format"], want["can't be blank"] = true, true
	for _, id := range notices {
		want[id] = true
	}
	for _, id := range []string{"sign_in_failed", "sign_in_pending", "sign_in_suspended", "does not match"} {
		want[id] = true
	}
	names, err := fs.Glob(templates.FS, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literalKey.FindAllStringSubmatch(string(b), -1) {
			want[m[1]] = true
		}
	}
	en := messageIDs(t, "en")
	for _, tag := range shippedLanguages() {
		ids := messageIDs(t, tag.String())
		var missing, extra []string
		for id := range want {
			if !ids[id] {
				missing = append(missing, id)
			}
		}
		for id := range ids {
			if !en[id] {
				extra = append(extra, id)
			}
		}
		for id := range en {
			if !ids[id] {
				missing = append(missing, id)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 || len(extra) > 0 {
			t.Errorf("%s: missing %q, unknown %q", tag, missing, extra)
		}
	}
}

func TestLocalisedFormats(t *testing.T) {
	cat, err := newCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, time.November, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		lang   string
		date   string
		people string
		one    string
	}{
		{"en", "November 26, 2026", "1,234 people", "1 person"},
		{"fr", "26 novembre 2026", "1\u00a0234 personnes", "1 personne"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			tr := cat.translator(tt.lang)
			if got := tr.Date(day); got != tt.date {
				t.Errorf("date %q, want %q", got, tt.date)
			}
			if got := tr.T("people_count", "Count", 1234); got != tt.people {
				t.Errorf("count %q, want %q", got, tt.people)
			}
			if got := tr.T("people_count", "Count", 1); got != tt.one {
				t.Errorf("count %q, want %q", got, tt.one)
			}
			if got := tr.T("no such id"); got != "no such id" {
				t.Errorf("unknown id came back as %q", got)
			}
		})
	}
}

func TestLanguageMatch(t *testing.T) {
	cat, err := newCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		prefs []string
		want  string
	}{
		{"nothing", nil, "en"},
		{"french browser", []string{"fr-FR,fr;q=0.9"}, "fr"},
		{"swiss french", []string{"fr-CH"}, "fr"},
		{"unsupported", []string{"de,ja;q=0.5"}, "en"},
		{"second choice", []string{"de,fr;q=0.8"}, "fr"},
		{"user locale first", []string{"fr", "en-US"}, "fr"},
		{"garbage", []string{";;;q=x"}, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cat.match(tt.prefs...); got != tt.want {
				t.Errorf("match(%q) = %s, want %s", tt.prefs, got, tt.want)
			}
		})
	}
}

// TestPageWeight keeps the UI light: all CSS and JS under 60 KB.
func TestPageWeight(t *testing.T) {
	var total int64
	err := fs.WalkDir(static.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".css") || strings.HasSuffix(p, ".js")) {
			return err
		}
		info, err := d.Info()
		total += info.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if total > 60*1024 {
		t.Errorf("CSS and JS weigh %d bytes, over 60 KB", total)
	}
}

func TestSafeNext(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "/"},
		{"local path", "/settings/profile", "/settings/profile"},
		{"with query", "/oauth/authorize?client_id=x&scope=read", "/oauth/authorize?client_id=x&scope=read"},
		{"protocol relative", "//evil.example/", "/"},
		{"backslash", "/\\evil.example", "/"},
		{"absolute", "https://evil.example/", "/"},
		{"javascript", "javascript:alert(1)", "/"},
		{"relative", "settings", "/"},
		{"header injection", "/a\r\nSet-Cookie: x=y", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SafeNext(tt.in); got != tt.want {
				t.Errorf("SafeNext(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
