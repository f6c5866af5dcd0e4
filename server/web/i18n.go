package web

import (
	"embed"
	"fmt"
	"html/template"
	"strconv"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/labstack/echo/v4"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// localeFS holds one message catalogue per shipped language.
//
//go:embed locales/*.toml
var localeFS embed.FS

// Languages the UI ships; the first is the fallback for any other.
func shippedLanguages() []language.Tag { return []language.Tag{language.English, language.French} }

// catalogue is the UI's messages in every shipped language.
type catalogue struct {
	bundle  *i18n.Bundle
	tags    []language.Tag
	matcher language.Matcher
}

func newCatalogue() (*catalogue, error) {
	tags := shippedLanguages()
	bundle := i18n.NewBundle(tags[0])
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, tag := range tags {
		if _, err := bundle.LoadMessageFileFS(localeFS, "locales/"+tag.String()+".toml"); err != nil {
			return nil, fmt.Errorf("message catalogue %s: %w", tag, err)
		}
	}
	return &catalogue{bundle: bundle, tags: tags, matcher: language.NewMatcher(tags)}, nil
}

// match picks the shipped language for the given preferences, most
// important first: a user's locale setting, then Accept-Language.
func (cat *catalogue) match(prefs ...string) string {
	_, i := language.MatchStrings(cat.matcher, prefs...)
	return cat.tags[i].String()
}

// translator speaks one language.
type translator struct {
	lang      string
	localizer *i18n.Localizer
	printer   *message.Printer
}

func (cat *catalogue) translator(lang string) *translator {
	return &translator{lang: lang, localizer: i18n.NewLocalizer(cat.bundle, lang),
		printer: message.NewPrinter(language.MustParse(lang))}
}

// T is the templates' t function: a message id, then name/value pairs for
// the message's placeholders. A "Count" pair also picks the plural form. An
// unknown id comes back as itself, which lets callers pass through text
// (an operation's error) that may or may not have a translation.
func (tr *translator) T(id string, args ...any) string {
	var data map[string]any
	var count any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			key := fmt.Sprint(args[i])
			data[key] = args[i+1]
			if key == "Count" {
				count = args[i+1]
				data["Count"] = tr.Number(args[i+1])
			}
		}
	}
	s, err := tr.localizer.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil && s == "" {
		return id
	}
	return s
}

// Number formats a count with the language's digit grouping.
func (tr *translator) Number(n any) string { return tr.printer.Sprint(n) }

// Date formats a day the language's way, e.g. "26 November 2026" or "26 novembre 2026".
func (tr *translator) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return tr.T("date_format", "Day", t.Day(), "Month", tr.T("month_"+strconv.Itoa(int(t.Month()))), "Year", t.Year())
}

// When is a moment the language's way: its date, then the UTC time.
func (tr *translator) When(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return tr.T("when_format", "Date", tr.Date(t), "Time", t.UTC().Format("15:04"))
}

// iso is the machine-readable time a <time datetime> carries.
func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// funcs are the template functions bound to this language.
func (tr *translator) funcs() template.FuncMap {
	return template.FuncMap{"t": tr.T, "number": tr.Number, "date": tr.Date, "when": tr.When, "iso": iso}
}

const langKey = "roost.lang"

// Language is the request's UI language: the signed-in user's locale, else
// the browser's Accept-Language, else English.
func (h *Handlers) Language(c echo.Context) string {
	if lang, ok := c.Get(langKey).(string); ok {
		return lang
	}
	var prefs []string
	if s := sessionOf(c); s != nil && s.User.Locale != "" {
		prefs = append(prefs, s.User.Locale)
	}
	prefs = append(prefs, c.Request().Header.Get("Accept-Language"))
	lang := h.Renderer.catalogue.match(prefs...)
	c.Set(langKey, lang)
	return lang
}

// languageChoices lists the shipped languages, each named in itself.
func (r *Renderer) languageChoices() []languageChoice {
	out := make([]languageChoice, 0, len(r.catalogue.tags))
	for _, tag := range r.catalogue.tags {
		out = append(out, languageChoice{Tag: tag.String(), Name: r.catalogue.translator(tag.String()).T("language_name")})
	}
	return out
}
