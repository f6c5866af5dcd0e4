package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/server/oauth"
)

// Register serves POST /api/v1/accounts: an app, holding a
// client_credentials token, signs a new user up and gets the user's token.
func (api *API) Register(c echo.Context) error {
	p, err := oauth.Params(c.Request())
	if err != nil {
		return err
	}
	v := ViewerOf(c)
	issued, err := api.Actions.Register(c.Request().Context(), actions.RegisterArgs{
		Username: p.Get("username"), Email: p.Get("email"), Password: p.Get("password"),
		Agreement: oauth.Truthy(p.Get("agreement")), Locale: p.Get("locale"), Reason: p.Get("reason"),
		AppID: v.Token.AppID, Scopes: v.Token.Scopes, UserAgent: c.Request().UserAgent(), IP: c.RealIP(),
	})
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, oauth.NewToken(issued))
}
