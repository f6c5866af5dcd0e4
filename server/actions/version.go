package actions

// Version is Roost's release, set at link time by the release build
// (-ldflags "-X roost/server/actions.Version=...").
var Version = "0.1.0"

// MastodonAPIVersion is the Mastodon release whose client API Roost serves.
// Apps gate features on the instance version, so it leads the version string.
const MastodonAPIVersion = "4.3.0"

// CompatibleVersion is the instance version apps see, e.g. "4.3.0 (compatible; Roost 0.1.0)".
func CompatibleVersion() string {
	return MastodonAPIVersion + " (compatible; Roost " + Version + ")"
}
