package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Preferences is Mastodon's Preferences entity: the user's defaults, which
// apps apply when composing and reading.
type Preferences struct {
	DefaultVisibility string  `json:"posting:default:visibility"`
	DefaultSensitive  bool    `json:"posting:default:sensitive"`
	DefaultLanguage   *string `json:"posting:default:language"`
	ExpandMedia       string  `json:"reading:expand:media"`
	ExpandSpoilers    bool    `json:"reading:expand:spoilers"`
}

// Preferences serves GET /api/v1/preferences.
func (api *API) Preferences(c echo.Context) error {
	s := ViewerOf(c).User.Settings
	p := Preferences{DefaultVisibility: s.DefaultPrivacy, DefaultSensitive: s.DefaultSensitive,
		ExpandMedia: s.ExpandMedia, ExpandSpoilers: s.ExpandSpoilers}
	if p.DefaultVisibility == "" {
		p.DefaultVisibility = "public"
	}
	if p.ExpandMedia == "" {
		p.ExpandMedia = "default"
	}
	if s.DefaultLanguage != "" {
		p.DefaultLanguage = &s.DefaultLanguage
	}
	return c.JSON(http.StatusOK, p)
}
