package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// filterForm is the form of one keyword filter: keywords one a line, one
// whole-word setting for all of them.
type filterForm struct {
	ID        string // "" for a new filter
	Title     string
	Keywords  string
	WholeWord bool
	Contexts  []string
	Action    string
	ExpiresIn string // seconds, "" for never; unchanged when "keep"
	Errors    formErrors
}

// Has reports whether the form applies in a context.
func (f filterForm) Has(context string) bool { return slices.Contains(f.Contexts, context) }

type filtersPage struct {
	Filters     []filterSummary
	Form        filterForm
	AllContexts []string
	Actions     []string
	Durations   []string // seconds; "" means never
}

type filterSummary struct {
	ID       string
	Title    string
	Keywords []string
	Contexts []string
	Action   string
	Expired  bool
	Filter   *store.Filter
}

func (h *Handlers) filtersPage(form filterForm) filtersPage {
	return filtersPage{Form: form,
		AllContexts: []string{actions.FilterHome, actions.FilterNotifications, actions.FilterPublic, actions.FilterThread, actions.FilterAccount},
		Actions:     []string{"warn", "hide"}, Durations: []string{"", "1800", "3600", "21600", "43200", "86400", "604800"}}
}

// Filters shows the user's keyword filters and a form to add one.
func (h *Handlers) Filters(c echo.Context) error {
	return h.renderFilters(c, http.StatusOK, filterForm{WholeWord: true, Action: "warn",
		Contexts: []string{actions.FilterHome, actions.FilterPublic, actions.FilterThread}})
}

func (h *Handlers) renderFilters(c echo.Context, code int, form filterForm) error {
	list, err := h.Actions.Filters(c.Request().Context(), sessionOf(c).Account)
	if err != nil {
		return err
	}
	page := h.filtersPage(form)
	for _, f := range list {
		sum := filterSummary{ID: store.FormatID(f.ID), Title: f.Title, Contexts: f.Contexts, Action: f.Action,
			Expired: f.ExpiresAt != nil && !f.Active(time.Now()), Filter: f}
		for _, k := range f.Keywords {
			sum.Keywords = append(sum.Keywords, k.Keyword)
		}
		page.Filters = append(page.Filters, sum)
	}
	return h.render(c, code, "settings_filters", page)
}

// readFilterForm reads the filter form's fields.
func readFilterForm(c echo.Context) (filterForm, error) {
	form, err := c.FormParams()
	if err != nil {
		return filterForm{}, err
	}
	return filterForm{Title: form.Get("title"), Keywords: form.Get("keywords"), WholeWord: checked(form.Get("whole_word")),
		Contexts: form["context"], Action: form.Get("filter_action"), ExpiresIn: form.Get("expires_in")}, nil
}

// args turns the form into an operation's arguments; current is the
// filter being edited (nil for a new one), whose keywords the lines replace.
func (f filterForm) args(current *store.Filter) actions.FilterArgs {
	args := actions.FilterArgs{Title: &f.Title, Contexts: append([]string{}, f.Contexts...), Action: &f.Action}
	if f.ExpiresIn != "keep" {
		n, _ := strconv.Atoi(f.ExpiresIn)
		args.ExpiresIn = &n
	}
	wanted := map[string]bool{}
	for _, line := range strings.Split(f.Keywords, "\n") {
		if kw := strings.TrimSpace(line); kw != "" && !wanted[kw] {
			wanted[kw] = true
		}
	}
	whole := f.WholeWord
	if current != nil {
		for _, k := range current.Keywords {
			if wanted[k.Keyword] {
				args.Keywords = append(args.Keywords, actions.KeywordArgs{ID: k.ID, Keyword: k.Keyword, WholeWord: &whole})
				delete(wanted, k.Keyword)
			} else {
				args.Keywords = append(args.Keywords, actions.KeywordArgs{ID: k.ID, Destroy: true})
			}
		}
	}
	for _, line := range strings.Split(f.Keywords, "\n") {
		if kw := strings.TrimSpace(line); wanted[kw] {
			delete(wanted, kw)
			args.Keywords = append(args.Keywords, actions.KeywordArgs{Keyword: kw, WholeWord: &whole})
		}
	}
	return args
}

// CreateFilter saves a new filter.
func (h *Handlers) CreateFilter(c echo.Context) error {
	form, err := readFilterForm(c)
	if err != nil {
		return err
	}
	if _, err := h.Actions.CreateFilter(c.Request().Context(), sessionOf(c).Account, form.args(nil)); err != nil {
		if form.Errors, err = formError(err, "title", "context", "filter_action", "keyword"); err != nil {
			return err
		}
		return h.renderFilters(c, http.StatusUnprocessableEntity, form)
	}
	return c.Redirect(http.StatusSeeOther, "/settings/filters?notice=saved")
}

// EditFilter shows one filter's form.
func (h *Handlers) EditFilter(c echo.Context) error {
	f, err := h.filterOf(c)
	if err != nil {
		return err
	}
	form := filterForm{ID: store.FormatID(f.ID), Title: f.Title, Contexts: f.Contexts, Action: f.Action, WholeWord: true, ExpiresIn: "keep"}
	var words []string
	for _, k := range f.Keywords {
		words = append(words, k.Keyword)
		form.WholeWord = form.WholeWord && k.WholeWord
	}
	form.Keywords = strings.Join(words, "\n")
	return h.render(c, http.StatusOK, "settings_filter", h.filtersPage(form))
}

func (h *Handlers) filterOf(c echo.Context) (*store.Filter, error) {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return nil, actions.ErrNotFound
	}
	return h.Actions.Filter(c.Request().Context(), sessionOf(c).Account, id)
}

// UpdateFilter saves one filter's form.
func (h *Handlers) UpdateFilter(c echo.Context) error {
	f, err := h.filterOf(c)
	if err != nil {
		return err
	}
	form, err := readFilterForm(c)
	if err != nil {
		return err
	}
	form.ID = store.FormatID(f.ID)
	if _, err := h.Actions.UpdateFilter(c.Request().Context(), sessionOf(c).Account, f.ID, form.args(f)); err != nil {
		if form.Errors, err = formError(err, "title", "context", "filter_action", "keyword"); err != nil {
			return err
		}
		return h.render(c, http.StatusUnprocessableEntity, "settings_filter", h.filtersPage(form))
	}
	return c.Redirect(http.StatusSeeOther, "/settings/filters?notice=saved")
}

// DeleteFilter removes one filter.
func (h *Handlers) DeleteFilter(c echo.Context) error {
	f, err := h.filterOf(c)
	if err != nil {
		return err
	}
	if err := h.Actions.DeleteFilter(c.Request().Context(), sessionOf(c).Account, f.ID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings/filters?notice=deleted")
}
