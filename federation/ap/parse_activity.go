package ap

import (
	"fmt"
	"strings"
	"time"

	"roost/store"
)

// Type is an activity type Roost acts on; everything else is TypeUnknown.
type Type string

// The activity types the inbox understands.
const (
	TypeCreate   Type = "Create"
	TypeUpdate   Type = "Update"
	TypeDelete   Type = "Delete"
	TypeFollow   Type = "Follow"
	TypeAccept   Type = "Accept"
	TypeReject   Type = "Reject"
	TypeUndo     Type = "Undo"
	TypeLike     Type = "Like"
	TypeAnnounce Type = "Announce"
	TypeBlock    Type = "Block"
	TypeMove     Type = "Move"
	TypeFlag     Type = "Flag"
	TypeAdd      Type = "Add"
	TypeRemove   Type = "Remove"
	// TypeUnknown covers EmojiReact, View, Listen, Arrive …: accepted and dropped.
	TypeUnknown Type = "Unknown"
)

var knownTypes = map[string]Type{
	"Create": TypeCreate, "Update": TypeUpdate, "Delete": TypeDelete, "Follow": TypeFollow,
	"Accept": TypeAccept, "Reject": TypeReject, "Undo": TypeUndo, "Like": TypeLike,
	"Announce": TypeAnnounce, "Block": TypeBlock, "Move": TypeMove, "Flag": TypeFlag,
	"Add": TypeAdd, "Remove": TypeRemove,
}

// Activity is an incoming activity, independent of any JSON-LD library.
type Activity struct {
	ID        string
	Type      Type
	RawType   string // the type as sent, e.g. "EmojiReact" for TypeUnknown
	Actor     string
	Object    Object
	Target    string // Move's new account, Add/Remove's collection
	To, Cc    []string
	Published time.Time
	// Content is a Flag's comment or a reaction (Misskey's _misskey_reaction,
	// Pleroma's EmojiReact content); Emojis are the custom emojis it uses.
	Content string
	Emojis  []store.Emoji
	// Objects lists every IRI of a Flag's object (the account and statuses).
	Objects []string
}

// Object is an activity's object: an IRI, or an embedded object of which
// exactly one of Note, Actor or Activity is set (none for a Tombstone or a
// type Roost does not read).
type Object struct {
	IRI      string // the bare IRI, or the embedded object's id
	Type     string // "" when the object was only an IRI
	Name     string // an embedded object's name (a Hashtag's "#tag")
	Note     *Note
	Actor    *Actor
	Activity *Activity
}

// Embedded reports whether the object came inline rather than as an IRI.
func (o Object) Embedded() bool { return o.Type != "" }

// ParseActivity reads an inbox delivery. An unknown activity type is not an
// error: it comes back as TypeUnknown for the inbox to acknowledge and drop.
func ParseActivity(raw []byte) (*Activity, error) {
	m, err := decode(raw)
	if err != nil {
		return nil, err
	}
	return activityFrom(m, 0)
}

func activityFrom(m map[string]any, nesting int) (*Activity, error) {
	if nesting > maxActivityNest {
		return nil, fmt.Errorf("%w: activities nested more than %d deep", ErrTooDeep, maxActivityNest)
	}
	a := &Activity{
		ID:        iri(m["id"]),
		RawType:   typeOf(m),
		Actor:     iri(m["actor"]),
		Target:    iri(m["target"]),
		To:        iris(m["to"]),
		Cc:        iris(m["cc"]),
		Published: timestamp(m, "published"),
		Emojis:    emojisOf(m["tag"]),
	}
	if a.RawType == "" {
		return nil, fmt.Errorf("%w: no type", ErrMalformed)
	}
	a.Type = knownTypes[a.RawType]
	if a.Type == "" {
		a.Type = TypeUnknown
		return a, nil
	}
	if a.Actor == "" {
		return nil, fmt.Errorf("%w: %s without an actor", ErrMalformed, a.RawType)
	}
	a.Content = reactionOrComment(m)
	if a.Type == TypeFlag {
		a.Objects = iris(m["object"])
	}
	obj, err := objectFrom(m["object"], nesting)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", a.RawType, a.ID, err)
	}
	a.Object = obj
	// An embedded activity without an id (some servers' Accept{Follow}) is
	// still usable: the caller matches it by actor and object; so is a
	// Hashtag, which has no id of its own (Add/Remove of featured tags).
	if a.Object.IRI == "" && a.Object.Activity == nil && a.Type != TypeFlag && a.Object.Type != "Hashtag" {
		return nil, fmt.Errorf("%w: %s without an object", ErrMalformed, a.RawType)
	}
	return a, nil
}

// reactionOrComment reads Misskey's _misskey_reaction, then content.
func reactionOrComment(m map[string]any) string {
	if r := str(m, "_misskey_reaction"); r != "" {
		return plainText(r, maxNameRunes)
	}
	return plainText(str(m, "content"), 5000)
}

// objectFrom reads an activity's object, which may be an IRI, an embedded
// object, or a one-item array of either.
func objectFrom(v any, nesting int) (Object, error) {
	if items := list(v); len(items) > 0 {
		v = items[0]
	}
	m, ok := v.(map[string]any)
	if !ok {
		return Object{IRI: iri(v)}, nil
	}
	o := Object{IRI: iri(m["id"]), Type: typeOf(m), Name: plainName(m["name"])}
	var err error
	switch {
	case noteTypes[o.Type]:
		o.Note, err = noteFrom(m)
	case actorTypes[o.Type]:
		o.Actor, err = actorFrom(m)
	case knownTypes[o.Type] != "":
		o.Activity, err = activityFrom(m, nesting+1)
	}
	if err != nil {
		return Object{}, err
	}
	if o.Type == "" && o.IRI != "" {
		o.Type = "Object" // an object with an id but no type is still embedded
	}
	return o, nil
}

// IsPublicAudience reports whether to or cc contains Public.
func (a *Activity) IsPublicAudience() bool {
	for _, s := range append(append([]string{}, a.To...), a.Cc...) {
		if isPublic(s) {
			return true
		}
	}
	return false
}

// SameOrigin reports whether two IRIs share scheme and host: the check the
// inbox makes before trusting an embedded object the actor did not sign.
func SameOrigin(a, b string) bool {
	return origin(a) != "" && origin(a) == origin(b)
}

func origin(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	host, _, _ = strings.Cut(host, "#")
	host, _, _ = strings.Cut(host, "?")
	return strings.ToLower(scheme + "://" + host)
}

// plainName reads a short name field as plain text, bounded.
func plainName(v any) string {
	s, _ := v.(string)
	if len(s) > 200 {
		return ""
	}
	return strings.TrimSpace(s)
}
