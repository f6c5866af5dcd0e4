package mastoapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

// InstancePeers serves GET /api/v1/instance/peers.
func (api *API) InstancePeers(c echo.Context) error {
	peers, err := api.Actions.Peers(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, peers)
}

// WeekActivity is one entry of GET /api/v1/instance/activity: Mastodon
// serves every field, the week's Unix start included, as a string.
type WeekActivity struct {
	Week          string `json:"week"`
	Statuses      string `json:"statuses"`
	Logins        string `json:"logins"`
	Registrations string `json:"registrations"`
}

// InstanceActivity serves GET /api/v1/instance/activity.
func (api *API) InstanceActivity(c echo.Context) error {
	weeks, err := api.Actions.InstanceActivity(c.Request().Context(), time.Now())
	if err != nil {
		return err
	}
	out := make([]WeekActivity, 0, len(weeks))
	for _, w := range weeks {
		out = append(out, WeekActivity{Week: strconv.FormatInt(w.Week.Unix(), 10), Statuses: strconv.Itoa(w.Statuses),
			Logins: strconv.Itoa(w.Logins), Registrations: strconv.Itoa(w.Registrations)})
	}
	return c.JSON(http.StatusOK, out)
}

// InstanceDocument is Mastodon's ExtendedDescription and PrivacyPolicy entity.
type InstanceDocument struct {
	UpdatedAt string `json:"updated_at"`
	Content   string `json:"content"`
}

// ExtendedDescription serves GET /api/v1/instance/extended_description.
func (api *API) ExtendedDescription(c echo.Context) error {
	doc, err := api.Actions.ExtendedDescription(c.Request().Context())
	return renderDocument(c, doc, err)
}

// PrivacyPolicy serves GET /api/v1/instance/privacy_policy.
func (api *API) PrivacyPolicy(c echo.Context) error {
	doc, err := api.Actions.PrivacyPolicy(c.Request().Context())
	return renderDocument(c, doc, err)
}

func renderDocument(c echo.Context, doc *actions.InstanceDocument, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, InstanceDocument{UpdatedAt: timestamp(doc.UpdatedAt), Content: doc.HTML})
}

// Language is Mastodon's instance language entry.
type Language struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// InstanceLanguages serves GET /api/v1/instance/languages.
func (api *API) InstanceLanguages(c echo.Context) error {
	langs := actions.Languages()
	out := make([]Language, 0, len(langs))
	for _, l := range langs {
		out = append(out, Language{Code: l.Code, Name: l.Name})
	}
	return c.JSON(http.StatusOK, out)
}

// TranslationLanguages serves GET /api/v1/instance/translation_languages.
// Roost has no translation service (configuration.translation.enabled is
// false), so no language pair: {} is what Mastodon answers then too. The
// official iOS app asks for it with the v2 instance at sign-in.
func (api *API) TranslationLanguages(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string][]string{})
}
