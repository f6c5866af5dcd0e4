package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"reflect"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"roost/federation"
	"roost/server/actions"
	"roost/store"
)

// Config is all of roost.toml. Top-level keys and each section's keys can be
// overridden by ROOST_KEY or ROOST_SECTION_KEY environment variables.
type Config struct {
	// Host is the public host name (and port, if not the default), e.g. social.example.org.
	Host string `toml:"host"`
	// Listen is the address the HTTP server binds.
	Listen string `toml:"listen"`
	// Protocol is https or http; empty means https, except for a loopback host.
	Protocol string `toml:"protocol"`
	// Data is the folder holding the database and media.
	Data string `toml:"data"`
	// Registrations is open, approval or closed.
	Registrations string `toml:"registrations"`
	// MemoryLimit is Go's soft memory limit, e.g. 256MiB; 0 or "off" disables it.
	MemoryLimit string `toml:"memory_limit"`
	// TrustedProxies are the CIDR ranges of reverse proxies whose
	// X-Forwarded-For, X-Forwarded-Proto and X-Real-IP headers are believed.
	TrustedProxies []string `toml:"trusted_proxies"`
	// LowMemory trades speed for resident memory on a small board: see
	// ApplyLowMemory.
	LowMemory bool `toml:"low_memory"`

	Instance   InstanceConfig     `toml:"instance"`
	Log        LogConfig          `toml:"log"`
	Limits     LimitsConfig       `toml:"limits"`
	Media      MediaConfig        `toml:"media"`
	Store      store.Config       `toml:"store"`
	Federation federation.Config  `toml:"federation"`
	SMTP       actions.SMTPConfig `toml:"smtp"`
}

// InstanceConfig describes the instance to visitors and apps.
type InstanceConfig struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	Contact     string `toml:"contact_email"`
}

// LogConfig chooses how Roost logs.
type LogConfig struct {
	Format string `toml:"format"` // text or json
	Level  string `toml:"level"`  // debug, info, warn, error
}

// LimitsConfig bounds what users may post.
type LimitsConfig struct {
	MaxStatusChars int `toml:"max_status_chars"`
	// MaxPollOptions is the most options a poll may have (Mastodon: 4).
	MaxPollOptions int `toml:"max_poll_options"`
}

// MediaConfig bounds uploads. Sizes are written like memory_limit.
type MediaConfig struct {
	MaxImageSize string `toml:"max_image_size"`
	MaxVideoSize string `toml:"max_video_size"` // video and audio
	// MaxPixels bounds an image's width × height, checked before decoding.
	MaxPixels int `toml:"max_pixels"`
}

// DefaultConfig is what Roost runs on with no config file at all.
func DefaultConfig() Config {
	return Config{
		Host:           "localhost:8080",
		Listen:         "127.0.0.1:8080",
		Data:           "./data",
		Registrations:  "closed",
		MemoryLimit:    "256MiB",
		TrustedProxies: []string{"127.0.0.1/32", "::1/128"},
		Instance:       InstanceConfig{Name: "Roost", Description: "A small, friendly corner of the fediverse."},
		Log:            LogConfig{Format: "text", Level: "info"},
		Limits:         LimitsConfig{MaxStatusChars: 500, MaxPollOptions: 4},
		Media:          MediaConfig{MaxImageSize: "16MiB", MaxVideoSize: "40MiB", MaxPixels: 33177600},
		Store:          store.Default(),
		Federation:     federation.Default(),
		SMTP:           actions.DefaultSMTP(),
	}
}

// Low-memory settings: one reader beside the writer, a small SQLite page
// cache, two delivery workers, and a garbage collector that runs twice as
// often as Roost's default (GOGC=25 rather than 50).
const (
	lowMemoryReaders   = 1
	lowMemoryCacheKiB  = 256
	lowMemoryWorkers   = 2
	LowMemoryGCPercent = 25
)

// ApplyLowMemory lowers the pool, cache and worker sizes when low_memory
// is on; a value the operator set lower still wins. The caller sets the
// GC percent (debug.SetGCPercent(LowMemoryGCPercent)): it is process-wide.
func (c *Config) ApplyLowMemory() {
	if !c.LowMemory {
		return
	}
	c.Store.Readers = lowMemoryReaders
	c.Store.CacheKiB = min(c.Store.CacheKiB, lowMemoryCacheKiB)
	c.Federation.Workers = min(c.Federation.Workers, lowMemoryWorkers)
}

// LoadConfig reads the defaults, then the TOML file (if path is not empty),
// then ROOST_* variables from environ, and validates the result.
func LoadConfig(path string, environ []string) (Config, error) {
	cfg := DefaultConfig()
	if path != "" {
		md, err := toml.DecodeFile(path, &cfg)
		if err != nil {
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
		if undecoded := md.Undecoded(); len(undecoded) > 0 {
			return cfg, fmt.Errorf("config %s: unknown key %q", path, undecoded[0].String())
		}
	}
	if err := applyEnv(&cfg, environ); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// applyEnv walks the config struct and sets each field named by a ROOST_ variable.
func applyEnv(cfg *Config, environ []string) error {
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, "ROOST_") {
			env[k] = v
		}
	}
	var walk func(v reflect.Value, prefix string) error
	walk = func(v reflect.Value, prefix string) error {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			key := f.Tag.Get("toml")
			if key == "" {
				continue
			}
			name := prefix + strings.ToUpper(key)
			fv := v.Field(i)
			if fv.Kind() == reflect.Struct {
				if err := walk(fv, name+"_"); err != nil {
					return err
				}
				continue
			}
			raw, ok := env[name]
			if !ok {
				continue
			}
			switch fv.Kind() {
			case reflect.String:
				fv.SetString(raw)
			case reflect.Bool:
				b, err := strconv.ParseBool(raw)
				if err != nil {
					return fmt.Errorf("%s: must be true or false, got %q", name, raw)
				}
				fv.SetBool(b)
			case reflect.Int:
				n, err := strconv.Atoi(raw)
				if err != nil {
					return fmt.Errorf("%s: must be a whole number, got %q", name, raw)
				}
				fv.SetInt(int64(n))
			case reflect.Slice: // of strings: a comma-separated list; empty means none
				list := []string{}
				for _, item := range strings.Split(raw, ",") {
					if item = strings.TrimSpace(item); item != "" {
						list = append(list, item)
					}
				}
				fv.Set(reflect.ValueOf(list))
			}
		}
		return nil
	}
	return walk(reflect.ValueOf(cfg).Elem(), "ROOST_")
}

// Validate checks every key and names the first bad one with what it accepts.
func (c Config) Validate() error {
	if c.Host == "" || strings.ContainsAny(c.Host, "/ ") {
		return fmt.Errorf("host (ROOST_HOST): must be a host name with an optional port, like social.example.org, got %q", c.Host)
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return fmt.Errorf("listen (ROOST_LISTEN): must be an address:port like 127.0.0.1:8080, got %q", c.Listen)
	}
	switch c.Protocol {
	case "", "http", "https":
	default:
		return fmt.Errorf("protocol (ROOST_PROTOCOL): must be https or http, got %q", c.Protocol)
	}
	if c.Data == "" {
		return errors.New("data (ROOST_DATA): must name a folder")
	}
	switch c.Registrations {
	case "open", "approval", "closed":
	default:
		return fmt.Errorf("registrations (ROOST_REGISTRATIONS): must be open, approval or closed, got %q", c.Registrations)
	}
	if _, err := ParseSize(c.MemoryLimit); err != nil {
		return fmt.Errorf("memory_limit (ROOST_MEMORY_LIMIT): %v", err)
	}
	if _, err := c.TrustedProxyRanges(); err != nil {
		return err
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		return fmt.Errorf("log.format (ROOST_LOG_FORMAT): must be text or json, got %q", c.Log.Format)
	}
	if _, err := c.LogLevel(); err != nil {
		return err
	}
	if c.Limits.MaxStatusChars < 1 || c.Limits.MaxStatusChars > 100000 {
		return fmt.Errorf("limits.max_status_chars (ROOST_LIMITS_MAX_STATUS_CHARS): must be between 1 and 100000, got %d", c.Limits.MaxStatusChars)
	}
	if c.Limits.MaxPollOptions < 2 || c.Limits.MaxPollOptions > 64 {
		return fmt.Errorf("limits.max_poll_options (ROOST_LIMITS_MAX_POLL_OPTIONS): must be between 2 and 64, got %d", c.Limits.MaxPollOptions)
	}
	if err := c.Media.Validate(); err != nil {
		return err
	}
	if err := c.Store.Validate(); err != nil {
		return err
	}
	return c.Federation.Validate()
}

// TrustedProxyRanges parses trusted_proxies; a bare address means just it.
func (c Config) TrustedProxyRanges() ([]*net.IPNet, error) {
	var ranges []*net.IPNet
	for _, s := range c.TrustedProxies {
		if ip := net.ParseIP(s); ip != nil {
			bits := 8 * len(ip.To4())
			if bits == 0 {
				bits = 8 * net.IPv6len
			}
			s = fmt.Sprintf("%s/%d", s, bits)
		}
		_, r, err := net.ParseCIDR(s)
		if err != nil {
			return nil, fmt.Errorf("trusted_proxies (ROOST_TRUSTED_PROXIES): must be addresses or CIDR ranges like 127.0.0.1/32 or 10.0.0.0/8, got %q", s)
		}
		ranges = append(ranges, r)
	}
	return ranges, nil
}

// LogLevel parses log.level.
func (c Config) LogLevel() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.Log.Level)); err != nil {
		return l, fmt.Errorf("log.level (ROOST_LOG_LEVEL): must be debug, info, warn or error, got %q", c.Log.Level)
	}
	return l, nil
}

// Scheme is the protocol links are built with: https unless set, or unless
// the host is a loopback name, where plain http is the only thing that works.
func (c Config) Scheme() string {
	if c.Protocol != "" {
		return c.Protocol
	}
	host := c.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return "http"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return "http"
	}
	return "https"
}

// ParseSize reads sizes like 256MiB, 1GB, 512k or 0; "off" and "0" mean no limit.
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "off" || s == "0" {
		return 0, nil
	}
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000},
		{"k", 1 << 10}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
			if err != nil || n < 0 {
				break
			}
			return n * u.mult, nil
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("must be a size like 256MiB, 1GiB or off, got %q", s)
	}
	return n, nil
}

// EnsureDataDir creates the data folder and its media subfolder.
func (c Config) EnsureDataDir() error {
	return os.MkdirAll(c.MediaDir(), 0o750)
}

// MediaDir is where uploaded and cached media live.
func (c Config) MediaDir() string { return c.Data + string(os.PathSeparator) + "media" }

// Validate checks the media limits.
func (m MediaConfig) Validate() error {
	for _, k := range []struct{ key, env, value string }{
		{"media.max_image_size", "ROOST_MEDIA_MAX_IMAGE_SIZE", m.MaxImageSize},
		{"media.max_video_size", "ROOST_MEDIA_MAX_VIDEO_SIZE", m.MaxVideoSize},
	} {
		if n, err := ParseSize(k.value); err != nil || n == 0 {
			return fmt.Errorf("%s (%s): must be a size like 16MiB, got %q", k.key, k.env, k.value)
		}
	}
	if m.MaxPixels < 1 || m.MaxPixels > 200_000_000 {
		return fmt.Errorf("media.max_pixels (ROOST_MEDIA_MAX_PIXELS): must be between 1 and 200000000, got %d", m.MaxPixels)
	}
	return nil
}
