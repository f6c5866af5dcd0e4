package web

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// announcementCard is one announcement in the banner or the admin list.
type announcementCard struct {
	ID        string
	Content   template.HTML // rendered by the text formatter from the admin's text
	Text      string
	StartsAt  time.Time
	EndsAt    time.Time
	AllDay    bool
	Published bool
	Active    bool
}

func newAnnouncementCard(a *store.Announcement) announcementCard {
	card := announcementCard{ID: store.FormatID(a.ID), Content: template.HTML(a.Content), Text: a.Text, AllDay: a.AllDay,
		Published: a.PublishedAt != nil, Active: a.Active(time.Now())}
	if a.StartsAt != nil {
		card.StartsAt = *a.StartsAt
	}
	if a.EndsAt != nil {
		card.EndsAt = *a.EndsAt
	}
	return card
}

// bannerAnnouncements are what the layout's banner shows a signed-in user:
// the announcements showing now that the user has not dismissed.
func (h *Handlers) bannerAnnouncements(c echo.Context) ([]announcementCard, error) {
	s := sessionOf(c)
	if s == nil {
		return nil, nil
	}
	list, err := h.Actions.Announcements(c.Request().Context(), s.Account, false)
	if err != nil {
		return nil, err
	}
	var out []announcementCard
	for _, v := range list {
		out = append(out, newAnnouncementCard(v.Announcement))
	}
	return out, nil
}

// DismissAnnouncement hides an announcement from the signed-in user's banner.
func (h *Handlers) DismissAnnouncement(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.DismissAnnouncement(c.Request().Context(), sessionOf(c).Account, id); err != nil {
		return err
	}
	if c.Request().Header.Get("X-Requested-With") == "fetch" {
		return c.NoContent(http.StatusNoContent)
	}
	return c.Redirect(http.StatusSeeOther, SafeNext(c.FormValue("next")))
}

type adminAnnouncementsPage struct {
	List []announcementCard
	// Form is the announcement being written: new, or the one edited.
	Form    announcementForm
	Errors  formErrors
	Editing bool
}

type announcementForm struct {
	ID       string
	Text     string
	StartsAt string // datetime-local, UTC
	EndsAt   string
	AllDay   bool
	Publish  bool
}

// formTime is how a datetime-local field shows a time (in UTC).
const formTime = "2006-01-02T15:04"

func formOf(a *store.Announcement) announcementForm {
	f := announcementForm{ID: store.FormatID(a.ID), Text: a.Text, AllDay: a.AllDay, Publish: a.PublishedAt != nil}
	if a.StartsAt != nil {
		f.StartsAt = a.StartsAt.UTC().Format(formTime)
	}
	if a.EndsAt != nil {
		f.EndsAt = a.EndsAt.UTC().Format(formTime)
	}
	return f
}

// parseFormTime reads a datetime-local (or date) field as UTC; "" is no time.
func parseFormTime(field, v string) (*time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	for _, layout := range []string{formTime, "2006-01-02T15:04:05", "2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			return &t, nil
		}
	}
	return nil, &actions.ErrInvalid{Field: field, Reason: "is not a valid date"}
}

// AdminAnnouncements lists every announcement with the form to write one.
func (h *Handlers) AdminAnnouncements(c echo.Context) error {
	return h.adminAnnouncements(c, http.StatusOK, adminAnnouncementsPage{Form: announcementForm{Publish: true}})
}

func (h *Handlers) adminAnnouncements(c echo.Context, code int, page adminAnnouncementsPage) error {
	list, err := h.Actions.AllAnnouncements(c.Request().Context(), SessionUser(c))
	if err != nil {
		return err
	}
	for _, a := range list {
		page.List = append(page.List, newAnnouncementCard(a))
	}
	return h.render(c, code, "admin_announcements", page)
}

// EditAnnouncementForm shows one announcement in the form.
func (h *Handlers) EditAnnouncementForm(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	a, err := h.Actions.AnnouncementForAdmin(c.Request().Context(), SessionUser(c), id)
	if err != nil {
		return err
	}
	return h.adminAnnouncements(c, http.StatusOK, adminAnnouncementsPage{Form: formOf(a), Editing: true})
}

// SaveAnnouncement creates an announcement, or with :id edits one.
func (h *Handlers) SaveAnnouncement(c echo.Context) error {
	form := announcementForm{ID: c.Param("id"), Text: c.FormValue("text"), StartsAt: c.FormValue("starts_at"),
		EndsAt: c.FormValue("ends_at"), AllDay: checked(c.FormValue("all_day")), Publish: checked(c.FormValue("publish"))}
	err := h.saveAnnouncement(c, form)
	if err != nil {
		page := adminAnnouncementsPage{Form: form, Editing: form.ID != ""}
		if page.Errors, err = formError(err, "text", "starts_at", "ends_at"); err != nil {
			return err
		}
		return h.adminAnnouncements(c, http.StatusUnprocessableEntity, page)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/announcements?notice=saved")
}

func (h *Handlers) saveAnnouncement(c echo.Context, form announcementForm) error {
	args := actions.AnnouncementArgs{Text: form.Text, AllDay: form.AllDay, Publish: form.Publish}
	var err error
	if args.StartsAt, err = parseFormTime("starts_at", form.StartsAt); err != nil {
		return err
	}
	if args.EndsAt, err = parseFormTime("ends_at", form.EndsAt); err != nil {
		return err
	}
	ctx, by := c.Request().Context(), SessionUser(c)
	if form.ID == "" {
		_, err = h.Actions.CreateAnnouncement(ctx, by, args)
		return err
	}
	id, ok := store.ParseID(form.ID)
	if !ok {
		return actions.ErrNotFound
	}
	_, err = h.Actions.UpdateAnnouncement(ctx, by, id, args)
	return err
}

// DeleteAnnouncement removes an announcement.
func (h *Handlers) DeleteAnnouncement(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.DeleteAnnouncement(c.Request().Context(), SessionUser(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/announcements?notice=deleted")
}
