package ap

import "strings"

// Paths builds the URLs of this instance's ActivityPub objects and pages,
// so that every package names them the same way.
type Paths struct {
	// Base is "https://host" with no trailing slash.
	Base string
}

// NewPaths returns the paths for protocol ("http" or "https") and host.
func NewPaths(protocol, host string) Paths {
	return Paths{Base: protocol + "://" + strings.TrimSuffix(host, "/")}
}

func (p Paths) Actor(username string) string     { return p.Base + "/users/" + username }
func (p Paths) Profile(username string) string   { return p.Base + "/@" + username }
func (p Paths) Inbox(username string) string     { return p.Actor(username) + "/inbox" }
func (p Paths) Outbox(username string) string    { return p.Actor(username) + "/outbox" }
func (p Paths) Followers(username string) string { return p.Actor(username) + "/followers" }
func (p Paths) Following(username string) string { return p.Actor(username) + "/following" }
func (p Paths) Featured(username string) string  { return p.Actor(username) + "/collections/featured" }
func (p Paths) FeaturedTags(username string) string {
	return p.Actor(username) + "/collections/tags"
}
func (p Paths) KeyID(username string) string { return p.Actor(username) + "#main-key" }
func (p Paths) SharedInbox() string          { return p.Base + "/inbox" }

// InstanceActor is the application actor that signs fetches made on behalf of the server.
func (p Paths) InstanceActor() string { return p.Base + "/actor" }

func (p Paths) Status(username, id string) string     { return p.Actor(username) + "/statuses/" + id }
func (p Paths) StatusPage(username, id string) string { return p.Profile(username) + "/" + id }
func (p Paths) Activity(username, id string) string   { return p.Status(username, id) + "/activity" }
func (p Paths) Tag(name string) string                { return p.Base + "/tags/" + name }

// Emoji is the IRI of a local custom emoji, as Mastodon names it in tags.
func (p Paths) Emoji(shortcode string) string { return p.Base + "/emojis/" + shortcode }
