package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/store"
)

type conversationsPage struct {
	// Compose starts a new direct message.
	Compose       *composeForm
	Conversations []conversationCard
	Pager         pager
}

// conversationCard is one direct-message thread: who is in it and its newest message.
type conversationCard struct {
	ID           string
	Unread       bool
	Participants []accountCard
	Last         statusCard
}

// Conversations lists the signed-in user's direct-message threads.
func (h *Handlers) Conversations(c echo.Context) error {
	p, paged := pageOf(c)
	me := sessionOf(c).Account
	list, err := h.Actions.Conversations(c.Request().Context(), me, p)
	if err != nil {
		return err
	}
	m := h.cardMaker(c, me, CSRFToken(c), list.Related)
	page := conversationsPage{Compose: h.newCompose(c, composeForm{Visibility: store.VisibilityDirect, fresh: true})}
	for _, conv := range list.List {
		s := list.Statuses[conv.LastStatusID]
		if s == nil {
			continue
		}
		last, ok := m.card(s)
		if !ok {
			continue
		}
		card := conversationCard{ID: store.FormatID(conv.ID), Unread: conv.Unread, Last: last}
		for _, id := range conv.ParticipantIDs {
			if a := list.Accounts[id]; a != nil && a.SuspendedAt == nil {
				card.Participants = append(card.Participants, m.account(a))
			}
		}
		page.Conversations = append(page.Conversations, card)
	}
	page.Pager = newPager(c.Request().URL.Path, c.QueryParams(), list.Cursors, p.Limit, paged)
	return h.render(c, http.StatusOK, "conversations", page)
}

// Bookmarks lists what the signed-in user bookmarked, newest bookmark first.
func (h *Handlers) Bookmarks(c echo.Context) error {
	p, paged := pageOf(c)
	list, err := h.Actions.Bookmarks(c.Request().Context(), sessionOf(c).Account, p)
	if err != nil {
		return err
	}
	return h.timeline(c, timelinePage{Title: "nav_bookmarks"}, list, p, paged)
}

// Favourites lists what the signed-in user favourited, newest first.
func (h *Handlers) Favourites(c echo.Context) error {
	p, paged := pageOf(c)
	list, err := h.Actions.Favourites(c.Request().Context(), sessionOf(c).Account, p)
	if err != nil {
		return err
	}
	return h.timeline(c, timelinePage{Title: "nav_favourites"}, list, p, paged)
}
