package web

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// fieldView is one profile field. Value is stored HTML: escaped text for
// a local account, sanitised by federation for a remote one.
type fieldView struct {
	Name     string
	Value    template.HTML
	Link     string // the value, when it is a plain web address: shown with rel="me"
	Verified bool
}

// relationshipView is the viewer's buttons for another account.
type relationshipView struct {
	store.Relationship
	AccountID string
	Locked    bool
	CSRF      string
}

// followLanguageChoice is one checkbox of the follow's languages form.
type followLanguageChoice struct {
	languageOption
	Checked bool
}

// LanguageChoices are the languages a follow may be limited to: the
// composer's, checked as the follow has them, plus any other the follow
// already has, so that saving the form does not drop it.
func (r relationshipView) LanguageChoices() []followLanguageChoice {
	out := make([]followLanguageChoice, 0, len(composeLanguages))
	for _, l := range composeLanguages {
		out = append(out, followLanguageChoice{languageOption: l, Checked: slices.Contains(r.Languages, l.Tag)})
	}
	for _, tag := range r.Languages {
		if !slices.ContainsFunc(composeLanguages, func(l languageOption) bool { return l.Tag == tag }) {
			out = append(out, followLanguageChoice{languageOption: languageOption{Tag: tag, Name: tag}, Checked: true})
		}
	}
	return out
}

// MuteDurations are the mute form's choices, in seconds ("" for ever).
func (relationshipView) MuteDurations() []string {
	return []string{"", "300", "1800", "3600", "21600", "86400", "259200", "604800"}
}

// meta is what a page tells link previews and feed readers about itself.
type meta struct {
	Title       string
	Description string
	URL         string // canonical, absolute
	Image       string // absolute
	ActivityURI string // the ActivityPub object
	Feed        string // RSS, site-relative
	Type        string // OpenGraph type
}

type profilePage struct {
	Account        accountCard
	Header         string // a remote account's header image; "" draws the default
	Note           template.HTML
	Fields         []fieldView
	Statuses       int
	Followers      int
	Following      int
	HideCounts     bool
	Self           bool
	Relationship   *relationshipView
	Tab            string // posts, with_replies, media, tagged, followers, following
	Tagged         string // the hashtag of the tagged tab
	FeaturedTags   []featuredTagView
	Lists          []listChoice // the viewer's lists, for an account it follows
	Pinned         []statusCard
	List           []statusCard
	People         []accountCard
	CollectionHide bool // followers and following are hidden from this viewer
	Pager          pager
	Meta           meta

	// FeaturedAccounts: the first few profiles the account endorses.
	FeaturedAccounts []accountCard
}

// featuredTagView is a hashtag the account features, linking to its posts with it.
type featuredTagView struct {
	Name  string
	Path  string
	Count int
	Last  time.Time // zero: never used in a public post
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

// plainText turns stored HTML into text for a preview's description.
func plainText(s string) string {
	s = strings.NewReplacer("</p>", "\n", "<br>", "\n", "<br/>", "\n", "<br />", "\n").Replace(s)
	return strings.TrimSpace(html.UnescapeString(tagPattern.ReplaceAllString(s, "")))
}

// lookupProfile resolves the /@acct part of a path.
func (h *Handlers) lookupProfile(c echo.Context) (*store.Account, error) {
	return h.Actions.LookupAccount(c.Request().Context(), strings.TrimPrefix(c.Param("acct"), "@"))
}

// absolute makes a site path an absolute URL of this instance.
func (h *Handlers) absolute(path string) string {
	if strings.HasPrefix(path, "https://") || strings.HasPrefix(path, "http://") {
		return path
	}
	return h.Actions.Paths.Base + path
}

// profile fills the header every profile tab shares.
func (h *Handlers) profile(c echo.Context, acct *store.Account, tab string) (profilePage, error) {
	v := viewer(c)
	m := h.cardMaker(c, v, CSRFToken(c), nil)
	page := profilePage{Account: m.account(acct), Note: template.HTML(acct.Note), Statuses: acct.StatusesCount,
		Followers: acct.FollowersCount, Following: acct.FollowingCount, Tab: tab,
		HideCounts: acct.HideCollections && (v == nil || v.ID != acct.ID), Self: v != nil && v.ID == acct.ID}
	if url := h.Actions.HeaderURL(acct); acct.HeaderMediaID != nil || strings.HasPrefix(url, "https://") {
		page.Header = url
	}
	for _, f := range acct.Fields {
		fv := fieldView{Name: f.Name, Value: template.HTML(f.Value), Verified: f.VerifiedAt != nil}
		if src := strings.TrimSpace(f.Source); (strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "http://")) &&
			!strings.ContainsAny(src, " \t\n\"'<>") {
			fv.Link = src
		}
		page.Fields = append(page.Fields, fv)
	}
	page.Meta = meta{Title: page.Account.DisplayName + " (@" + acct.Acct() + ")", Description: plainText(acct.Note),
		URL: h.absolute(page.Account.Path), Image: h.absolute(page.Account.Avatar), ActivityURI: acct.URI,
		Feed: page.Account.Path + ".rss", Type: "profile"}
	if err := h.featured(c, m, acct, &page); err != nil {
		return page, err
	}
	if v != nil && !page.Self {
		rels, err := h.Actions.Relationships(c.Request().Context(), v, []store.ID{acct.ID})
		if err != nil {
			return page, err
		}
		if len(rels) == 1 {
			page.Relationship = &relationshipView{Relationship: rels[0], AccountID: store.FormatID(acct.ID),
				Locked: acct.Locked, CSRF: CSRFToken(c)}
			if rels[0].Following {
				if page.Lists, err = h.profileLists(c, v, acct.ID); err != nil {
					return page, err
				}
			}
		}
	}
	return page, nil
}

// featuredAccountsShown keeps the profile's "featured profiles" short, as
// Mastodon's own web app does; the API pages the whole list.
const featuredAccountsShown = 8

// featured fills what the account features: hashtags and, for a local
// account (whose endorsements alone are known), a few profiles.
func (h *Handlers) featured(c echo.Context, m *cardMaker, acct *store.Account, page *profilePage) error {
	ctx := c.Request().Context()
	tags, err := h.Actions.FeaturedTags(ctx, acct.ID)
	if err != nil {
		return err
	}
	for _, f := range tags {
		ft := featuredTagView{Name: f.Name, Count: f.StatusesCount, Path: page.Account.Path + "/tagged/" + url.PathEscape(f.Name)}
		if f.LastStatusAt != nil {
			ft.Last = *f.LastStatusAt
		}
		page.FeaturedTags = append(page.FeaturedTags, ft)
	}
	if !acct.Local() {
		return nil
	}
	people, err := h.Actions.FeaturedAccounts(ctx, acct.ID, featuredAccountsShown)
	if err != nil {
		return err
	}
	for _, a := range people {
		page.FeaturedAccounts = append(page.FeaturedAccounts, m.account(a))
	}
	return nil
}

// Profile is an account's page: pinned posts, then posts (the "posts",
// "with_replies" and "media" tabs), or its RSS feed for /@user.rss.
func (h *Handlers) Profile(c echo.Context) error {
	acctName, feed := strings.CutSuffix(c.Param("acct"), ".rss")
	if feed {
		c.SetParamValues(acctName)
		return h.profileFeed(c)
	}
	acct, err := h.lookupProfile(c)
	if err != nil {
		return err
	}
	if wantsActivity(c) && acct.URI != "" {
		return c.Redirect(http.StatusSeeOther, acct.URI)
	}
	tab := strings.TrimPrefix(c.Path(), "/@:acct/")
	filter := store.AccountFilter{ExcludeReplies: true}
	tagged := ""
	switch tab {
	case "tagged/:tag":
		tab, tagged, filter = "tagged", c.Param("tag"), store.AccountFilter{}
	case "with_replies":
		filter = store.AccountFilter{}
	case "media":
		filter = store.AccountFilter{OnlyMedia: true}
	default:
		tab = "posts"
	}
	page, err := h.profile(c, acct, tab)
	if err != nil {
		return err
	}
	page.Tagged = tagged
	p, paged := pageOf(c)
	ctx, v := c.Request().Context(), viewer(c)
	m := h.cardMaker(c, v, CSRFToken(c), nil)
	if tab == "posts" && !paged {
		pinned, err := h.Actions.AccountStatuses(ctx, v, acct.ID, store.AccountFilter{Pinned: true}, "", store.Page{Limit: maxLimit})
		if err != nil {
			return err
		}
		m.rel = pinned.Related
		page.Pinned = m.cards(pinned.List)
		for i := range page.Pinned {
			page.Pinned[i].RowID = "pinned-" + page.Pinned[i].ID // the same status may follow in the list
		}
	}
	list, err := h.Actions.AccountStatuses(ctx, v, acct.ID, filter, tagged, p)
	if err != nil {
		return err
	}
	m.rel = list.Related
	page.List = m.cards(list.List)
	page.Pager = newPager(c.Request().URL.Path, c.QueryParams(), list.Cursors, p.Limit, paged)
	return h.render(c, http.StatusOK, "profile", page)
}

// wantsActivity: a federating server asked a profile or status page for
// its ActivityPub document.
func wantsActivity(c echo.Context) bool {
	accept := c.Request().Header.Get("Accept")
	return strings.Contains(accept, "application/activity+json") || strings.Contains(accept, "application/ld+json")
}

// People lists an account's followers or follows, unless it hides them.
func (h *Handlers) People(c echo.Context) error {
	acct, err := h.lookupProfile(c)
	if err != nil {
		return err
	}
	tab := strings.TrimPrefix(c.Path(), "/@:acct/")
	page, err := h.profile(c, acct, tab)
	if err != nil {
		return err
	}
	list := h.Actions.Followers
	if tab == "following" {
		list = h.Actions.Following
	}
	p, paged := pageOf(c)
	people, err := list(c.Request().Context(), viewer(c), acct.ID, p)
	if err != nil {
		return err
	}
	m := h.cardMaker(c, viewer(c), "", nil)
	for _, a := range people.List {
		page.People = append(page.People, m.account(a))
	}
	page.CollectionHide = page.HideCounts
	page.Pager = newPager(c.Request().URL.Path, c.QueryParams(), people.Cursors, p.Limit, paged)
	return h.render(c, http.StatusOK, "profile", page)
}

type threadPage struct {
	Ancestors   []statusCard
	Status      statusCard
	Descendants []statusCard
	Reply       *composeForm
	Meta        meta
}

// Thread is a status's page: its ancestors and replies as the viewer may
// see them, and for a signed-in viewer a reply form.
func (h *Handlers) Thread(c echo.Context) error {
	acct, err := h.lookupProfile(c)
	if err != nil {
		return err
	}
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	ctx, v := c.Request().Context(), viewer(c)
	view, err := h.Actions.Status(ctx, v, id)
	if err != nil {
		return err
	}
	if view.Status.ReblogOfID != nil || view.Status.AccountID != acct.ID {
		return actions.ErrNotFound
	}
	if wantsActivity(c) && view.Status.URI != "" {
		return c.Redirect(http.StatusSeeOther, view.Status.URI)
	}
	thread, err := h.Actions.StatusContext(ctx, v, id)
	if err != nil {
		return err
	}
	m := h.cardMaker(c, v, CSRFToken(c), view.Related)
	page := threadPage{}
	var shown bool
	if page.Status, shown = m.card(view.Status); !shown {
		return actions.ErrNotFound
	}
	page.Status.Focus = true
	m.rel = thread.Related
	page.Ancestors, page.Descendants = m.cards(thread.Ancestors), m.cards(thread.Descendants)
	page.Meta = meta{Title: page.Status.Author.DisplayName + " (@" + page.Status.Author.Acct + ")",
		Description: plainText(view.Status.Content), URL: h.absolute(page.Status.Path),
		Image: h.absolute(page.Status.Author.Avatar), ActivityURI: view.Status.URI, Type: "article"}
	if page.Status.SpoilerText != "" {
		page.Meta.Description = page.Status.SpoilerText
	}
	if v != nil {
		page.Reply = h.newCompose(c, replyDraft(v, page.Status))
	}
	return h.render(c, http.StatusOK, "thread", page)
}

// replyDraft starts a reply the way Mastodon does: mentioning the author,
// under the same content warning, no more public than the status.
func replyDraft(v *store.Account, s statusCard) composeForm {
	f := composeForm{InReplyToID: s.ID, SpoilerText: s.SpoilerText, fresh: true}
	if s.Author.ID != store.FormatID(v.ID) {
		f.Text = "@" + s.Author.Acct + " "
	}
	if s.Visibility != store.VisibilityPublic {
		f.Visibility = s.Visibility
	}
	return f
}
