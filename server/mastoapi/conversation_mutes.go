package mastoapi

import "github.com/labstack/echo/v4"

// MuteConversation serves POST /api/v1/statuses/:id/mute.
func (api *API) MuteConversation(c echo.Context) error {
	return api.statusAction(c, api.Actions.MuteConversation)
}

// UnmuteConversation serves POST /api/v1/statuses/:id/unmute.
func (api *API) UnmuteConversation(c echo.Context) error {
	return api.statusAction(c, api.Actions.UnmuteConversation)
}
