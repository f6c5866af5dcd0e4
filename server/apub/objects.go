package apub

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"roost/federation/ap"
	"roost/store"
)

// pageSize is how many items one collection page holds, as in Mastodon.
const pageSize = 20

func (h *Handlers) emitter() ap.Emitter { return ap.NewEmitter(h.Actions.Paths) }

// Actor serves a local account's actor document (Person, or Service for bots).
func (h *Handlers) Actor(c echo.Context) error {
	doc, err := h.Actions.ActorDocument(c.Request().Context(), username(c))
	if err != nil {
		return err
	}
	return render(c, doc)
}

// InstanceActor serves the server's Application actor. It is never behind
// authorized fetch: peers need its key to verify our signed fetches.
func (h *Handlers) InstanceActor(c echo.Context) error {
	doc, err := h.Actions.InstanceActorDocument(c.Request().Context())
	if err != nil {
		return err
	}
	return render(c, doc)
}

// pageOf reads a collection page request: ?page=true with an optional
// max_id. A request without page is for the collection's front.
func pageOf(c echo.Context) (store.Page, bool) {
	if c.QueryParam("page") == "" {
		return store.Page{}, false
	}
	maxID, _ := store.ParseID(c.QueryParam("max_id"))
	return store.Page{MaxID: maxID, Limit: pageSize}, true
}

// pageIDs names a collection page and the next one ("" at the end).
func pageIDs(collection string, maxID, next store.ID) (id, nextID string) {
	id = collection + "?page=true"
	if maxID != 0 {
		id = collection + "?max_id=" + store.FormatID(maxID) + "&page=true"
	}
	if next != 0 {
		nextID = collection + "?max_id=" + store.FormatID(next) + "&page=true"
	}
	return id, nextID
}

// Outbox serves an account's outbox: its size and first page, or a page
// of Create and Announce activities of public and unlisted statuses.
func (h *Handlers) Outbox(c echo.Context) error {
	p, paged := pageOf(c)
	out, err := h.Actions.Outbox(c.Request().Context(), username(c), p)
	if err != nil {
		return err
	}
	id := h.Actions.Paths.Outbox(out.Account.Username)
	if !paged {
		return render(c, h.emitter().OrderedCollection(id, out.Account.StatusesCount, id+"?page=true"))
	}
	pageID, next := pageIDs(id, p.MaxID, out.Next)
	return render(c, h.emitter().OrderedCollectionPage(pageID, id, next, "", out.Account.StatusesCount, out.Items))
}

// Followers serves who follows an account; a hidden collection shows its size only.
func (h *Handlers) Followers(c echo.Context) error { return h.collection(c, true) }

// Following serves whom an account follows, under the same rule.
func (h *Handlers) Following(c echo.Context) error { return h.collection(c, false) }

func (h *Handlers) collection(c echo.Context, followers bool) error {
	p, paged := pageOf(c)
	get := h.Actions.FollowingCollection
	if followers {
		get = h.Actions.FollowersCollection
	}
	coll, err := get(c.Request().Context(), viewerOf(c), username(c), p)
	if err != nil {
		return err
	}
	id := h.Actions.Paths.Following(coll.Account.Username)
	if followers {
		id = h.Actions.Paths.Followers(coll.Account.Username)
	}
	if !paged {
		first := id + "?page=true"
		if coll.Hidden {
			first = ""
		}
		return render(c, h.emitter().OrderedCollection(id, coll.Total, first))
	}
	items := make([]any, len(coll.Items))
	for i, uri := range coll.Items {
		items[i] = uri
	}
	pageID, next := pageIDs(id, p.MaxID, coll.Next)
	return render(c, h.emitter().OrderedCollectionPage(pageID, id, next, "", coll.Total, items))
}

// Featured serves an account's pinned statuses.
func (h *Handlers) Featured(c echo.Context) error {
	name := username(c)
	items, err := h.Actions.Featured(c.Request().Context(), name)
	if err != nil {
		return err
	}
	return render(c, h.emitter().OrderedCollectionItems(h.Actions.Paths.Featured(name), items))
}

// FeaturedTags serves an account's featured hashtags as Hashtag objects.
func (h *Handlers) FeaturedTags(c echo.Context) error {
	name := username(c)
	items, err := h.Actions.FeaturedTagsCollection(c.Request().Context(), name)
	if err != nil {
		return err
	}
	return render(c, h.emitter().OrderedCollectionItems(h.Actions.Paths.FeaturedTags(name), items))
}

// Note serves a local status as a Note (or Question) to a fetcher allowed
// to see it; anything else is 404.
func (h *Handlers) Note(c echo.Context) error {
	id, err := statusID(c)
	if err != nil {
		return err
	}
	doc, err := h.Actions.StatusDocument(c.Request().Context(), viewerOf(c), username(c), id)
	if err != nil {
		return err
	}
	return render(c, doc)
}

// Activity serves the Create of a local status, under the same rule as Note.
func (h *Handlers) Activity(c echo.Context) error {
	id, err := statusID(c)
	if err != nil {
		return err
	}
	doc, err := h.Actions.StatusDocument(c.Request().Context(), viewerOf(c), username(c), id)
	if err != nil {
		return err
	}
	return render(c, h.emitter().Create(doc))
}

// Replies serves the public replies to a status the fetcher may see.
func (h *Handlers) Replies(c echo.Context) error {
	id, err := statusID(c)
	if err != nil {
		return err
	}
	name := username(c)
	replies, err := h.Actions.Replies(c.Request().Context(), viewerOf(c), name, id)
	if err != nil {
		return err
	}
	items := make([]any, len(replies))
	for i, uri := range replies {
		items[i] = uri
	}
	return render(c, h.emitter().OrderedCollectionItems(h.Actions.Paths.Status(name, store.FormatID(id))+"/replies", items))
}

// ProfileRedirect sends a browser from an actor or status IRI to its web page.
func ProfileRedirect(c echo.Context) error {
	target := "/@" + url.PathEscape(username(c))
	if id := c.Param("id"); id != "" {
		target += "/" + url.PathEscape(id)
	}
	return c.Redirect(http.StatusFound, target)
}
