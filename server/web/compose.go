package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// composeForm is the composer: a new status, a reply, a redraft, or an
// edit of one of the user's statuses (EditID set).
type composeForm struct {
	Text        string
	SpoilerText string
	// Sensitive hides the media behind a warning even without a content
	// warning (with one, the status is sensitive anyway, as in Mastodon).
	Sensitive bool
	// fresh is a new draft, which takes the user's "always mark media as
	// sensitive" preference (a form sent back after an error keeps its box).
	fresh          bool
	Visibility     string
	Language       string
	InReplyToID    string
	EditID         string
	IdempotencyKey string
	// ScheduledAt is a datetime-local value; UTCOffset is the browser's
	// getTimezoneOffset (minutes), set by roost.js: without it, UTC.
	ScheduledAt  string
	UTCOffset    string
	MaxChars     int
	Visibilities []string
	Languages    []languageOption
	// Media are the file slots with what was typed in them (files
	// themselves cannot be sent back to a browser after an error).
	Media []mediaField
	// KeptMedia are uploads posted again by id (a redraft's).
	KeptMedia []keptMedia
	// PollOptions are the poll's option fields (blank: no poll),
	// PollExpiresIn its duration in seconds, PollMultiple whether it
	// takes several choices.
	PollOptions   []string
	PollExpiresIn string
	PollMultiple  bool
	Errors        formErrors
	CSRF          string
}

// Action is where the form posts.
func (f *composeForm) Action() string {
	if f.EditID != "" {
		return "/statuses/" + f.EditID + "/edit"
	}
	return "/statuses"
}

type languageOption struct {
	Tag  string
	Name string // in the language itself
}

// composeLanguages are the languages the composer offers, each named in
// itself (an autonym is the same in every interface language, so it is
// data, not a catalogue message). A status in another language keeps its
// tag as an extra choice.
var composeLanguages = []languageOption{{"ar", "العربية"}, {"ca", "Català"}, {"cs", "Čeština"},
	{"cy", "Cymraeg"}, {"da", "Dansk"}, {"de", "Deutsch"}, {"el", "Ελληνικά"}, {"en", "English"},
	{"eo", "Esperanto"}, {"es", "Español"}, {"eu", "Euskara"}, {"fi", "Suomi"}, {"fr", "Français"},
	{"ga", "Gaeilge"}, {"gl", "Galego"}, {"he", "עברית"}, {"hi", "हिन्दी"}, {"it", "Italiano"},
	{"ja", "日本語"}, {"ko", "한국어"}, {"nb", "Norsk bokmål"}, {"nl", "Nederlands"}, {"pl", "Polski"},
	{"pt", "Português"}, {"ru", "Русский"}, {"sv", "Svenska"}, {"tr", "Türkçe"}, {"uk", "Українська"},
	{"zh", "中文"}}

func languageOptions(current string) []languageOption {
	out := append(make([]languageOption, 0, len(composeLanguages)+1), composeLanguages...)
	for _, l := range composeLanguages {
		if l.Tag == current {
			return out
		}
	}
	if current != "" {
		out = append(out, languageOption{Tag: current, Name: current})
	}
	return out
}

// newCompose fills the composer's choices and defaults from the user's
// posting preferences.
func (h *Handlers) newCompose(c echo.Context, f composeForm) *composeForm {
	if s := sessionOf(c); s != nil {
		if f.Visibility == "" {
			f.Visibility = s.User.Settings.DefaultPrivacy
		}
		if f.Language == "" && f.EditID == "" {
			f.Language = s.User.Settings.DefaultLanguage
		}
		f.Sensitive = f.Sensitive || f.fresh && s.User.Settings.DefaultSensitive
	}
	if f.Visibility == "" {
		f.Visibility = store.VisibilityPublic
	}
	if f.IdempotencyKey == "" {
		b := make([]byte, 16)
		_, _ = rand.Read(b) // never fails (crypto/rand documents it)
		f.IdempotencyKey = base64.RawURLEncoding.EncodeToString(b)
	}
	f.MaxChars = h.Actions.Config.MaxStatusChars
	f.Visibilities = []string{store.VisibilityPublic, store.VisibilityUnlisted, store.VisibilityPrivate, store.VisibilityDirect}
	f.Languages = languageOptions(f.Language)
	if f.Media == nil && f.EditID == "" {
		for i := 0; i < mediaSlots-len(f.KeptMedia); i++ {
			f.Media = append(f.Media, mediaField{N: i, Number: i + 1})
		}
	}
	f.CSRF = CSRFToken(c)
	return &f
}

type composePage struct {
	Compose *composeForm
	ReplyTo *statusCard
}

// Compose shows the composer alone, filled from the query: a redraft
// arrives here with its text, content warning, visibility and language.
func (h *Handlers) Compose(c echo.Context) error {
	q := c.QueryParams()
	form := composeForm{Text: q.Get("text"), SpoilerText: q.Get("spoiler_text"), Visibility: q.Get("visibility"),
		Language: q.Get("language"), InReplyToID: q.Get("in_reply_to_id"), KeptMedia: h.keptMediaOf(c, q["media_id"]),
		PollOptions: q["poll_option"], PollMultiple: q.Get("poll_multiple") != "", Sensitive: q.Get("sensitive") != "",
		fresh: q.Get("text") == "" && len(q["media_id"]) == 0}
	return h.renderCompose(c, http.StatusOK, h.newCompose(c, form))
}

func (h *Handlers) renderCompose(c echo.Context, code int, form *composeForm) error {
	page := composePage{Compose: form}
	if id, ok := store.ParseID(form.InReplyToID); ok {
		view, err := h.Actions.Status(c.Request().Context(), viewer(c), id)
		if err == nil {
			m := h.cardMaker(c, viewer(c), form.CSRF, view.Related)
			if card, ok := m.card(view.Status); ok {
				page.ReplyTo = &card
			}
		}
	}
	return h.render(c, code, "compose", page)
}

// formCompose reads the composer's fields.
func formCompose(c echo.Context) composeForm {
	f := composeForm{Text: c.FormValue("status"), SpoilerText: c.FormValue("spoiler_text"), Sensitive: c.FormValue("sensitive") != "",
		Visibility: c.FormValue("visibility"), Language: c.FormValue("language"),
		InReplyToID: c.FormValue("in_reply_to_id"), IdempotencyKey: c.FormValue("idempotency_key"),
		ScheduledAt: c.FormValue("scheduled_at"), UTCOffset: c.FormValue("utc_offset"),
		PollExpiresIn: c.FormValue("poll_expires_in"), PollMultiple: c.FormValue("poll_multiple") != ""}
	if form, err := c.FormParams(); err == nil {
		f.PollOptions = form["poll_option"]
	}
	return f
}

// pollDurations are the composer's choices of how long a poll runs, in seconds.
var pollDurations = []string{"300", "1800", "3600", "21600", "86400", "259200", "604800"}

// PollDurations lists the duration choices for the template.
func (f *composeForm) PollDurations() []string { return pollDurations }

// pollSlot is one option field: its index, number as shown, and value.
type pollSlot struct {
	I, N  int
	Value string
}

// PollSlots are the option fields to draw: those typed, then blanks up to four.
func (f *composeForm) PollSlots() []pollSlot {
	var slots []pollSlot
	for i := 0; i < max(len(f.PollOptions), 4); i++ {
		s := pollSlot{I: i, N: i + 1}
		if i < len(f.PollOptions) {
			s.Value = f.PollOptions[i]
		}
		slots = append(slots, s)
	}
	return slots
}

// pollArgs is the composer's poll, nil when every option is blank.
func (f *composeForm) pollArgs() *actions.PollArgs {
	var options []string
	for _, o := range f.PollOptions {
		if strings.TrimSpace(o) != "" {
			options = append(options, o)
		}
	}
	if len(options) == 0 {
		return nil
	}
	secs, _ := strconv.Atoi(f.PollExpiresIn)
	if secs == 0 {
		secs = 86400
	}
	return &actions.PollArgs{Options: options, ExpiresIn: time.Duration(secs) * time.Second, Multiple: f.PollMultiple}
}

// CreateStatus posts the composer, then shows the new status in its
// thread (a reply) or the home timeline.
func (h *Handlers) CreateStatus(c echo.Context) error {
	uploads, media, uploadErr := h.formUploads(c)
	form := formCompose(c)
	form.Media = media
	if err := c.Request().ParseForm(); err == nil {
		form.KeptMedia = h.keptMediaOf(c, c.Request().Form["media_id"])
		form.Media = form.Media[:mediaSlots-len(form.KeptMedia)]
	}
	replyTo, _ := store.ParseID(form.InReplyToID)
	s := sessionOf(c)
	args := actions.PostStatusArgs{Text: form.Text, SpoilerText: form.SpoilerText, Sensitive: form.Sensitive, Visibility: form.Visibility,
		Language: form.Language, InReplyToID: replyTo, MediaIDs: keptIDs(form.KeptMedia), Poll: form.pollArgs()}
	if form.IdempotencyKey != "" {
		// A double click or a resubmitted page posts once.
		args.IdempotencyKey = "web:" + form.IdempotencyKey
	}
	err := uploadErr
	if err == nil && form.ScheduledAt != "" {
		return h.scheduleStatus(c, form, args, uploads)
	}
	var view *actions.StatusView
	if err == nil {
		view, err = h.Actions.PostStatusWithMedia(c.Request().Context(), s.Account, args, uploads)
	}
	if err != nil {
		if form.Errors, err = formError(err, "text", "spoiler_text", "visibility", "language",
			"file", "focus", "description", "media_ids", "poll"); err != nil {
			return err
		}
		for _, f := range []string{"file", "focus", "description", "media_ids"} {
			if msg, ok := form.Errors[f]; ok {
				form.Errors = formErrors{"media": msg}
			}
		}
		form.IdempotencyKey = ""
		return h.renderCompose(c, http.StatusUnprocessableEntity, h.newCompose(c, form))
	}
	if view.Status.InReplyToID != nil {
		if parent, err := h.Actions.Status(c.Request().Context(), s.Account, *view.Status.InReplyToID); err == nil {
			if author := parent.Accounts[parent.Status.AccountID]; author != nil {
				return c.Redirect(http.StatusSeeOther, statusPath(author, parent.Status)+"#s-"+store.FormatID(view.Status.ID))
			}
		}
	}
	return c.Redirect(http.StatusSeeOther, "/home?notice=posted")
}

// EditStatusForm shows the composer filled with one of the user's statuses.
func (h *Handlers) EditStatusForm(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	s, err := h.Actions.StatusSource(c.Request().Context(), sessionOf(c).Account, id)
	if err != nil {
		return err
	}
	return h.renderCompose(c, http.StatusOK, h.newCompose(c, composeForm{EditID: c.Param("id"), Text: s.Text,
		SpoilerText: s.SpoilerText, Sensitive: s.Sensitive, Visibility: s.Visibility, Language: s.Language}))
}

// EditStatus saves an edit; visibility cannot change, as in Mastodon.
func (h *Handlers) EditStatus(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	form := formCompose(c)
	s := sessionOf(c)
	view, err := h.Actions.EditStatus(c.Request().Context(), s.Account, id, actions.EditStatusArgs{
		Text: form.Text, SpoilerText: form.SpoilerText, Sensitive: form.Sensitive, Language: form.Language})
	if err != nil {
		if form.Errors, err = formError(err, "text", "spoiler_text", "language"); err != nil {
			return err
		}
		form.EditID = c.Param("id")
		return h.renderCompose(c, http.StatusUnprocessableEntity, h.newCompose(c, form))
	}
	return c.Redirect(http.StatusSeeOther, statusPath(s.Account, view.Status)+"?notice=saved")
}

// RedraftStatus deletes one of the user's statuses and opens the composer
// filled with it, in one click.
func (h *Handlers) RedraftStatus(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	view, err := h.Actions.DeleteStatus(c.Request().Context(), sessionOf(c).Account, id)
	if err != nil {
		return err
	}
	s := view.Status
	q := url.Values{"text": {s.Text}, "spoiler_text": {s.SpoilerText}, "visibility": {s.Visibility},
		"language": {s.Language}}
	if s.Sensitive {
		q.Set("sensitive", "1")
	}
	if p := view.Polls[s.ID]; p != nil {
		// The poll comes back with its choices (the votes are gone, as in Mastodon).
		for _, o := range p.Options {
			q.Add("poll_option", o.Title)
		}
		if p.Multiple {
			q.Set("poll_multiple", "1")
		}
	}
	if s.InReplyToID != nil {
		q.Set("in_reply_to_id", store.FormatID(*s.InReplyToID))
	}
	// The deleted status's files are unattached again: the redraft keeps them.
	for _, m := range view.Media[s.ID] {
		q.Add("media_id", store.FormatID(m.ID))
	}
	return c.Redirect(http.StatusSeeOther, "/compose?"+q.Encode())
}

// back is where an action returns: the page the form was on (browsers
// send it as the Referer of a same-origin post), at the status acted on.
func back(c echo.Context, anchor string) string {
	to := "/home"
	if ref, err := url.Parse(c.Request().Referer()); err == nil && ref.Path != "" &&
		(ref.Host == "" || ref.Host == c.Request().Host) {
		to = ref.Path
		if q := ref.Query(); len(q) > 0 {
			q.Del("notice")
			if enc := q.Encode(); enc != "" {
				to += "?" + enc
			}
		}
	}
	to = SafeNext(to)
	if anchor != "" && !strings.Contains(to, "#") {
		to += "#" + anchor
	}
	return to
}
