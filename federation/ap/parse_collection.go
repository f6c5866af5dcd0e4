package ap

import "fmt"

// maxCollectionItems bounds the items read from one collection page.
const maxCollectionItems = 100

// Collection is one page of a collection (an outbox, a replies
// collection) as servers shape them: Mastodon and GoToSocial name a first
// page by IRI and fill it with Create activities, Akkoma and Misskey may
// embed the first page, and replies often list bare Notes or their ids.
type Collection struct {
	// First is the IRI of the first page, when the collection names it
	// rather than embedding it (its items are then on that page).
	First string
	// Next is the IRI of the page after this one.
	Next  string
	Items []CollectionItem
}

// CollectionItem is a post in a collection: embedded (bare, or the object
// of a Create) or only named by its id. An Announce is marked as such.
type CollectionItem struct {
	IRI      string
	Note     *Note
	Announce bool
}

// ParseCollection reads a collection or collection page.
func ParseCollection(raw []byte) (*Collection, error) {
	m, err := decode(raw)
	if err != nil {
		return nil, err
	}
	switch typeOf(m) {
	case "OrderedCollection", "Collection", "OrderedCollectionPage", "CollectionPage":
	default:
		return nil, fmt.Errorf("%w: %q is not a collection", ErrMalformed, typeOf(m))
	}
	c := &Collection{Next: iri(m["next"])}
	page := m
	switch first := m["first"].(type) {
	case string:
		c.First = iri(first)
	case map[string]any:
		page = first
		c.Next = iri(first["next"])
	}
	items := page["orderedItems"]
	if items == nil {
		items = page["items"]
	}
	for _, v := range list(items) {
		if len(c.Items) == maxCollectionItems {
			break
		}
		if item, ok := collectionItem(v); ok {
			c.Items = append(c.Items, item)
		}
	}
	return c, nil
}

func collectionItem(v any) (CollectionItem, bool) {
	obj, ok := v.(map[string]any)
	if !ok {
		id := iri(v)
		return CollectionItem{IRI: id}, id != ""
	}
	switch t := typeOf(obj); {
	case t == "Create":
		inner, ok := obj["object"].(map[string]any)
		if !ok {
			id := iri(obj["object"])
			return CollectionItem{IRI: id}, id != ""
		}
		return embeddedNote(inner)
	case t == "Announce":
		id := iri(obj["object"])
		return CollectionItem{IRI: id, Announce: true}, id != ""
	case noteTypes[t]:
		return embeddedNote(obj)
	}
	return CollectionItem{}, false
}

func embeddedNote(m map[string]any) (CollectionItem, bool) {
	n, err := noteFrom(m)
	if err != nil {
		id := iri(m["id"])
		return CollectionItem{IRI: id}, id != ""
	}
	return CollectionItem{IRI: n.ID, Note: n}, true
}
