package mastoapi

import (
	"encoding/json"
	"net/url"
	"reflect"
	"testing"
)

func TestParamsObjects(t *testing.T) {
	t.Parallel()
	form, _ := url.ParseQuery("fields_attributes[1][name]=b&fields_attributes[0][name]=a&fields_attributes[0][value]=1&fields_attributes[x][name]=skip")
	unindexed, _ := url.ParseQuery("fields_attributes[][name]=a&fields_attributes[][value]=1&fields_attributes[][name]=b")
	var asJSON map[string]any
	json.Unmarshal([]byte(`{"fields_attributes": {"0": {"name": "a", "value": "1"}, "1": {"name": "b"}}}`), &asJSON)
	tests := []struct {
		name string
		p    *params
		want []map[string]string
	}{
		{"form", &params{form: form}, []map[string]string{{"name": "a", "value": "1"}, {"name": "b"}}},
		{"form without indexes", &params{form: unindexed}, []map[string]string{{"name": "a", "value": "1"}, {"name": "b"}}},
		{"json object of indexes", &params{json: asJSON}, []map[string]string{{"name": "a", "value": "1"}, {"name": "b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.p.Objects("fields_attributes")
			if !ok || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Objects = %v, %v; want %v", got, ok, tt.want)
			}
		})
	}
}

// FuzzParams feeds arbitrary form and JSON bodies to the parameter reader:
// it must never panic, whatever apps (or attackers) send.
func FuzzParams(f *testing.F) {
	f.Add("fields_attributes[0][name]=a&media_ids[]=1&sensitive=true", `{"media_ids": ["1", 2], "fields_attributes": [{"name": 1}]}`)
	f.Add("fields_attributes[][name]=a&fields_attributes[][name]=b&fields_attributes[][value]=1", `{}`)
	f.Add("fields_attributes[99999999999999999999][x]=1", `{"fields_attributes": {"0": null}}`)
	f.Fuzz(func(t *testing.T, form, body string) {
		values, _ := url.ParseQuery(form)
		var decoded map[string]any
		json.Unmarshal([]byte(body), &decoded)
		for _, p := range []*params{{form: values}, {json: decoded, form: values}} {
			p.Objects("fields_attributes")
			p.IDs("media_ids")
			p.Strings("media_ids")
			p.Bool("sensitive")
			p.String("status")
		}
	})
}
