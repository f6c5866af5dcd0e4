package web

import (
	"html"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// accountCard is an account as a status or a list shows it.
type accountCard struct {
	ID          string
	Acct        string // "user" or "user@domain"
	DisplayName string // plain text; falls back to the username
	// DisplayHTML is the name escaped, with its custom emojis drawn.
	DisplayHTML template.HTML
	Avatar      string
	Path        string // the profile page on this site
	Bot         bool
	Locked      bool
}

// statusCard is one status as the status partial renders it. For a reblog
// it describes the original, with RebloggedBy naming who boosted it.
type statusCard struct {
	ID          string // the original's id; actions apply to it
	RowID       string // the timeline entry's id (the reblog's own for a boost)
	Author      accountCard
	RebloggedBy *accountCard
	ReplyTo     *accountCard // the account replied to, when known
	// Content is stored status HTML: written by server/text for local
	// statuses, sanitised by federation/ap for remote ones.
	Content template.HTML
	// SpoilerText is the content warning as typed, and SpoilerHTML the
	// same escaped, with custom emojis drawn.
	SpoilerText string
	SpoilerHTML template.HTML
	// ExpandSpoilers opens the content warning at once (a reader's preference).
	ExpandSpoilers bool
	Poll           *pollCard
	Sensitive      bool
	Visibility     string
	Language       string
	Path           string // the status page on this site
	URL            string // the canonical public URL
	CreatedAt      time.Time
	EditedAt       *time.Time
	Replies        int
	Reblogs        int
	Favourites     int
	Tags           []string
	Media          []mediaCard
	// Preview is the link preview card, drawn when there is no media.
	Preview *actions.Card
	// Quote is the post this one quotes, nil when none.
	Quote *quoteCard
	Flags store.ViewerFlags
	// FilteredBy names the viewer's filters that caught the status (a
	// "warn" filter): it is folded behind a "show anyway" summary.
	FilteredBy string
	// Viewer facts: whether to draw the action forms, and which.
	SignedIn bool
	Own      bool
	CSRF     string
	Focus    bool // the thread's main status
	// InThread: the viewer wrote the status or is mentioned in it, so the
	// thread is one they take part in and may mute (Flags.Muted: unmute).
	InThread bool
}

// CanReblog: a followers-only status only its author may boost, a direct
// one no one (the operation decides; this only hides a useless button).
func (s statusCard) CanReblog() bool {
	return s.Visibility == store.VisibilityPublic || s.Visibility == store.VisibilityUnlisted ||
		s.Visibility == store.VisibilityPrivate && s.Own
}

// cardMaker turns statuses and their related records into cards for one
// viewer; it holds what every card of a page shares.
type cardMaker struct {
	// mediaURL is the public URL of a file in the media folder.
	mediaURL      func(path string) string
	avatarURL     func(*store.Account) string
	viewer        *store.Account
	csrf          string
	defaultAvatar string
	rel           *actions.Related
	emojiURL      func(store.CustomEmoji) string
	accountEmoji  func(store.Emoji) string
	// expandSpoilers opens content warnings: the reader's preference.
	expandSpoilers bool
}

func (h *Handlers) cardMaker(c echo.Context, viewer *store.Account, csrf string, rel *actions.Related) *cardMaker {
	avatar, _ := h.Renderer.StaticURL("avatar.png")
	if rel == nil {
		rel = &actions.Related{}
	}
	m := &cardMaker{viewer: viewer, csrf: csrf, defaultAvatar: avatar, rel: rel, mediaURL: h.Actions.MediaURL,
		avatarURL: h.Actions.AvatarURL, emojiURL: h.Actions.EmojiURL,
		accountEmoji: h.Actions.AccountEmojiURL}
	if u := SessionUser(c); u != nil && viewer != nil {
		m.expandSpoilers = u.Settings.ExpandSpoilers
	}
	return m
}

func (m *cardMaker) account(a *store.Account) accountCard {
	card := accountCard{ID: store.FormatID(a.ID), Acct: a.Acct(), DisplayName: strings.TrimSpace(a.DisplayName),
		Avatar: m.defaultAvatar, Path: profilePath(a), Bot: a.Bot, Locked: a.Locked}
	if card.DisplayName == "" {
		card.DisplayName = a.Username
	}
	card.DisplayHTML = emojify(html.EscapeString(card.DisplayName), m.accountEmojis(a))
	// A remote picture is drawn only over https, which the page's policy allows.
	if url := m.avatarURL(a); a.AvatarMediaID != nil || strings.HasPrefix(url, "https://") {
		card.Avatar = url
	}
	return card
}

// profilePath is an account's page here: /@user, or /@user@domain for a
// remote account.
func profilePath(a *store.Account) string { return "/@" + url.PathEscape(a.Acct()) }

// statusPath is a status's page here.
func statusPath(a *store.Account, s *store.Status) string {
	return profilePath(a) + "/" + store.FormatID(s.ID)
}

// cards renders a list; entries whose account or original is missing, and
// for a signed-out reader anything not public or unlisted, are left out.
func (m *cardMaker) cards(list []*store.Status) []statusCard {
	out := make([]statusCard, 0, len(list))
	for _, s := range list {
		if c, ok := m.card(s); ok {
			out = append(out, c)
		}
	}
	return out
}

// cardOf is the card of the loaded status id names, or nil when there is
// none or it may not be shown (a notification's post, a request's last one).
func (m *cardMaker) cardOf(statuses map[store.ID]*store.Status, id *store.ID) *statusCard {
	if id == nil || statuses[*id] == nil {
		return nil
	}
	if sc, ok := m.card(statuses[*id]); ok {
		return &sc
	}
	return nil
}

func (m *cardMaker) card(s *store.Status) (statusCard, bool) {
	row := s
	var booster *accountCard
	if s.ReblogOfID != nil {
		by, ok := m.rel.Accounts[s.AccountID]
		orig := m.rel.Statuses[*s.ReblogOfID]
		if !ok || orig == nil {
			return statusCard{}, false
		}
		b := m.account(by)
		booster, s = &b, orig
	}
	author, ok := m.rel.Accounts[s.AccountID]
	if !ok || !m.shown(row) || !m.shown(s) {
		return statusCard{}, false
	}
	c := statusCard{ID: store.FormatID(s.ID), RowID: store.FormatID(row.ID), Author: m.account(author),
		RebloggedBy: booster, Content: emojify(s.Content, m.emojis(s.ID)), SpoilerText: s.SpoilerText,
		SpoilerHTML:    emojify(html.EscapeString(s.SpoilerText), m.emojis(s.ID)),
		ExpandSpoilers: m.expandSpoilers, Poll: m.poll(s), Sensitive: s.Sensitive,
		Visibility: s.Visibility, Language: s.Language, Path: statusPath(author, s), URL: s.URL,
		CreatedAt: s.CreatedAt, EditedAt: s.EditedAt, Replies: s.RepliesCount, Reblogs: s.ReblogsCount,
		Favourites: s.FavouritesCount, SignedIn: m.viewer != nil, CSRF: m.csrf}
	if c.URL == "" {
		c.URL = s.URI
	}
	if s.InReplyToAccountID != nil {
		if to, ok := m.rel.Accounts[*s.InReplyToAccountID]; ok {
			card := m.account(to)
			c.ReplyTo = &card
		}
	}
	for _, t := range m.rel.Tags[s.ID] {
		c.Tags = append(c.Tags, t.Name)
	}
	c.Media = m.mediaCards(m.rel.Media[s.ID])
	if s.Sensitive {
		for i := range c.Media {
			c.Media[i].Blur = blurPicture(c.Media[i].Blurhash)
		}
	}
	c.Preview = actions.ParseCard(s.Card)
	c.Quote = m.quote(s)
	if f := m.rel.Flags[s.ID]; f != nil {
		c.Flags = *f
	}
	c.Own = m.viewer != nil && m.viewer.ID == s.AccountID
	c.InThread = c.Own || m.viewer != nil && slices.Contains(m.rel.Mentions[s.ID], m.viewer.ID)
	var titles []string
	for _, f := range m.rel.Filtered[row.ID] {
		titles = append(titles, f.Filter.Title)
	}
	c.FilteredBy = strings.Join(titles, ", ")
	return c, true
}

// shown is a last line of defence under the visibility rule the operations
// already applied: a signed-out reader is never handed anything but public
// and unlisted statuses, whatever a query might one day return.
func (m *cardMaker) shown(s *store.Status) bool {
	return m.viewer != nil || s.Visibility == store.VisibilityPublic || s.Visibility == store.VisibilityUnlisted
}

// pager is the "newer" and "older" links of a timeline page, cut on the
// cursors the operation returned.
type pager struct {
	Newer string
	Older string
}

func newPager(path string, q url.Values, cursors []store.ID, limit int, paged bool) pager {
	var p pager
	if len(cursors) == 0 {
		return p
	}
	link := func(key string, id store.ID) string {
		v := url.Values{}
		for k, vs := range q {
			if k != "max_id" && k != "min_id" && k != "since_id" {
				v[k] = vs
			}
		}
		v.Set(key, store.FormatID(id))
		return path + "?" + v.Encode()
	}
	if paged {
		p.Newer = link("min_id", cursors[0])
	}
	if len(cursors) >= limit {
		p.Older = link("max_id", cursors[len(cursors)-1])
	}
	return p
}
