package server

import (
	"reflect"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestExampleConfigDocumentsEveryKeyWithItsDefault keeps config.example.toml
// honest: it sets every key there is, and to the default value.
func TestExampleConfigDocumentsEveryKeyWithItsDefault(t *testing.T) {
	var cfg Config
	md, err := toml.DecodeFile("../config.example.toml", &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		t.Fatalf("unknown keys in the example: %v", undecoded)
	}
	if !reflect.DeepEqual(cfg, DefaultConfig()) {
		t.Fatalf("example differs from DefaultConfig():\nexample %+v\ndefault %+v", cfg, DefaultConfig())
	}
	want := countKeys(reflect.TypeOf(cfg))
	got := 0
	for _, k := range md.Keys() {
		if md.Type(k...) != "Hash" { // sections are tables, not keys
			got++
		}
	}
	if got != want {
		t.Fatalf("example sets %d keys, Config has %d", got, want)
	}
}

func countKeys(t reflect.Type) int {
	n := 0
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Type.Kind() == reflect.Struct {
			n += countKeys(t.Field(i).Type)
		} else {
			n++
		}
	}
	return n
}
