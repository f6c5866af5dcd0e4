package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// searchPage is the search form and what it found.
type searchPage struct {
	Query    string
	Searched bool
	People   []searchPerson
	Tags     []string
	Statuses []statusCard
}

// searchPerson is an account found, with the viewer's follow state so
// the result can carry a follow button.
type searchPerson struct {
	accountCard
	Self      bool
	Following bool
	Requested bool
	CSRF      string
}

// Search finds people, hashtags and posts. A signed-in viewer's handle or
// URL query is looked up on the network too, as the API's resolve=true.
func (h *Handlers) Search(c echo.Context) error {
	q := strings.TrimSpace(c.QueryParam("q"))
	page := searchPage{Query: q}
	if q == "" {
		return h.render(c, http.StatusOK, "search", page)
	}
	ctx, v := c.Request().Context(), viewer(c)
	found, err := h.Actions.Search(ctx, v, actions.SearchArgs{Query: q, Resolve: v != nil, Limit: 20})
	if err != nil {
		return err
	}
	page.Searched = true
	for _, t := range found.Tags {
		page.Tags = append(page.Tags, t.Name)
	}
	people, err := h.searchPeople(c, found.Accounts)
	if err != nil {
		return err
	}
	page.People = people
	m := h.cardMaker(c, v, CSRFToken(c), found.Related)
	page.Statuses = m.cards(found.List)
	return h.render(c, http.StatusOK, "search", page)
}

// searchPeople makes the found accounts' cards with their follow state.
func (h *Handlers) searchPeople(c echo.Context, list []*store.Account) ([]searchPerson, error) {
	v := viewer(c)
	rels := map[store.ID]store.Relationship{}
	if v != nil && len(list) > 0 {
		ids := make([]store.ID, len(list))
		for i, a := range list {
			ids[i] = a.ID
		}
		found, err := h.Actions.Relationships(c.Request().Context(), v, ids)
		if err != nil {
			return nil, err
		}
		for _, r := range found {
			rels[r.TargetID] = r
		}
	}
	m := h.cardMaker(c, v, "", nil)
	out := make([]searchPerson, 0, len(list))
	for _, a := range list {
		r := rels[a.ID]
		out = append(out, searchPerson{accountCard: m.account(a), Self: v != nil && v.ID == a.ID,
			Following: r.Following, Requested: r.Requested, CSRF: CSRFToken(c)})
	}
	return out, nil
}

// followRequestsPage lists who asks to follow the signed-in user.
type followRequestsPage struct {
	People []accountCard
	Pager  pager
}

// FollowRequests lists the pending requests to follow the signed-in user.
func (h *Handlers) FollowRequests(c echo.Context) error {
	p, paged := pageOf(c)
	list, err := h.Actions.FollowRequests(c.Request().Context(), sessionOf(c).Account, p)
	if err != nil {
		return err
	}
	page := followRequestsPage{Pager: newPager(c.Request().URL.Path, c.QueryParams(), list.Cursors, p.Limit, paged)}
	m := h.cardMaker(c, viewer(c), "", nil)
	for _, a := range list.List {
		page.People = append(page.People, m.account(a))
	}
	return h.render(c, http.StatusOK, "follow_requests", page)
}

// AnswerFollowRequest authorizes or rejects one request and goes back.
func (h *Handlers) AnswerFollowRequest(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	answer := c.Param("answer")
	if !ok || answer != "authorize" && answer != "reject" {
		return actions.ErrNotFound
	}
	if _, err := h.Actions.AnswerFollowRequest(c.Request().Context(), sessionOf(c).Account, id, answer == "authorize"); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/follow_requests")
}
