package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// InstanceV1 is Mastodon's v1 Instance entity.
type InstanceV1 struct {
	URI              string            `json:"uri"`
	Title            string            `json:"title"`
	ShortDescription string            `json:"short_description"`
	Description      string            `json:"description"`
	Email            string            `json:"email"`
	Version          string            `json:"version"`
	URLs             map[string]string `json:"urls"`
	Stats            InstanceStats     `json:"stats"`
	Thumbnail        string            `json:"thumbnail"`
	Languages        []string          `json:"languages"`
	Registrations    bool              `json:"registrations"`
	ApprovalRequired bool              `json:"approval_required"`
	InvitesEnabled   bool              `json:"invites_enabled"`
	Configuration    InstanceConfigV1  `json:"configuration"`
	ContactAccount   *Account          `json:"contact_account"`
	Rules            []Rule            `json:"rules"`
}

// InstanceStats are the usage counts.
type InstanceStats struct {
	UserCount   int `json:"user_count"`
	StatusCount int `json:"status_count"`
	DomainCount int `json:"domain_count"`
}

// InstanceConfigV1 tells apps Roost's limits.
type InstanceConfigV1 struct {
	Accounts         map[string]int `json:"accounts"`
	Statuses         map[string]int `json:"statuses"`
	MediaAttachments MediaConfig    `json:"media_attachments"`
	Polls            map[string]int `json:"polls"`
}

// MediaConfig is the media part of the instance configuration.
type MediaConfig struct {
	SupportedMimeTypes  []string `json:"supported_mime_types"`
	ImageSizeLimit      int      `json:"image_size_limit"`
	ImageMatrixLimit    int      `json:"image_matrix_limit"`
	VideoSizeLimit      int      `json:"video_size_limit"`
	VideoFrameRateLimit int      `json:"video_frame_rate_limit"`
	VideoMatrixLimit    int      `json:"video_matrix_limit"`
}

// Rule is an instance rule.
type Rule struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Hint string `json:"hint"`
}

// mediaConfig tells apps the upload limits, so they can check a file
// before sending it.
func (api *API) mediaConfig() MediaConfig {
	lim := api.Actions.Config.Media
	return MediaConfig{
		SupportedMimeTypes: []string{"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "video/webm", "audio/mpeg", "audio/ogg"},
		ImageSizeLimit:     int(lim.MaxImageBytes), ImageMatrixLimit: int(lim.MaxPixels), VideoSizeLimit: int(lim.MaxVideoBytes),
		VideoFrameRateLimit: 60, VideoMatrixLimit: 8294400,
	}
}

// InstanceV1 serves GET /api/v1/instance.
func (api *API) InstanceV1(c echo.Context) error {
	info, err := api.Actions.InstanceInfo(c.Request().Context())
	if err != nil {
		return err
	}
	cfg := api.Actions.Config
	return c.JSON(http.StatusOK, InstanceV1{
		URI: cfg.Host, Title: info.Name, ShortDescription: info.Description, Description: info.Description,
		Email: info.ContactEmail, Version: actions.CompatibleVersion(),
		URLs:      map[string]string{"streaming_api": streamingBase(cfg)},
		Stats:     InstanceStats{UserCount: info.UserCount, StatusCount: info.StatusCount, DomainCount: info.DomainCount},
		Thumbnail: instanceLogo(api.Actions.Paths.Base),
		Languages: []string{"en"}, Registrations: info.Registrations != actions.RegistrationsClosed,
		ApprovalRequired: info.Registrations == actions.RegistrationsApproval,
		Configuration: InstanceConfigV1{
			Accounts:         map[string]int{"max_featured_tags": 10},
			Statuses:         map[string]int{"max_characters": cfg.MaxStatusChars, "max_media_attachments": 4, "characters_reserved_per_url": 23},
			MediaAttachments: api.mediaConfig(),
			Polls:            map[string]int{"max_options": api.Actions.Config.MaxPollOptions, "max_characters_per_option": 50, "min_expiration": 300, "max_expiration": 2629746},
		},
		Rules: rules(info.Rules),
	})
}

// rules turns the instance rules into Mastodon's Rule entities.
func rules(list []actions.Rule) []Rule {
	out := make([]Rule, 0, len(list))
	for _, r := range list {
		out = append(out, Rule{ID: store.FormatID(r.ID), Text: r.Text, Hint: r.Hint})
	}
	return out
}

// InstanceRules serves GET /api/v1/instance/rules.
func (api *API) InstanceRules(c echo.Context) error {
	list, err := api.Actions.InstanceRules(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rules(list))
}

// instanceLogo is the instance's picture, v1's thumbnail and v2's
// thumbnail.url: Mastodon always gives one (its default preview when the
// admin set none). Any hash serves the current file (see
// web.Renderer.ServeStatic), so this path stays valid across releases.
func instanceLogo(base string) string {
	return base + "/static/instance/logo.svg"
}

func streamingBase(cfg actions.Config) string {
	if cfg.Protocol == "https" {
		return "wss://" + cfg.Host
	}
	return "ws://" + cfg.Host
}
