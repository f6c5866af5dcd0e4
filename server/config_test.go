package server

import (
	"strings"
	"testing"
)

func TestEnvOverridesEveryContractName(t *testing.T) {
	cfg, err := LoadConfig("", []string{
		"ROOST_HOST=social.example.org", "ROOST_LISTEN=0.0.0.0:9000", "ROOST_DATA=/var/lib/roost",
		"ROOST_PROTOCOL=http", "ROOST_REGISTRATIONS=approval", "ROOST_FEDERATION_ALLOW_PRIVATE=true",
		"ROOST_LOG_FORMAT=json", "ROOST_STORE_READERS=2", "UNRELATED=x",
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "social.example.org" || cfg.Listen != "0.0.0.0:9000" || cfg.Data != "/var/lib/roost" ||
		cfg.Protocol != "http" || cfg.Registrations != "approval" || !cfg.Federation.AllowPrivate ||
		cfg.Log.Format != "json" || cfg.Store.Readers != 2 {
		t.Fatalf("overrides not applied: %+v", cfg)
	}
}

func TestValidationNamesTheKey(t *testing.T) {
	cases := []struct {
		env  string
		want string
	}{
		{"ROOST_REGISTRATIONS=yes", "registrations (ROOST_REGISTRATIONS): must be open, approval or closed"},
		{"ROOST_PROTOCOL=ftp", "protocol (ROOST_PROTOCOL): must be https or http"},
		{"ROOST_LISTEN=nowhere", "listen (ROOST_LISTEN)"},
		{"ROOST_HOST=https://x.org/", "host (ROOST_HOST)"},
		{"ROOST_MEMORY_LIMIT=lots", "memory_limit (ROOST_MEMORY_LIMIT)"},
		{"ROOST_LOG_LEVEL=loud", "log.level (ROOST_LOG_LEVEL)"},
		{"ROOST_FEDERATION_WORKERS=0", "federation.workers"},
		{"ROOST_FEDERATION_MODE=closed", "federation.mode (ROOST_FEDERATION_MODE): must be blocklist or allowlist, got \"closed\""},
		{"ROOST_STORE_READERS=abc", "ROOST_STORE_READERS: must be a whole number"},
	}
	for _, c := range cases {
		t.Run(c.env, func(t *testing.T) {
			_, err := LoadConfig("", []string{c.env})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestFederationModeFromEnvironment(t *testing.T) {
	cfg, err := LoadConfig("", []string{"ROOST_FEDERATION_MODE=allowlist"})
	if err != nil || cfg.Federation.Mode != "allowlist" {
		t.Fatalf("mode %q, err %v", cfg.Federation.Mode, err)
	}
	if DefaultConfig().Federation.Mode != "blocklist" {
		t.Fatal("the default mode is not blocklist")
	}
}

func TestScheme(t *testing.T) {
	cases := []struct {
		host, protocol, want string
	}{
		{"localhost:8080", "", "http"},
		{"127.0.0.2:9000", "", "http"},
		{"[::1]:8080", "", "http"},
		{"social.example.org", "", "https"},
		{"localhost:8080", "https", "https"},
		{"social.example.org", "http", "http"},
	}
	for _, c := range cases {
		cfg := DefaultConfig()
		cfg.Host, cfg.Protocol = c.host, c.protocol
		if got := cfg.Scheme(); got != c.want {
			t.Errorf("Scheme(%s, %q) = %s, want %s", c.host, c.protocol, got, c.want)
		}
	}
}

func TestParseSize(t *testing.T) {
	cases := map[string]int64{"256MiB": 256 << 20, "1GiB": 1 << 30, "1GB": 1e9, "512k": 512 << 10, "off": 0, "0": 0, "1048576": 1 << 20}
	for in, want := range cases {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"lots", "-5MiB", "MiB", "1.5GiB"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
}

func TestApplyLowMemory(t *testing.T) {
	tests := []struct {
		name                   string
		low                    bool
		readers, cache, worker int
	}{
		{"off changes nothing", false, 0, 1024, 4},
		{"on lowers pool, cache and workers", true, 1, 256, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			c.LowMemory = tt.low
			c.ApplyLowMemory()
			if c.Store.Readers != tt.readers || c.Store.CacheKiB != tt.cache || c.Federation.Workers != tt.worker {
				t.Fatalf("readers %d cache %d workers %d", c.Store.Readers, c.Store.CacheKiB, c.Federation.Workers)
			}
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestLowMemoryFromEnvironment(t *testing.T) {
	c, err := LoadConfig("", []string{"ROOST_LOW_MEMORY=true"})
	if err != nil || !c.LowMemory {
		t.Fatalf("ROOST_LOW_MEMORY: %v %v", c.LowMemory, err)
	}
}
