package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

type profileSettingsPage struct {
	DisplayName  string
	Note         string
	Locked       bool
	Bot          bool
	Discoverable bool
	// HideCollections hides the follower and following lists from others.
	HideCollections bool
	Fields          []fieldRow // always profileFieldRows rows
	Avatar          string
	Header          string
	Errors          formErrors
	MaxName         int
	MaxNote         int
}

// profileFieldRows is how many field rows the form offers, Mastodon's
// limit; blank rows are dropped by the operation.
const profileFieldRows = 4

// fieldRow is one metadata row of the profile form; Number labels it.
type fieldRow struct {
	Number int
	actions.FieldInput
}

// fieldRows numbers fields and pads them to the form's rows.
func fieldRows(fields []actions.FieldInput) []fieldRow {
	rows := make([]fieldRow, profileFieldRows)
	for i := range rows {
		rows[i].Number = i + 1
		if i < len(fields) {
			rows[i].FieldInput = fields[i]
		}
	}
	return rows
}

// ProfileSettings shows the signed-in user's profile form.
func (h *Handlers) ProfileSettings(c echo.Context) error {
	a := sessionOf(c).Account
	var fields []actions.FieldInput
	for _, f := range a.Fields {
		fields = append(fields, actions.FieldInput{Name: f.Name, Value: f.Source})
	}
	return h.render(c, http.StatusOK, "settings_profile", profileSettingsPage{DisplayName: a.DisplayName,
		Note: a.NoteSource, Locked: a.Locked, Bot: a.Bot, Discoverable: a.Discoverable,
		HideCollections: a.HideCollections, Fields: fieldRows(fields),
		Avatar: h.Actions.AvatarURL(a), Header: h.Actions.HeaderURL(a),
		MaxName: actions.MaxDisplayNameChars, MaxNote: actions.MaxNoteChars})
}

// UpdateProfile saves the profile form.
func (h *Handlers) UpdateProfile(c echo.Context) error {
	lim := h.Actions.Config.Media
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, 2*lim.MaxImageBytes+1<<20)
	args, err := profileForm(c)
	if err != nil {
		return err
	}
	page := profileSettingsPage{DisplayName: c.FormValue("display_name"), Note: c.FormValue("note"),
		Locked: checked(c.FormValue("locked")), Bot: checked(c.FormValue("bot")),
		Discoverable:    checked(c.FormValue("discoverable")),
		HideCollections: checked(c.FormValue("hide_collections")),
		MaxName:         actions.MaxDisplayNameChars, MaxNote: actions.MaxNoteChars}
	var fields []actions.FieldInput
	for i := range profileFieldRows {
		n := strconv.Itoa(i)
		fields = append(fields, actions.FieldInput{Name: c.FormValue("fields_attributes[" + n + "][name]"),
			Value: c.FormValue("fields_attributes[" + n + "][value]")})
	}
	page.Fields = fieldRows(fields)
	args.DisplayName, args.Note, args.Locked, args.Bot = &page.DisplayName, &page.Note, &page.Locked, &page.Bot
	args.Discoverable, args.HideCollections, args.Fields = &page.Discoverable, &page.HideCollections, fields
	_, err = h.Actions.UpdateCredentials(c.Request().Context(), sessionOf(c).Account, args)
	if err != nil {
		a := sessionOf(c).Account
		page.Avatar, page.Header = h.Actions.AvatarURL(a), h.Actions.HeaderURL(a)
		if page.Errors, err = formError(err, "display_name", "note", "avatar", "header", "fields"); err != nil {
			return err
		}
		return h.render(c, http.StatusUnprocessableEntity, "settings_profile", page)
	}
	return c.Redirect(http.StatusSeeOther, "/settings/profile?notice=saved")
}

type passwordSettingsPage struct {
	Errors formErrors
}

// PasswordSettings shows the change-password form.
func (h *Handlers) PasswordSettings(c echo.Context) error {
	return h.render(c, http.StatusOK, "settings_password", passwordSettingsPage{})
}

// ChangePassword replaces the password; every other session is signed
// out, this browser gets a new one.
func (h *Handlers) ChangePassword(c echo.Context) error {
	if c.FormValue("password") != c.FormValue("password_confirmation") {
		return h.render(c, http.StatusUnprocessableEntity, "settings_password",
			passwordSettingsPage{Errors: formErrors{"password_confirmation": "does not match"}})
	}
	secret, _, err := h.Actions.ChangePassword(c.Request().Context(), actions.ChangePasswordArgs{
		Session: sessionOf(c), Current: c.FormValue("current_password"), New: c.FormValue("password"),
		UserAgent: c.Request().UserAgent(), IP: c.RealIP()})
	if err != nil {
		errs, err := formError(err, "current_password", "password")
		if err != nil {
			return err
		}
		return h.render(c, http.StatusUnprocessableEntity, "settings_password", passwordSettingsPage{Errors: errs})
	}
	h.setSessionCookie(c, secret)
	return c.Redirect(http.StatusSeeOther, "/settings/password?notice=password_changed")
}

type preferencesPage struct {
	Locale         string
	Languages      []languageChoice
	ExpandSpoilers bool
	Errors         formErrors
}

type languageChoice struct {
	Tag  string
	Name string // in the language itself
}

// Preferences shows the interface language choice.
func (h *Handlers) Preferences(c echo.Context) error {
	return h.render(c, http.StatusOK, "settings_preferences", preferencesPage{
		Locale: h.Language(c), Languages: h.Renderer.languageChoices(), ExpandSpoilers: sessionOf(c).User.Settings.ExpandSpoilers})
}

// UpdatePreferences saves the interface language.
func (h *Handlers) UpdatePreferences(c echo.Context) error {
	err := h.Actions.SetWebPreferences(c.Request().Context(), sessionOf(c).User.ID, c.FormValue("locale"),
		c.FormValue("expand_spoilers") != "")
	if err != nil {
		page := preferencesPage{Locale: h.Language(c), Languages: h.Renderer.languageChoices(),
			ExpandSpoilers: c.FormValue("expand_spoilers") != ""}
		if page.Errors, err = formError(err, "locale"); err != nil {
			return err
		}
		return h.render(c, http.StatusUnprocessableEntity, "settings_preferences", page)
	}
	return c.Redirect(http.StatusSeeOther, "/settings/preferences?notice=saved")
}

// profileForm reads the profile form's pictures; a bad upload is shown
// next to its field.
func profileForm(c echo.Context) (actions.UpdateCredentialsArgs, error) {
	var args actions.UpdateCredentialsArgs
	var err error
	if args.Avatar, err = formPicture(c, "avatar"); err != nil {
		return args, err
	}
	args.Header, err = formPicture(c, "header")
	return args, err
}
