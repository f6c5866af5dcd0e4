package oauth

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// maxBody bounds a form or JSON body: OAuth and sign-up requests are small.
const maxBody = 1 << 20

// Params reads a request's parameters the way Mastodon (Rails) does: from
// the query string and a form, multipart or JSON body alike. JSON arrays
// become repeated values and nested objects "outer[inner]" keys; "key[]"
// form names lose their brackets. Apps differ in what they send, so every
// OAuth and sign-up endpoint reads its input through here.
func Params(r *http.Request) (url.Values, error) {
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	out := url.Values{}
	for k, vs := range r.URL.Query() {
		out[strings.TrimSuffix(k, "[]")] = append(out[strings.TrimSuffix(k, "[]")], vs...)
	}
	if r.Body == nil || r.Method == http.MethodGet {
		return out, nil
	}
	r.Body = http.MaxBytesReader(nil, r.Body, maxBody)
	switch ctype {
	case "application/json":
		var body map[string]any
		dec := json.NewDecoder(r.Body)
		dec.UseNumber()
		if err := dec.Decode(&body); err != nil {
			return nil, echo.NewHTTPError(http.StatusBadRequest, "The request body is not a valid JSON object")
		}
		for k, v := range body {
			flatten(out, k, v)
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxBody); err != nil {
			return nil, echo.NewHTTPError(http.StatusBadRequest, "The form could not be read")
		}
		addForm(out, r.MultipartForm.Value)
	default:
		if err := r.ParseForm(); err != nil {
			return nil, echo.NewHTTPError(http.StatusBadRequest, "The form could not be read")
		}
		addForm(out, r.PostForm)
	}
	return out, nil
}

func addForm(out url.Values, form url.Values) {
	for k, vs := range form {
		key := strings.TrimSuffix(k, "[]")
		out[key] = append(out[key], vs...)
	}
}

func flatten(out url.Values, key string, v any) {
	switch v := v.(type) {
	case nil:
	case string:
		out.Add(key, v)
	case json.Number:
		out.Add(key, v.String())
	case bool:
		out.Add(key, strconv.FormatBool(v))
	case []any:
		for _, e := range v {
			flatten(out, key, e)
		}
	case map[string]any:
		for k, e := range v {
			flatten(out, key+"["+k+"]", e)
		}
	default:
		out.Add(key, fmt.Sprint(v))
	}
}

// SplitScopes reads a scope list: OAuth separates scopes by spaces, and
// some apps send "+" (an unencoded space) or commas.
func SplitScopes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '+' || r == ',' })
}

// Truthy reads a boolean parameter as Rails does: "1", "true", "on", "yes".
func Truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "on", "yes", "t":
		return true
	}
	return false
}
