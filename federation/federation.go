// Package federation holds the settings shared by Roost's ActivityPub
// packages: ap (AS2 <-> model), httpsig, deliver and fetch.
package federation

import "fmt"

// Config is the [federation] section of roost.toml.
type Config struct {
	// AllowPrivate lets federation reach loopback and private addresses. For tests only.
	AllowPrivate bool `toml:"allow_private"`
	// AuthorizedFetch requires a valid signature on GETs of ActivityPub objects.
	AuthorizedFetch bool `toml:"authorized_fetch"`
	// Workers is how many deliveries run at once.
	Workers int `toml:"workers"`
	// BackfillPosts is how many of a remote account's newest posts are
	// fetched from its outbox when it is first looked up, viewed or
	// followed; 0 turns backfill off.
	BackfillPosts int `toml:"backfill_posts"`
	// Mode is ModeBlocklist (federate with everyone but the suspended
	// domains) or ModeAllowlist (only with the domains the admins allowed).
	Mode string `toml:"mode"`
}

// Federation modes.
const (
	ModeBlocklist = "blocklist"
	ModeAllowlist = "allowlist"
)

// SignedFetchesOnly reports whether fetches of ActivityPub objects must be
// signed: asked for, or implied by allowlist mode, as Mastodon's limited
// federation mode implies it, since otherwise a server that is not allowed
// could still read every public post.
func (c Config) SignedFetchesOnly() bool {
	return c.AuthorizedFetch || c.Mode == ModeAllowlist
}

// Default returns the configuration for a public instance on a small board.
func Default() Config {
	return Config{Workers: 4, BackfillPosts: 20, Mode: ModeBlocklist}
}

// Validate names the first bad key.
func (c Config) Validate() error {
	if c.Workers < 1 || c.Workers > 64 {
		return fmt.Errorf("federation.workers: must be between 1 and 64, got %d", c.Workers)
	}
	if c.BackfillPosts < 0 || c.BackfillPosts > 100 {
		return fmt.Errorf("federation.backfill_posts: must be between 0 and 100, got %d", c.BackfillPosts)
	}
	if c.Mode != ModeBlocklist && c.Mode != ModeAllowlist {
		return fmt.Errorf("federation.mode (ROOST_FEDERATION_MODE): must be blocklist or allowlist, got %q", c.Mode)
	}
	return nil
}
