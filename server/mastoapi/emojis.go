package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/store"
)

// CustomEmoji is Mastodon's CustomEmoji entity, as listed by the instance.
type CustomEmoji struct {
	Shortcode       string  `json:"shortcode"`
	URL             string  `json:"url"`
	StaticURL       string  `json:"static_url"`
	VisibleInPicker bool    `json:"visible_in_picker"`
	Category        *string `json:"category"`
}

// CustomEmojis serves GET /api/v1/custom_emojis: this instance's emojis.
func (api *API) CustomEmojis(c echo.Context) error {
	list, err := api.Actions.CustomEmojis(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]CustomEmoji, 0, len(list))
	for _, e := range list {
		if !e.VisibleInPicker {
			continue
		}
		url := api.Actions.MediaURL(e.MediaPath)
		out = append(out, CustomEmoji{Shortcode: e.Shortcode, URL: url, StaticURL: url, VisibleInPicker: true,
			Category: optString(e.Category)})
	}
	return c.JSON(http.StatusOK, out)
}

// statusEmojis renders the custom emojis a status uses.
func (api *API) statusEmojis(list []store.CustomEmoji) []Emoji {
	out := make([]Emoji, 0, len(list))
	for _, e := range list {
		url := api.Actions.EmojiURL(e)
		out = append(out, Emoji{Shortcode: e.Shortcode, URL: url, StaticURL: url, VisibleInPicker: e.Domain == ""})
	}
	return out
}
