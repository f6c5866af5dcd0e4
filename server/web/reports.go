package web

import (
	"net/http"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// reportPage is the form a signed-in person reports an account with; it
// files the report through the same operation as POST /api/v1/reports.
type reportPage struct {
	Account    accountCard
	Remote     bool // the forward checkbox is offered
	Categories []string
	Rules      []ruleChoice
	Statuses   []statusChoice
	Form       actions.ReportArgs // refilled after an error
	Errors     formErrors
}

type ruleChoice struct {
	actions.Rule
	Checked bool
}

// statusChoice is one of the account's statuses, as a checkbox's label.
type statusChoice struct {
	ID        string
	Text      string
	CreatedAt time.Time
	Checked   bool
}

// reportExcerpt is how much of a status the form shows beside its checkbox.
const reportExcerpt = 280

// ReportForm shows the report form about an account; ?status= ticks one of
// its statuses (the status menu's Report link).
func (h *Handlers) ReportForm(c echo.Context) error {
	form := actions.ReportArgs{Category: "other"}
	if id, ok := store.ParseID(c.QueryParam("status")); ok {
		form.StatusIDs = []store.ID{id}
	}
	return h.renderReport(c, http.StatusOK, form, nil)
}

// FileReport files the report the form describes.
func (h *Handlers) FileReport(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	form := actions.ReportArgs{AccountID: id, Category: c.FormValue("category"), Comment: c.FormValue("comment"),
		Forward: checked(c.FormValue("forward"))}
	values, err := c.FormParams()
	if err != nil {
		return err
	}
	for field, into := range map[string]*[]store.ID{"status_ids": &form.StatusIDs, "rule_ids": &form.RuleIDs} {
		for _, raw := range values[field] {
			if id, ok := store.ParseID(raw); ok {
				*into = append(*into, id)
			}
		}
	}
	if form.Category != "violation" {
		form.RuleIDs = nil // ticked, then another category chosen: the choice wins
	}
	if _, err := h.Actions.FileReport(c.Request().Context(), viewer(c), form); err != nil {
		errs, err := formError(err, "category", "rule_ids", "status_ids", "comment")
		if err != nil {
			return err
		}
		return h.renderReport(c, http.StatusUnprocessableEntity, form, errs)
	}
	acct, err := h.Actions.Account(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, profilePath(acct)+"?notice=reported")
}

func (h *Handlers) renderReport(c echo.Context, code int, form actions.ReportArgs, errs formErrors) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	v := viewer(c)
	f, err := h.Actions.ReportFormFor(c.Request().Context(), v, id)
	if err != nil {
		return err
	}
	page := reportPage{Account: h.cardMaker(c, v, CSRFToken(c), nil).account(f.Target), Remote: !f.Target.Local(),
		Categories: []string{"spam", "legal", "violation", "other"}, Form: form, Errors: errs}
	for _, r := range f.Rules {
		page.Rules = append(page.Rules, ruleChoice{Rule: r, Checked: slices.Contains(form.RuleIDs, r.ID)})
	}
	for _, s := range f.Statuses.List {
		text := plainText(s.Content)
		if s.SpoilerText != "" {
			text = s.SpoilerText
		}
		if utf8.RuneCountInString(text) > reportExcerpt {
			text = string([]rune(text)[:reportExcerpt]) + "…"
		}
		page.Statuses = append(page.Statuses, statusChoice{ID: store.FormatID(s.ID), Text: text, CreatedAt: s.CreatedAt,
			Checked: slices.Contains(form.StatusIDs, s.ID)})
	}
	return h.render(c, code, "report", page)
}
