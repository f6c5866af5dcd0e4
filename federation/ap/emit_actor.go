package ap

import (
	"time"

	"roost/store"
)

// ActorDoc is an actor document (Person, Service, Application, Group).
type ActorDoc struct {
	Context                   any           `json:"@context,omitempty"`
	ID                        string        `json:"id"`
	Type                      string        `json:"type"`
	Following                 string        `json:"following"`
	Followers                 string        `json:"followers"`
	Inbox                     string        `json:"inbox"`
	Outbox                    string        `json:"outbox"`
	Featured                  string        `json:"featured,omitempty"`
	FeaturedTags              string        `json:"featuredTags,omitempty"`
	PreferredUsername         string        `json:"preferredUsername"`
	Name                      string        `json:"name"`
	Summary                   string        `json:"summary"`
	URL                       string        `json:"url"`
	ManuallyApprovesFollowers bool          `json:"manuallyApprovesFollowers"`
	Discoverable              bool          `json:"discoverable"`
	Indexable                 bool          `json:"indexable"`
	Published                 string        `json:"published,omitempty"`
	PublicKey                 publicKeyDoc  `json:"publicKey"`
	Tag                       []tagDoc      `json:"tag"`
	Attachment                []propertyDoc `json:"attachment"`
	Endpoints                 endpointsDoc  `json:"endpoints"`
	Icon                      *imageDoc     `json:"icon,omitempty"`
	Image                     *imageDoc     `json:"image,omitempty"`
	AlsoKnownAs               []string      `json:"alsoKnownAs,omitempty"`
	MovedTo                   string        `json:"movedTo,omitempty"`
}

type publicKeyDoc struct {
	ID           string `json:"id"`
	Owner        string `json:"owner"`
	PublicKeyPem string `json:"publicKeyPem"`
}

type propertyDoc struct {
	Type  string `json:"type"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

type endpointsDoc struct {
	SharedInbox string `json:"sharedInbox"`
}

type imageDoc struct {
	Type      string `json:"type"`
	MediaType string `json:"mediaType,omitempty"`
	URL       string `json:"url"`
}

// ActorParts is what an actor document needs beyond store.Account: the
// public URLs of avatar and header (media lives outside the store) and the
// IRI of the account moved to, if any.
type ActorParts struct {
	AvatarURL       string
	AvatarMediaType string
	HeaderURL       string
	HeaderMediaType string
	MovedTo         string
	// FeaturedTags are the hashtags the account features, listed as
	// Hashtag tags on the actor as Mastodon does.
	FeaturedTags []string
}

// Actor builds the actor document of a local account. A bot Person is
// served as a Service, as Mastodon does.
func (e Emitter) Actor(acc *store.Account, parts ActorParts) *ActorDoc {
	name := acc.Username
	actorType := acc.ActorType
	if actorType == "" {
		actorType = "Person"
	}
	if actorType == "Person" && acc.Bot {
		actorType = "Service"
	}
	doc := &ActorDoc{
		Context:                   ldContext,
		ID:                        e.paths.Actor(name),
		Type:                      actorType,
		Following:                 e.paths.Following(name),
		Followers:                 e.paths.Followers(name),
		Inbox:                     e.paths.Inbox(name),
		Outbox:                    e.paths.Outbox(name),
		Featured:                  e.paths.Featured(name),
		FeaturedTags:              e.paths.FeaturedTags(name),
		PreferredUsername:         name,
		Name:                      acc.DisplayName,
		Summary:                   acc.Note,
		URL:                       e.paths.Profile(name),
		ManuallyApprovesFollowers: acc.Locked,
		Discoverable:              acc.Discoverable,
		Indexable:                 acc.Indexable,
		Published:                 formatTime(acc.CreatedAt.Truncate(24 * time.Hour)),
		PublicKey:                 publicKeyDoc{ID: e.paths.KeyID(name), Owner: e.paths.Actor(name), PublicKeyPem: acc.PublicKeyPEM},
		Tag:                       emojiTags(acc.Emojis, e.paths),
		Attachment:                []propertyDoc{},
		Endpoints:                 endpointsDoc{SharedInbox: e.paths.SharedInbox()},
		AlsoKnownAs:               acc.AlsoKnownAs,
		MovedTo:                   parts.MovedTo,
	}
	for _, name := range parts.FeaturedTags {
		doc.Tag = append(doc.Tag, e.hashtag(name))
	}
	for _, f := range acc.Fields {
		doc.Attachment = append(doc.Attachment, propertyDoc{Type: "PropertyValue", Name: f.Name, Value: f.Value})
	}
	if parts.AvatarURL != "" {
		doc.Icon = &imageDoc{Type: "Image", MediaType: parts.AvatarMediaType, URL: parts.AvatarURL}
	}
	if parts.HeaderURL != "" {
		doc.Image = &imageDoc{Type: "Image", MediaType: parts.HeaderMediaType, URL: parts.HeaderURL}
	}
	return doc
}

// embedded returns a copy without @context, for use inside another document.
func (d *ActorDoc) embedded() *ActorDoc {
	c := *d
	c.Context = nil
	return &c
}

// InstanceActor builds the server's own actor, which signs fetches and
// relay subscriptions. Like Mastodon's it is an Application named after
// the host, locked, and not discoverable.
func (e Emitter) InstanceActor(host, publicKeyPEM string) *ActorDoc {
	id := e.paths.InstanceActor()
	return &ActorDoc{
		Context:                   ldContext,
		ID:                        id,
		Type:                      "Application",
		Following:                 id + "/following",
		Followers:                 id + "/followers",
		Inbox:                     id + "/inbox",
		Outbox:                    id + "/outbox",
		PreferredUsername:         host,
		Name:                      host,
		URL:                       e.paths.Base + "/about",
		ManuallyApprovesFollowers: true,
		PublicKey:                 publicKeyDoc{ID: id + "#main-key", Owner: id, PublicKeyPem: publicKeyPEM},
		Tag:                       []tagDoc{},
		Attachment:                []propertyDoc{},
		Endpoints:                 endpointsDoc{SharedInbox: e.paths.SharedInbox()},
	}
}

func (e Emitter) hashtag(name string) tagDoc {
	return tagDoc{Type: "Hashtag", Href: e.paths.Tag(name), Name: "#" + name}
}

// Hashtags are the items of an actor's featuredTags collection.
func (e Emitter) Hashtags(names []string) []any {
	out := make([]any, 0, len(names))
	for _, name := range names {
		h := e.hashtag(name)
		out = append(out, &h)
	}
	return out
}
