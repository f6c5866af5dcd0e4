package actions

import "encoding/json"

// Card is a link preview as stored (JSON) on a status and in the link
// cache, with the field names of Mastodon's PreviewCard.
type Card struct {
	URL              string `json:"url"`
	Title            string `json:"title"`
	Description      string `json:"description"`
	Type             string `json:"type"`
	AuthorName       string `json:"author_name"`
	AuthorURL        string `json:"author_url"`
	ProviderName     string `json:"provider_name"`
	ProviderURL      string `json:"provider_url"`
	HTML             string `json:"html"`
	Width            int    `json:"width"`
	Height           int    `json:"height"`
	Image            string `json:"image"` // local URL of the cached thumbnail, "" when none
	ImageDescription string `json:"image_description"`
	EmbedURL         string `json:"embed_url"`
	Blurhash         string `json:"blurhash"`
}

// ParseCard reads a stored card; nil when there is none or it is unreadable.
func ParseCard(stored string) *Card {
	if stored == "" {
		return nil
	}
	var c Card
	if json.Unmarshal([]byte(stored), &c) != nil || c.URL == "" {
		return nil
	}
	return &c
}
