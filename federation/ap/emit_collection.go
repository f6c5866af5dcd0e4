package ap

// collectionDoc is a Collection or OrderedCollection; only the fields set
// are written.
type collectionDoc struct {
	Context    any    `json:"@context,omitempty"`
	ID         string `json:"id,omitempty"`
	Type       string `json:"type"`
	TotalItems *int   `json:"totalItems,omitempty"`
	First      any    `json:"first,omitempty"` // an IRI, or the replies stub's first page
}

// pageDoc is the first page of a replies stub.
type pageDoc struct {
	Type   string `json:"type"`
	Next   string `json:"next,omitempty"`
	PartOf string `json:"partOf"`
	Items  []any  `json:"items"`
}

// OrderedCollection is the front of a paged collection (outbox, followers,
// following): its size and a link to the first page. With hidden
// collections pass first "" to show only the count, as Mastodon does.
func (e Emitter) OrderedCollection(id string, totalItems int, first string) any {
	doc := &collectionDoc{Context: ldContext, ID: id, Type: "OrderedCollection", TotalItems: &totalItems}
	if first != "" {
		doc.First = first
	}
	return doc
}

// OrderedCollectionItems is a small collection served whole, like the
// featured (pinned) collection. Items are IRIs or embedded documents.
func (e Emitter) OrderedCollectionItems(id string, items []any) any {
	n := len(items)
	if items == nil {
		items = []any{}
	}
	return &orderedItemsDoc{Context: ldContext, ID: id, Type: "OrderedCollection", TotalItems: n, OrderedItems: items}
}

// orderedItemsDoc always writes orderedItems, even when empty.
type orderedItemsDoc struct {
	Context      any    `json:"@context,omitempty"`
	ID           string `json:"id"`
	Type         string `json:"type"`
	TotalItems   int    `json:"totalItems"`
	OrderedItems []any  `json:"orderedItems"`
}

// OrderedCollectionPage is one page of a collection; next and prev are ""
// at the ends. Items are IRIs or embedded documents (activities, notes).
func (e Emitter) OrderedCollectionPage(id, partOf, next, prev string, totalItems int, items []any) any {
	if items == nil {
		items = []any{}
	}
	return &orderedPageDoc{Context: ldContext, ID: id, Type: "OrderedCollectionPage", TotalItems: totalItems,
		Next: next, Prev: prev, PartOf: partOf, OrderedItems: items}
}

// orderedPageDoc always writes orderedItems, even when empty.
type orderedPageDoc struct {
	Context      any    `json:"@context,omitempty"`
	ID           string `json:"id"`
	Type         string `json:"type"`
	TotalItems   int    `json:"totalItems"`
	Next         string `json:"next,omitempty"`
	Prev         string `json:"prev,omitempty"`
	PartOf       string `json:"partOf"`
	OrderedItems []any  `json:"orderedItems"`
}
