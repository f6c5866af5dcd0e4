package mastoapi

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/server/oauth"
	"roost/store"
)

// Application is Mastodon's Application entity; ClientID and ClientSecret
// are filled only for the app that was just registered (CredentialApplication).
type Application struct {
	ID                    string   `json:"id"`
	Name                  string   `json:"name"`
	Website               *string  `json:"website"`
	Scopes                []string `json:"scopes"`
	RedirectURI           string   `json:"redirect_uri"`
	RedirectURIs          []string `json:"redirect_uris"`
	VapidKey              string   `json:"vapid_key"`
	ClientID              string   `json:"client_id,omitempty"`
	ClientSecret          string   `json:"client_secret,omitempty"`
	ClientSecretExpiresAt *int     `json:"client_secret_expires_at,omitempty"`
}

// NewApplication renders an app without its credentials.
func NewApplication(app *store.App) Application {
	a := Application{ID: store.FormatID(app.ID), Name: app.Name, Scopes: app.Scopes,
		RedirectURI: strings.Join(app.RedirectURIs, "\n"), RedirectURIs: app.RedirectURIs}
	if app.Website != "" {
		a.Website = &app.Website
	}
	return a
}

// CreateApp serves POST /api/v1/apps.
func (api *API) CreateApp(c echo.Context) error {
	p, err := oauth.Params(c.Request())
	if err != nil {
		return err
	}
	// redirect_uris may be one string with several URIs on lines of their
	// own, or an array; older apps also say redirect_uri.
	var redirects []string
	for _, v := range append(p["redirect_uris"], p["redirect_uri"]...) {
		redirects = append(redirects, strings.Fields(v)...)
	}
	var scopes []string
	for _, v := range p["scopes"] {
		scopes = append(scopes, oauth.SplitScopes(v)...)
	}
	app, err := api.Actions.CreateApp(c.Request().Context(), actions.CreateAppArgs{
		Name: p.Get("client_name"), Website: strings.TrimSpace(p.Get("website")), RedirectURIs: redirects, Scopes: scopes,
	})
	if err != nil {
		return err
	}
	out := NewApplication(app)
	out.ClientID, out.ClientSecret = app.ClientID, app.ClientSecret
	out.VapidKey = api.Actions.VAPIDKey(c.Request().Context())
	never := 0
	out.ClientSecretExpiresAt = &never
	return c.JSON(http.StatusOK, out)
}

// VerifyAppCredentials serves GET /api/v1/apps/verify_credentials.
func (api *API) VerifyAppCredentials(c echo.Context) error {
	v := ViewerOf(c)
	if v == nil || v.Token.AppID == nil {
		return c.JSON(http.StatusUnauthorized, Error{Error: "The access token is invalid"})
	}
	app, err := api.Actions.App(c.Request().Context(), *v.Token.AppID)
	if err != nil {
		return err
	}
	out := NewApplication(app)
	out.VapidKey = api.Actions.VAPIDKey(c.Request().Context())
	return c.JSON(http.StatusOK, out)
}
