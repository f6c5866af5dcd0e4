package ap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"strings"
	"time"
)

// Limits on what a remote server may send us. A real activity is a few
// kilobytes (a long post with four attachments is about 10 KB), so 1 MiB
// only stops abuse; the depth cap keeps a hostile document from costing
// more than its size suggests.
const (
	MaxDocumentBytes = 1 << 20
	MaxDocumentDepth = 32
	maxListItems     = 512 // to, cc, tag … entries looked at
	maxAttachments   = 16  // Mastodon shows 4, keeps a few more
	maxPollOptions   = 64  // Mastodon allows 4 locally, accepts more remotely
	maxFields        = 16  // profile metadata rows
	maxContentBytes  = 256 << 10
	maxNameRunes     = 512 // display names, alt text, emoji shortcodes
	maxActivityNest  = 4   // Undo{Accept{Follow}} is the deepest real shape
)

// Errors returned by the parsers; wrap-checked with errors.Is.
var (
	ErrTooLarge  = errors.New("ap: document too large")
	ErrTooDeep   = errors.New("ap: document nested too deeply")
	ErrMalformed = errors.New("ap: malformed document")
)

// Public is the special collection meaning "everyone".
const Public = "https://www.w3.org/ns/activitystreams#Public"

// decode reads raw as one JSON object, refusing oversized, over-deep or
// trailing input before any allocation proportional to nesting happens.
func decode(raw []byte) (map[string]any, error) {
	if len(raw) > MaxDocumentBytes {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(raw), MaxDocumentBytes)
	}
	if err := checkDepth(raw); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: trailing data after the object", ErrMalformed)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	return m, nil
}

// checkDepth scans the bytes, skipping strings, and fails as soon as the
// nesting of objects and arrays passes MaxDocumentDepth.
func checkDepth(raw []byte) error {
	depth, inString, escaped := 0, false, false
	for _, c := range raw {
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString && c == '"':
			inString = false
		case inString:
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > MaxDocumentDepth {
				return fmt.Errorf("%w: more than %d levels", ErrTooDeep, MaxDocumentDepth)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// The helpers below read one property liberally: peers send a string where
// the spec allows an array, an object where we expect an IRI, and null.

// str returns a string property, or "" when absent or of another kind.
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// boolean accepts true/false and the strings "true"/"false".
func boolean(m map[string]any, key string) bool {
	switch v := m[key].(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

// number returns a finite float property, or 0.
func number(v any) float64 {
	var f float64
	switch n := v.(type) {
	case json.Number:
		f, _ = n.Float64()
	case float64:
		f = n
	case string:
		f, _ = json.Number(n).Float64()
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// integer returns a non-negative int property clamped to int32, or 0.
func integer(v any) int {
	f := number(v)
	if f < 0 {
		return 0
	}
	if f > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(f)
}

// list turns a property into a slice: a single value becomes one item.
func list(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		if len(x) > maxListItems {
			x = x[:maxListItems]
		}
		return x
	default:
		return []any{x}
	}
}

// objects returns the JSON objects among a property's values.
func objects(v any) []map[string]any {
	var out []map[string]any
	for _, item := range list(v) {
		if m, ok := item.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// iri returns the id a value stands for: a string, an object's id, a Link's
// href, or the first of an array. Only absolute http(s) IRIs count.
func iri(v any) string {
	switch x := v.(type) {
	case string:
		return validIRI(x)
	case map[string]any:
		if id := validIRI(str(x, "id")); id != "" {
			return id
		}
		return validIRI(str(x, "href"))
	case []any:
		for _, item := range list(x) {
			if s := iri(item); s != "" {
				return s
			}
		}
	}
	return ""
}

// iris returns every IRI in a property (to, cc, alsoKnownAs), deduplicated,
// with the short forms of Public normalised.
func iris(v any) []string {
	var out []string
	seen := map[string]bool{}
	for _, item := range list(v) {
		s := iri(item)
		if s == "" {
			if p, ok := item.(string); ok && isPublic(p) {
				s = Public
			}
		}
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// isPublic recognises the three spellings of the Public collection that
// JSON-LD compaction can produce.
func isPublic(s string) bool {
	return s == Public || s == "as:Public" || s == "Public"
}

// validIRI returns s when it is an absolute http or https URL with a host.
func validIRI(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 2048 || s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return s
}

// typeOf returns an object's type; with several (["Note", "schema:X"]) the
// first ActivityStreams-looking one wins.
func typeOf(m map[string]any) string {
	for _, t := range list(m["type"]) {
		if s, ok := t.(string); ok && s != "" {
			return strings.TrimPrefix(s, "as:")
		}
	}
	return ""
}

// timestamp parses an xsd:dateTime; a bad or missing value gives the zero time.
func timestamp(m map[string]any, key string) time.Time {
	s := str(m, key)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
