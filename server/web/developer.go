package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

// developerPage is the Development settings: a form that registers an app
// for the user's own scripts, and once created its credentials.
type developerPage struct {
	Name, Website, RedirectURI string
	Scopes                     []scopeChoice
	Errors                     formErrors
	Created                    *actions.DeveloperApp
}

// scopeChoice is one scope checkbox.
type scopeChoice struct {
	Scope   string
	Checked bool
}

// developerScopes are the checkboxes, with the asked ones ticked.
func developerScopes(asked []string) []scopeChoice {
	var out []scopeChoice
	for _, s := range actions.TopScopes {
		ticked := false
		for _, a := range asked {
			ticked = ticked || a == s
		}
		out = append(out, scopeChoice{Scope: s, Checked: ticked})
	}
	return out
}

// Applications shows the form that creates an app with an access token.
func (h *Handlers) Applications(c echo.Context) error {
	return h.render(c, http.StatusOK, "settings_applications",
		developerPage{Scopes: developerScopes([]string{"read", "write", "follow"})})
}

// CreateApplication registers the app and shows its token, once: the page
// is the answer to the POST, so reloading it does not show the token again.
func (h *Handlers) CreateApplication(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	page := developerPage{Name: c.FormValue("name"), Website: strings.TrimSpace(c.FormValue("website")),
		RedirectURI: strings.TrimSpace(c.FormValue("redirect_uri")), Scopes: developerScopes(form["scopes"])}
	args := actions.CreateAppArgs{Name: page.Name, Website: page.Website, Scopes: form["scopes"]}
	if page.RedirectURI != "" {
		args.RedirectURIs = []string{page.RedirectURI}
	}
	created, err := h.Actions.CreateDeveloperApp(c.Request().Context(), SessionUser(c), args)
	if err != nil {
		if page.Errors, err = formError(err, "client_name", "website", "redirect_uris", "scopes"); err != nil {
			return err
		}
		return h.render(c, http.StatusUnprocessableEntity, "settings_applications", page)
	}
	page.Created = created
	return h.render(c, http.StatusOK, "settings_applications", page)
}
