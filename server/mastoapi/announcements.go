package mastoapi

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// Announcement is Mastodon's Announcement entity.
type Announcement struct {
	ID          string      `json:"id"`
	Content     string      `json:"content"`
	StartsAt    *string     `json:"starts_at"`
	EndsAt      *string     `json:"ends_at"`
	AllDay      bool        `json:"all_day"`
	PublishedAt string      `json:"published_at"`
	UpdatedAt   string      `json:"updated_at"`
	Read        bool        `json:"read"`
	Mentions    []Mention   `json:"mentions"`
	Statuses    []any       `json:"statuses"`
	Tags        []Tag       `json:"tags"`
	Emojis      []Emoji     `json:"emojis"`
	Reactions   []*Reaction `json:"reactions"`
}

// Reaction is an emoji's tally on an announcement.
type Reaction struct {
	Name      string  `json:"name"`
	Count     int     `json:"count"`
	Me        bool    `json:"me"`
	URL       *string `json:"url,omitempty"`
	StaticURL *string `json:"static_url,omitempty"`
}

// reactionEvent is the payload of an announcement.reaction stream event.
type reactionEvent struct {
	Name           string `json:"name"`
	Count          int    `json:"count"`
	AnnouncementID string `json:"announcement_id"`
}

func (api *API) announcement(v *actions.AnnouncementView) *Announcement {
	out := &Announcement{ID: store.FormatID(v.ID), Content: v.Content, AllDay: v.AllDay, UpdatedAt: timestamp(v.UpdatedAt),
		Read: v.Read, Mentions: []Mention{}, Statuses: []any{}, Tags: []Tag{}, Emojis: []Emoji{}, Reactions: []*Reaction{}}
	if v.StartsAt != nil {
		t := timestamp(*v.StartsAt)
		out.StartsAt = &t
	}
	if v.EndsAt != nil {
		t := timestamp(*v.EndsAt)
		out.EndsAt = &t
	}
	if v.PublishedAt != nil {
		out.PublishedAt = timestamp(*v.PublishedAt)
	}
	for _, a := range v.Mentions() {
		out.Mentions = append(out.Mentions, Mention{ID: store.FormatID(a.ID), Username: a.Username, URL: cmpOr(a.URL, a.URI), Acct: a.Acct()})
	}
	for _, name := range v.Tags() {
		out.Tags = append(out.Tags, Tag{Name: strings.ToLower(name), URL: api.Actions.Paths.Tag(name)})
	}
	for _, r := range v.Reactions {
		rv := &Reaction{Name: r.Name, Count: r.Count, Me: r.Me}
		if url, ok := v.EmojiURLs[r.Name]; ok {
			rv.URL, rv.StaticURL = &url, &url
		}
		out.Reactions = append(out.Reactions, rv)
	}
	return out
}

func cmpOr(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}

// Announcements serves GET /api/v1/announcements: what shows now, with
// dismissed ones too when with_dismissed is true.
func (api *API) Announcements(c echo.Context) error {
	list, err := api.Actions.Announcements(c.Request().Context(), viewerAccount(c), truthy(c.QueryParam("with_dismissed")))
	if err != nil {
		return err
	}
	out := make([]*Announcement, 0, len(list))
	for _, v := range list {
		out = append(out, api.announcement(v))
	}
	return c.JSON(http.StatusOK, out)
}

// DismissAnnouncement serves POST /api/v1/announcements/:id/dismiss.
func (api *API) DismissAnnouncement(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := api.Actions.DismissAnnouncement(c.Request().Context(), viewerAccount(c), id); err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, []byte("{}"))
}

// AddAnnouncementReaction serves PUT /api/v1/announcements/:id/reactions/:name.
func (api *API) AddAnnouncementReaction(c echo.Context) error { return api.react(c, true) }

// RemoveAnnouncementReaction serves DELETE /api/v1/announcements/:id/reactions/:name.
func (api *API) RemoveAnnouncementReaction(c echo.Context) error { return api.react(c, false) }

func (api *API) react(c echo.Context, on bool) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	name, err := url.PathUnescape(c.Param("name"))
	if err != nil {
		return &actions.ErrInvalid{Field: "name", Reason: "Validation failed: Name is not a recognized emoji"}
	}
	if err := api.Actions.ReactToAnnouncement(c.Request().Context(), viewerAccount(c), id, name, on); err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, []byte("{}"))
}
