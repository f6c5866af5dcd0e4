package ap

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"roost/store"
)

// Actor is a remote actor document reduced to store.Account's fields.
// Summary and field values are sanitised HTML; names are plain text.
type Actor struct {
	ID           string
	Type         string // Person, Service, Application, Group or Organization
	Username     string // preferredUsername
	DisplayName  string
	Summary      string
	URL          string
	Inbox        string
	SharedInbox  string
	Outbox       string
	Followers    string
	Following    string
	Featured     string
	FeaturedTags string
	PublicKey    PublicKey
	AvatarURL    string
	HeaderURL    string
	Locked       bool // manuallyApprovesFollowers
	Discoverable bool
	Indexable    bool
	Fields       []store.Field
	AlsoKnownAs  []string
	MovedTo      string
	Emojis       []store.Emoji
	Published    time.Time
}

// PublicKey is the actor's HTTP-signature key (security v1 vocabulary).
type PublicKey struct {
	ID    string
	Owner string
	PEM   string
}

// actorTypes are the AS2 actor types; Mastodon shows Service and
// Application as bots and Group as a group.
var actorTypes = map[string]bool{
	"Person": true, "Service": true, "Application": true, "Group": true, "Organization": true,
}

// IsActorType reports whether t is one of the ActivityStreams actor types.
func IsActorType(t string) bool { return actorTypes[t] }

// ParseActor reads an actor document as served at its id.
func ParseActor(raw []byte) (*Actor, error) {
	m, err := decode(raw)
	if err != nil {
		return nil, err
	}
	return actorFrom(m)
}

func actorFrom(m map[string]any) (*Actor, error) {
	a := &Actor{
		ID:           iri(m["id"]),
		Type:         typeOf(m),
		Username:     plainText(str(m, "preferredUsername"), 256),
		DisplayName:  plainText(str(m, "name"), maxNameRunes),
		Summary:      SanitizeHTML(capBytes(str(m, "summary"), maxContentBytes)),
		URL:          pageURL(m["url"]),
		Inbox:        iri(m["inbox"]),
		Outbox:       iri(m["outbox"]),
		Followers:    iri(m["followers"]),
		Following:    iri(m["following"]),
		Featured:     iri(m["featured"]),
		FeaturedTags: iri(m["featuredTags"]),
		PublicKey:    publicKeyOf(m["publicKey"]),
		AvatarURL:    imageURL(m["icon"]),
		HeaderURL:    imageURL(m["image"]),
		Locked:       boolean(m, "manuallyApprovesFollowers"),
		Discoverable: boolean(m, "discoverable"),
		Indexable:    boolean(m, "indexable"),
		Fields:       fieldsOf(m["attachment"]),
		AlsoKnownAs:  iris(m["alsoKnownAs"]),
		MovedTo:      iri(m["movedTo"]),
		Emojis:       emojisOf(m["tag"]),
		Published:    timestamp(m, "published"),
	}
	if endpoints, ok := m["endpoints"].(map[string]any); ok {
		a.SharedInbox = iri(endpoints["sharedInbox"])
	}
	if a.PublicKey.Owner != "" && a.PublicKey.Owner != a.ID {
		a.PublicKey = PublicKey{} // a key another actor owns cannot sign for this one
	}
	if a.SharedInbox == "" {
		a.SharedInbox = iri(m["sharedInbox"]) // Misskey repeats it at the top level
	}
	switch {
	case !actorTypes[a.Type]:
		return nil, fmt.Errorf("%w: %q is not an actor type", ErrMalformed, a.Type)
	case a.ID == "" || a.Inbox == "":
		return nil, fmt.Errorf("%w: actor without id or inbox", ErrMalformed)
	case a.Username == "" || strings.ContainsAny(a.Username, "@/ "):
		return nil, fmt.Errorf("%w: actor %s has no usable preferredUsername", ErrMalformed, a.ID)
	}
	return a, nil
}

// Host is the actor's server, lower-cased; a default for Account.Domain
// when WebFinger has not named another.
func (a *Actor) Host() string {
	u, err := url.Parse(a.ID)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// ApplyTo copies the actor onto acc, leaving what only Roost knows (ids,
// counters, timestamps of our own, MovedToID) untouched. It is used both
// for a new remote account and for an Update{Person}.
func (a *Actor) ApplyTo(acc *store.Account) {
	if acc.Domain == "" {
		acc.Domain = a.Host()
	}
	acc.Username = a.Username
	acc.ActorType = a.Type
	acc.DisplayName = a.DisplayName
	acc.Note = a.Summary
	acc.Fields = a.Fields
	acc.AvatarRemoteURL = a.AvatarURL
	acc.HeaderRemoteURL = a.HeaderURL
	acc.Locked = a.Locked
	acc.Bot = a.Type == "Service" || a.Type == "Application"
	acc.Discoverable = a.Discoverable
	acc.Indexable = a.Indexable
	acc.URI = a.ID
	acc.URL = a.URL
	if acc.URL == "" {
		acc.URL = a.ID
	}
	acc.InboxURL = a.Inbox
	acc.SharedInboxURL = a.SharedInbox
	acc.OutboxURL = a.Outbox
	acc.FollowersURL = a.Followers
	acc.FollowingURL = a.Following
	acc.FeaturedURL = a.Featured
	acc.FeaturedTagsURL = a.FeaturedTags
	acc.PublicKeyID = a.PublicKey.ID
	acc.PublicKeyPEM = a.PublicKey.PEM
	acc.AlsoKnownAs = a.AlsoKnownAs
	acc.Emojis = a.Emojis
	if acc.CreatedAt.IsZero() && !a.Published.IsZero() {
		acc.CreatedAt = a.Published
	}
}

// publicKeyOf reads publicKey, which a few servers send as an array of
// keys; the first one with a PEM is taken.
func publicKeyOf(v any) PublicKey {
	for _, k := range objects(v) {
		pem := str(k, "publicKeyPem")
		if pem == "" || len(pem) > 16<<10 {
			continue
		}
		return PublicKey{ID: iri(k["id"]), Owner: iri(k["owner"]), PEM: pem}
	}
	return PublicKey{}
}

// imageURL reads icon or image: an Image object (whose url may be a Link),
// an array of them, or a bare URL.
func imageURL(v any) string {
	for _, o := range objects(v) {
		if u := iri(o["url"]); u != "" {
			return u
		}
	}
	if s, ok := v.(string); ok {
		return validIRI(s)
	}
	return ""
}

// fieldsOf reads profile metadata: attachment entries of type
// PropertyValue (schema.org) with a name and an HTML value.
func fieldsOf(v any) []store.Field {
	var out []store.Field
	for _, o := range objects(v) {
		if len(out) == maxFields {
			break
		}
		if typeOf(o) != "PropertyValue" {
			continue
		}
		name := plainText(str(o, "name"), 255)
		if name == "" {
			continue
		}
		out = append(out, store.Field{Name: name, Value: SanitizeHTML(capBytes(str(o, "value"), 4096))})
	}
	return out
}

func capBytes(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
