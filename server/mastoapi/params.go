package mastoapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// params reads a request's parameters the ways Mastodon apps send them: a
// JSON body, or form values (query, urlencoded or multipart body) where
// arrays are written name[] and nested objects name[0][key].
type params struct {
	json map[string]any
	form url.Values
}

func readParams(c echo.Context) (*params, error) {
	req := c.Request()
	if strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") {
		p := &params{json: map[string]any{}, form: c.QueryParams()}
		dec := json.NewDecoder(req.Body)
		dec.UseNumber()
		if err := dec.Decode(&p.json); err != nil && !errors.Is(err, io.EOF) {
			return nil, &actions.ErrInvalid{Reason: "the JSON body is malformed"}
		}
		return p, nil
	}
	if req.Method == "GET" || req.Method == "HEAD" {
		return &params{form: c.QueryParams()}, nil
	}
	if req.Method == "DELETE" && strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		// Go parses form bodies of POST, PUT and PATCH only; apps (Tusky's
		// list and domain-block removals) send one with DELETE too.
		return deleteForm(c)
	}
	form, err := c.FormParams()
	if err != nil {
		// A multipart body too large or malformed for the form parser.
		return nil, &actions.ErrInvalid{Reason: "the form body is malformed"}
	}
	return &params{form: form}, nil
}

// maxDeleteForm bounds a DELETE request's form body.
const maxDeleteForm = 64 << 10

func deleteForm(c echo.Context) (*params, error) {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, maxDeleteForm+1))
	if err != nil || len(body) > maxDeleteForm {
		return nil, &actions.ErrInvalid{Reason: "the form body is malformed"}
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, &actions.ErrInvalid{Reason: "the form body is malformed"}
	}
	for k, vs := range c.QueryParams() {
		form[k] = append(form[k], vs...)
	}
	return &params{form: form}, nil
}

// String returns a parameter as text ("" when absent).
func (p *params) String(name string) string {
	s, _ := p.optString(name)
	return s
}

func (p *params) optString(name string) (string, bool) {
	if v, ok := p.json[name]; ok {
		switch v := v.(type) {
		case string:
			return v, true
		case json.Number:
			return v.String(), true
		case bool:
			return strconv.FormatBool(v), true
		case nil:
			return "", true
		}
		return fmt.Sprint(v), true
	}
	if vs, ok := p.form[name]; ok && len(vs) > 0 {
		return vs[0], true
	}
	return "", false
}

// Bool reads a boolean the way Rails does: true, 1, on, yes (any case).
func (p *params) Bool(name string) *bool {
	if v, ok := p.json[name].(bool); ok {
		return &v
	}
	s, ok := p.optString(name)
	if !ok {
		return nil
	}
	b := truthy(s)
	return &b
}

func truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "on", "yes", "t":
		return true
	}
	return false
}

// BoolOr reads a boolean with a default.
func (p *params) BoolOr(name string, def bool) bool {
	if b := p.Bool(name); b != nil {
		return *b
	}
	return def
}

// Strings reads an array: JSON list, or form name[] / name values.
func (p *params) Strings(name string) []string {
	list, _ := p.optStrings(name)
	return list
}

// optStrings reads an array and whether it was sent at all (a JSON null
// counts as sent, and empty).
func (p *params) optStrings(name string) ([]string, bool) {
	if v, ok := p.json[name]; ok {
		list, _ := v.([]any)
		var out []string
		for _, item := range list {
			out = append(out, fmt.Sprint(item))
		}
		return out, true
	}
	if vs, ok := p.form[name+"[]"]; ok {
		return vs, true
	}
	vs, ok := p.form[name]
	return vs, ok
}

// IDs reads an array of ids; a malformed one is a validation error.
func (p *params) IDs(name string) ([]store.ID, error) {
	var out []store.ID
	for _, s := range p.Strings(name) {
		id, ok := store.ParseID(s)
		if !ok {
			return nil, &actions.ErrInvalid{Field: name, Reason: "contains an invalid id"}
		}
		out = append(out, id)
	}
	return out, nil
}

// Objects reads an array of objects: JSON [{...}] or {"0": {...}}, or form
// name[0][key]=value or name[][key]=value.
func (p *params) Objects(name string) ([]map[string]string, bool) {
	if v, ok := p.json[name]; ok {
		var items []any
		switch v := v.(type) {
		case []any:
			items = v
		case map[string]any:
			for i := 0; i < len(v); i++ {
				items = append(items, v[strconv.Itoa(i)])
			}
		}
		var out []map[string]string
		for _, item := range items {
			obj, _ := item.(map[string]any)
			m := map[string]string{}
			for k, val := range obj {
				m[k] = fmt.Sprint(val)
			}
			out = append(out, m)
		}
		return out, true
	}
	byIndex := map[int]map[string]string{}
	max := -1
	for key, vs := range p.form {
		rest, ok := strings.CutPrefix(key, name+"[")
		if !ok || len(vs) == 0 {
			continue
		}
		idx, field, ok := strings.Cut(rest, "][")
		if ok && idx == "" {
			// Rails' unindexed name[][key]=v: the i-th value of each key
			// belongs to the i-th object.
			for n, v := range vs[:min(len(vs), 65)] {
				if byIndex[n] == nil {
					byIndex[n] = map[string]string{}
				}
				byIndex[n][strings.TrimSuffix(field, "]")] = v
				if n > max {
					max = n
				}
			}
			continue
		}
		n, err := strconv.Atoi(idx)
		if !ok || err != nil || n < 0 || n > 64 {
			continue
		}
		if byIndex[n] == nil {
			byIndex[n] = map[string]string{}
		}
		byIndex[n][strings.TrimSuffix(field, "]")] = vs[0]
		if n > max {
			max = n
		}
	}
	if max < 0 {
		return nil, false
	}
	var out []map[string]string
	for i := 0; i <= max; i++ {
		if byIndex[i] != nil {
			out = append(out, byIndex[i])
		}
	}
	return out, true
}

// pathID reads the :id path parameter; a malformed id is simply not found.
func pathID(c echo.Context) (store.ID, error) {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return 0, actions.ErrNotFound
	}
	return id, nil
}
