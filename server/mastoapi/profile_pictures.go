package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

// DeleteAvatar serves DELETE /api/v1/profile/avatar.
func (api *API) DeleteAvatar(c echo.Context) error {
	return api.deletePicture(c, actions.PictureAvatar)
}

// DeleteHeader serves DELETE /api/v1/profile/header.
func (api *API) DeleteHeader(c echo.Context) error {
	return api.deletePicture(c, actions.PictureHeader)
}

func (api *API) deletePicture(c echo.Context, which string) error {
	creds, err := api.Actions.DeleteProfilePicture(c.Request().Context(), viewerAccount(c), which)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.credentialAccount(creds))
}
