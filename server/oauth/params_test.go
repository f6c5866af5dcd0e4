package oauth

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestParams(t *testing.T) {
	cases := []struct {
		name, ctype, body, query string
		want                     map[string][]string
	}{
		{"form", "application/x-www-form-urlencoded", "a=1&b[]=x&b[]=y", "", map[string][]string{"a": {"1"}, "b": {"x", "y"}}},
		{"json", "application/json; charset=utf-8", `{"a":"1","b":["x","y"],"n":3,"t":true,"o":{"k":"v"},"z":null}`, "",
			map[string][]string{"a": {"1"}, "b": {"x", "y"}, "n": {"3"}, "t": {"true"}, "o[k]": {"v"}}},
		{"query and body", "application/x-www-form-urlencoded", "a=2", "q=1", map[string][]string{"q": {"1"}, "a": {"2"}}},
		{"multipart", "multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XX--\r\n", "",
			map[string][]string{"a": {"1"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/x?"+c.query, strings.NewReader(c.body))
			r.Header.Set("Content-Type", c.ctype)
			got, err := Params(r)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for k, vs := range c.want {
				if strings.Join(got[k], ",") != strings.Join(vs, ",") {
					t.Fatalf("%s: got %v, want %v", k, got[k], vs)
				}
			}
		})
	}
}

// FuzzParams: no body, however broken, makes the reader panic.
func FuzzParams(f *testing.F) {
	f.Add("application/json", `{"a":[1,{"b":[true,null]}]}`)
	f.Add("application/x-www-form-urlencoded", "a=%zz&b[]=1")
	f.Add("multipart/form-data; boundary=x", "--x\r\n")
	f.Fuzz(func(t *testing.T, ctype, body string) {
		r := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(body))
		r.Header.Set("Content-Type", ctype)
		Params(r)
	})
}

func TestSplitScopes(t *testing.T) {
	for in, want := range map[string]string{"read write": "read|write", "read+write": "read|write",
		" read,follow ": "read|follow", "": ""} {
		if got := strings.Join(SplitScopes(in), "|"); got != want {
			t.Errorf("SplitScopes(%q) = %q, want %q", in, got, want)
		}
	}
}
