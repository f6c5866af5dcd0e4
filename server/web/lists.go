package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// listChoice is one of the user's lists, as a profile offers it.
type listChoice struct {
	ID     string
	Title  string
	Member bool
}

type listsPage struct {
	Lists  []*store.List
	Title  string
	Errors formErrors
}

// Lists shows the user's lists and a form to make one.
func (h *Handlers) Lists(c echo.Context) error {
	return h.renderLists(c, http.StatusOK, listsPage{})
}

func (h *Handlers) renderLists(c echo.Context, code int, page listsPage) error {
	lists, err := h.Actions.Lists(c.Request().Context(), sessionOf(c).Account)
	if err != nil {
		return err
	}
	page.Lists = lists
	return h.render(c, code, "lists", page)
}

// CreateList makes a list and opens it.
func (h *Handlers) CreateList(c echo.Context) error {
	title := c.FormValue("title")
	l, err := h.Actions.CreateList(c.Request().Context(), sessionOf(c).Account, actions.ListArgs{Title: &title})
	if err != nil {
		page := listsPage{Title: title}
		if page.Errors, err = formError(err, "title"); err != nil {
			return err
		}
		return h.renderLists(c, http.StatusUnprocessableEntity, page)
	}
	return c.Redirect(http.StatusSeeOther, "/lists/"+store.FormatID(l.ID))
}

type listPage struct {
	List      *store.List
	ID        string
	Members   []accountCard
	Addable   []accountCard // followed accounts not on the list yet
	Policies  []string
	Errors    formErrors
	Statuses  []statusCard
	Pager     pager
	EditTitle string
}

// listID reads :id as a list id; a malformed one is simply not found.
func listID(c echo.Context) (store.ID, error) {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return 0, actions.ErrNotFound
	}
	return id, nil
}

// ListTimeline shows one list: its timeline, its members and its settings.
func (h *Handlers) ListTimeline(c echo.Context) error {
	id, err := listID(c)
	if err != nil {
		return err
	}
	return h.renderList(c, http.StatusOK, id, nil, "")
}

// maxListChoices bounds the followed accounts the add form offers.
const maxListChoices = 200

func (h *Handlers) renderList(c echo.Context, code int, id store.ID, errs formErrors, title string) error {
	ctx, me := c.Request().Context(), sessionOf(c).Account
	l, err := h.Actions.List(ctx, me, id)
	if err != nil {
		return err
	}
	p, paged := pageOf(c)
	feed, err := h.Actions.ListTimeline(ctx, me, id, p)
	if err != nil {
		return err
	}
	members, err := h.Actions.ListMembers(ctx, me, id, store.Page{Limit: maxListChoices})
	if err != nil {
		return err
	}
	followed, err := h.Actions.Following(ctx, me, me.ID, store.Page{Limit: maxListChoices})
	if err != nil {
		return err
	}
	m := h.cardMaker(c, me, CSRFToken(c), feed.Related)
	page := listPage{List: l, ID: store.FormatID(l.ID), Policies: []string{"followed", "list", "none"}, Errors: errs,
		Statuses: m.cards(feed.List), EditTitle: l.Title}
	if title != "" {
		page.EditTitle = title
	}
	page.Pager = newPager(c.Request().URL.Path, c.QueryParams(), feed.Cursors, p.Limit, paged)
	on := map[store.ID]bool{}
	for _, a := range members.List {
		on[a.ID] = true
		page.Members = append(page.Members, m.account(a))
	}
	for _, a := range followed.List {
		if !on[a.ID] {
			page.Addable = append(page.Addable, m.account(a))
		}
	}
	return h.render(c, code, "list", page)
}

// UpdateList saves a list's title, replies policy and exclusivity.
func (h *Handlers) UpdateList(c echo.Context) error {
	id, err := listID(c)
	if err != nil {
		return err
	}
	title, policy, exclusive := c.FormValue("title"), c.FormValue("replies_policy"), checked(c.FormValue("exclusive"))
	_, err = h.Actions.UpdateList(c.Request().Context(), sessionOf(c).Account, id,
		actions.ListArgs{Title: &title, RepliesPolicy: &policy, Exclusive: &exclusive})
	if err != nil {
		errs, err := formError(err, "title", "replies_policy")
		if err != nil {
			return err
		}
		return h.renderList(c, http.StatusUnprocessableEntity, id, errs, title)
	}
	return c.Redirect(http.StatusSeeOther, "/lists/"+c.Param("id")+"?notice=saved")
}

// DeleteList removes a list.
func (h *Handlers) DeleteList(c echo.Context) error {
	id, err := listID(c)
	if err != nil {
		return err
	}
	if err := h.Actions.DeleteList(c.Request().Context(), sessionOf(c).Account, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/lists?notice=deleted")
}

// ChangeListMember adds an account to a list or takes it off, from the
// list's page or the account's profile, and goes back there.
func (h *Handlers) ChangeListMember(c echo.Context) error {
	id, err := listID(c)
	if err != nil {
		return err
	}
	account, ok := store.ParseID(c.FormValue("account_id"))
	if !ok {
		return &actions.ErrInvalid{Field: "account_ids", Reason: "can't be blank"}
	}
	var op func(context.Context, *store.Account, store.ID, []store.ID) error
	switch c.Param("action") {
	case "add":
		op = h.Actions.AddToList
	case "remove":
		op = h.Actions.RemoveFromList
	default:
		return actions.ErrNotFound
	}
	if err := op(c.Request().Context(), sessionOf(c).Account, id, []store.ID{account}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, back(c, "lists"))
}

// profileLists lists the viewer's lists with whether account is on each,
// for the profile of an account the viewer follows.
func (h *Handlers) profileLists(c echo.Context, viewer *store.Account, account store.ID) ([]listChoice, error) {
	ctx := c.Request().Context()
	all, err := h.Actions.Lists(ctx, viewer)
	if err != nil {
		return nil, err
	}
	with, err := h.Actions.AccountLists(ctx, viewer, account)
	if err != nil {
		return nil, err
	}
	member := map[store.ID]bool{}
	for _, l := range with {
		member[l.ID] = true
	}
	out := make([]listChoice, 0, len(all))
	for _, l := range all {
		out = append(out, listChoice{ID: store.FormatID(l.ID), Title: l.Title, Member: member[l.ID]})
	}
	return out, nil
}
