package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

// PreviewCard is Mastodon's PreviewCard entity.
type PreviewCard struct {
	URL              string  `json:"url"`
	Title            string  `json:"title"`
	Description      string  `json:"description"`
	Type             string  `json:"type"`
	AuthorName       string  `json:"author_name"`
	AuthorURL        string  `json:"author_url"`
	ProviderName     string  `json:"provider_name"`
	ProviderURL      string  `json:"provider_url"`
	HTML             string  `json:"html"`
	Width            int     `json:"width"`
	Height           int     `json:"height"`
	Image            *string `json:"image"`
	ImageDescription string  `json:"image_description"`
	EmbedURL         string  `json:"embed_url"`
	Blurhash         *string `json:"blurhash"`
}

// previewCard renders a card; nil (JSON null) when there is none.
func previewCard(c *actions.Card) *PreviewCard {
	if c == nil {
		return nil
	}
	out := &PreviewCard{URL: c.URL, Title: c.Title, Description: c.Description, Type: "link", AuthorName: c.AuthorName,
		AuthorURL: c.AuthorURL, ProviderName: c.ProviderName, ProviderURL: c.ProviderURL, Width: c.Width, Height: c.Height,
		ImageDescription: c.ImageDescription}
	if c.Image != "" {
		out.Image = &c.Image
	}
	if c.Blurhash != "" {
		out.Blurhash = &c.Blurhash
	}
	return out
}

// StatusCard serves GET /api/v1/statuses/:id/card, which older clients
// ask for: the card, or {} when the status has none.
func (api *API) StatusCard(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	card, err := api.Actions.StatusCard(c.Request().Context(), viewerAccount(c), id)
	if err != nil {
		return err
	}
	if p := previewCard(card); p != nil {
		return c.JSON(http.StatusOK, p)
	}
	return c.JSONBlob(http.StatusOK, []byte("{}"))
}
