package web

import (
	"html"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"roost/store"
)

// pollCard is a poll as the status partial draws it: a voting form while
// the reader may vote, results with bars otherwise.
type pollCard struct {
	ID       string
	Multiple bool
	Expired  bool
	CanVote  bool
	// ShowTotals is false while hide_totals keeps the results secret.
	ShowTotals  bool
	VotersCount int
	ExpiresAt   time.Time // zero: open-ended
	Options     []pollOptionCard
}

type pollOptionCard struct {
	Index   int
	Title   string
	Votes   int
	Percent int
	Own     bool
}

func (m *cardMaker) poll(s *store.Status) *pollCard {
	p := m.rel.Polls[s.ID]
	if p == nil {
		return nil
	}
	own := m.rel.OwnVotes[p.ID]
	mine := m.viewer != nil && m.viewer.ID == s.AccountID
	c := &pollCard{ID: store.FormatID(p.ID), Multiple: p.Multiple, Expired: p.Expired(time.Now()),
		VotersCount: p.VotersCount}
	if p.ExpiresAt != nil {
		c.ExpiresAt = *p.ExpiresAt
	}
	c.CanVote = m.viewer != nil && !mine && len(own) == 0 && !c.Expired
	c.ShowTotals = !p.HideTotals || c.Expired || mine
	for i, o := range p.Options {
		oc := pollOptionCard{Index: i, Title: o.Title, Votes: o.VotesCount}
		if p.VotesCount > 0 {
			oc.Percent = o.VotesCount * 100 / p.VotesCount
		}
		for _, v := range own {
			oc.Own = oc.Own || v == i
		}
		c.Options = append(c.Options, oc)
	}
	return c
}

// emojis maps the shortcodes of the custom emojis a status uses to their images.
func (m *cardMaker) emojis(statusID store.ID) map[string]string {
	list := m.rel.Emojis[statusID]
	if len(list) == 0 || m.emojiURL == nil {
		return nil
	}
	out := make(map[string]string, len(list))
	for _, e := range list {
		url := m.emojiURL(e)
		// A remote picture is drawn only over https, which the page's policy allows.
		if e.Domain == "" || strings.HasPrefix(url, "https://") {
			out[e.Shortcode] = url
		}
	}
	return out
}

// accountEmojis maps the shortcodes of an account's custom emojis to their
// images: a local account's, a remote one's copy here, or its origin's
// image when served over https.
func (m *cardMaker) accountEmojis(a *store.Account) map[string]string {
	if len(a.Emojis) == 0 || m.accountEmoji == nil {
		return nil
	}
	out := make(map[string]string, len(a.Emojis))
	for _, e := range a.Emojis {
		if url := m.accountEmoji(e); a.Local() || e.Path != "" || strings.HasPrefix(url, "https://") {
			out[e.Shortcode] = url
		}
	}
	return out
}

var shortcodeRe = regexp.MustCompile(`:([A-Za-z0-9_]{2,64}):`)

// emojify draws :shortcode: as the emoji's image in safe HTML (stored
// content, or escaped text), touching only text between tags; unknown
// shortcodes stay as text.
func emojify(safe string, emojis map[string]string) template.HTML {
	if len(emojis) == 0 {
		return template.HTML(safe)
	}
	var b strings.Builder
	for len(safe) > 0 {
		lt := strings.IndexByte(safe, '<')
		if lt < 0 {
			lt = len(safe)
		}
		b.WriteString(shortcodeRe.ReplaceAllStringFunc(safe[:lt], func(code string) string {
			url, ok := emojis[code[1:len(code)-1]]
			if !ok {
				return code
			}
			return `<img class="emoji" src="` + html.EscapeString(url) + `" alt="` + code + `" title="` + code + `" draggable="false">`
		}))
		safe = safe[lt:]
		gt := strings.IndexByte(safe, '>')
		if gt < 0 {
			gt = len(safe) - 1
		}
		b.WriteString(safe[:gt+1])
		safe = safe[gt+1:]
	}
	return template.HTML(b.String())
}

// Vote casts the reader's choices on a poll from the form in the status
// partial, then goes back to the page it came from.
func (h *Handlers) Vote(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return echo.ErrNotFound
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	var choices []int
	for _, v := range form["choices"] {
		n, err := strconv.Atoi(v)
		if err != nil {
			return echo.NewHTTPError(http.StatusUnprocessableEntity)
		}
		choices = append(choices, n)
	}
	if _, err := h.Actions.Vote(c.Request().Context(), viewer(c), id, choices); err != nil {
		return err
	}
	back := c.FormValue("back")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") {
		back = "/"
	}
	return c.Redirect(http.StatusSeeOther, back)
}
