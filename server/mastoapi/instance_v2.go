package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

// InstanceV2 is Mastodon's v2 Instance entity, which apps read at start-up
// for the server's limits and registration rules.
type InstanceV2 struct {
	Domain        string                `json:"domain"`
	Title         string                `json:"title"`
	Version       string                `json:"version"`
	SourceURL     string                `json:"source_url"`
	Description   string                `json:"description"`
	Usage         InstanceUsage         `json:"usage"`
	Thumbnail     InstanceThumbnail     `json:"thumbnail"`
	Icon          []InstanceIcon        `json:"icon"`
	Languages     []string              `json:"languages"`
	Configuration InstanceConfigV2      `json:"configuration"`
	Registrations InstanceRegistrations `json:"registrations"`
	APIVersions   map[string]int        `json:"api_versions"`
	Contact       InstanceContact       `json:"contact"`
	Rules         []Rule                `json:"rules"`
}

// InstanceUsage is the v2 usage block.
type InstanceUsage struct {
	Users struct {
		ActiveMonth int `json:"active_month"`
	} `json:"users"`
}

// InstanceThumbnail is the instance's banner image.
type InstanceThumbnail struct {
	URL      string            `json:"url"`
	Blurhash *string           `json:"blurhash"`
	Versions map[string]string `json:"versions"`
}

// InstanceIcon is one size of the instance's icon.
type InstanceIcon struct {
	Src  string `json:"src"`
	Size string `json:"size"`
}

// InstanceConfigV2 tells apps Roost's limits and features.
type InstanceConfigV2 struct {
	URLs             map[string]string `json:"urls"`
	Vapid            map[string]string `json:"vapid"`
	Accounts         map[string]int    `json:"accounts"`
	Statuses         map[string]int    `json:"statuses"`
	MediaAttachments MediaConfig       `json:"media_attachments"`
	Polls            map[string]int    `json:"polls"`
	Translation      map[string]bool   `json:"translation"`
}

// InstanceRegistrations says whether and how people can sign up.
type InstanceRegistrations struct {
	Enabled          bool    `json:"enabled"`
	ApprovalRequired bool    `json:"approval_required"`
	Message          *string `json:"message"`
	URL              *string `json:"url"`
}

// InstanceContact is who runs the instance.
type InstanceContact struct {
	Email   string   `json:"email"`
	Account *Account `json:"account"`
}

// SourceURL is where Roost's code is published. The project has no public
// address yet; the lead sets it before the first release.
const SourceURL = ""

// InstanceV2 serves GET /api/v2/instance.
func (api *API) InstanceV2(c echo.Context) error {
	info, err := api.Actions.InstanceInfo(c.Request().Context())
	if err != nil {
		return err
	}
	cfg := api.Actions.Config
	logo := instanceLogo(api.Actions.Paths.Base)
	out := InstanceV2{
		Domain: cfg.Host, Title: info.Name, Version: actions.CompatibleVersion(), SourceURL: SourceURL,
		Description: info.Description, Thumbnail: InstanceThumbnail{URL: logo, Versions: map[string]string{}},
		Icon: []InstanceIcon{}, Languages: []string{"en"},
		Configuration: InstanceConfigV2{
			URLs:             map[string]string{"streaming": streamingBase(cfg)},
			Vapid:            map[string]string{"public_key": api.Actions.VAPIDKey(c.Request().Context())},
			Accounts:         map[string]int{"max_featured_tags": 10, "max_pinned_statuses": 5},
			Statuses:         map[string]int{"max_characters": cfg.MaxStatusChars, "max_media_attachments": 4, "characters_reserved_per_url": 23},
			MediaAttachments: api.mediaConfig(),
			Polls:            map[string]int{"max_options": api.Actions.Config.MaxPollOptions, "max_characters_per_option": 50, "min_expiration": 300, "max_expiration": 2629746},
			Translation:      map[string]bool{"enabled": false},
		},
		Registrations: InstanceRegistrations{Enabled: info.Registrations != actions.RegistrationsClosed,
			ApprovalRequired: info.Registrations == actions.RegistrationsApproval},
		APIVersions: map[string]int{"mastodon": 2},
		Contact:     InstanceContact{Email: info.ContactEmail},
		Rules:       rules(info.Rules),
	}
	out.Usage.Users.ActiveMonth = info.UserCount
	return c.JSON(http.StatusOK, out)
}
