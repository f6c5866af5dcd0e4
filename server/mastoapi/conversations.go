package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

func (api *API) conversationList(page *actions.Conversations, viewer *store.Account) []*Conversation {
	out := make([]*Conversation, 0, len(page.List))
	for _, c := range page.List {
		s := page.Statuses[c.LastStatusID]
		if s == nil {
			continue
		}
		conv := &Conversation{ID: store.FormatID(c.ID), Unread: c.Unread, Accounts: []*Account{},
			LastStatus: api.status(page.Related, s, viewer)}
		for _, id := range c.ParticipantIDs {
			if a := page.Accounts[id]; a != nil && a.SuspendedAt == nil {
				conv.Accounts = append(conv.Accounts, api.account(a))
			}
		}
		out = append(out, conv)
	}
	return out
}

// Conversations serves GET /api/v1/conversations.
func (api *API) Conversations(c echo.Context) error {
	viewer := viewerAccount(c)
	page, err := api.Actions.Conversations(c.Request().Context(), viewer, page(c))
	if err != nil {
		return err
	}
	api.setLink(c, page.Cursors)
	return c.JSON(http.StatusOK, api.conversationList(page, viewer))
}

// ReadConversation serves POST /api/v1/conversations/:id/read.
func (api *API) ReadConversation(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	viewer := viewerAccount(c)
	page, err := api.Actions.ReadConversation(c.Request().Context(), viewer, id)
	if err != nil {
		return err
	}
	list := api.conversationList(page, viewer)
	if len(list) == 0 {
		return actions.ErrNotFound
	}
	return c.JSON(http.StatusOK, list[0])
}

// RemoveConversation serves DELETE /api/v1/conversations/:id.
func (api *API) RemoveConversation(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := api.Actions.RemoveConversation(c.Request().Context(), viewerAccount(c), id); err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, []byte("{}"))
}
