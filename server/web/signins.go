package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

type sessionLine struct {
	ID        store.ID
	UserAgent string
	IP        string
	Since     string
	LastUsed  string
	Current   bool
}

type appLine struct {
	ID       store.ID
	Name     string
	Scopes   string
	Since    string
	LastUsed string
}

type signInsPage struct {
	Sessions []sessionLine
	Apps     []appLine
}

// SignIns lists the browsers signed in to the account and the apps it has
// authorised, each with a button to sign it out.
func (h *Handlers) SignIns(c echo.Context) error {
	s := sessionOf(c)
	list, err := h.Actions.ListSignIns(c.Request().Context(), s.User)
	if err != nil {
		return err
	}
	tr := h.Renderer.catalogue.translator(h.Language(c))
	when := func(t *store.Token) string {
		if t.LastUsedAt == nil {
			return tr.Date(t.CreatedAt)
		}
		return tr.Date(*t.LastUsedAt)
	}
	var page signInsPage
	for _, t := range list.Sessions {
		page.Sessions = append(page.Sessions, sessionLine{ID: t.ID, UserAgent: t.UserAgent, IP: t.IP,
			Since: tr.Date(t.CreatedAt), LastUsed: when(t), Current: t.ID == s.Token.ID})
	}
	for _, g := range list.Apps {
		line := appLine{ID: g.AppID, Name: g.Name, Since: tr.Date(g.Since)}
		for i, sc := range g.Scopes {
			if i > 0 {
				line.Scopes += " "
			}
			line.Scopes += sc
		}
		if g.LastUsed != nil {
			line.LastUsed = tr.Date(*g.LastUsed)
		}
		page.Apps = append(page.Apps, line)
	}
	return h.render(c, http.StatusOK, "settings_sessions", page)
}

// RevokeSession signs one browser out; signing out this one is SignOut.
func (h *Handlers) RevokeSession(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return actions.ErrNotFound
	}
	if err := h.Actions.RevokeSession(c.Request().Context(), sessionOf(c).User, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings/sessions?notice=revoked")
}

// RevokeApp takes the account away from an app.
func (h *Handlers) RevokeApp(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return actions.ErrNotFound
	}
	if err := h.Actions.RevokeApp(c.Request().Context(), sessionOf(c).User, id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings/sessions?notice=revoked")
}
