package web

import (
	"encoding/xml"
	"html"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// RSS 2.0 (https://www.rssboard.org/rss-specification), as Mastodon serves
// it: public statuses only, never unlisted ones, newest first (the private
// home feed is the one exception: it carries what its owner's home shows).
type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	NS      []xml.Attr `xml:",any,attr"` // namespaces, only where used

	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Image         *rssImage `xml:"image,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Generator     string    `xml:"generator"`
	Items         []rssItem `xml:"item"`
}

type rssImage struct {
	URL   string `xml:"url"`
	Title string `xml:"title"`
	Link  string `xml:"link"`
}

type rssItem struct {
	GUID        rssGUID  `xml:"guid"`
	Link        string   `xml:"link"`
	PubDate     string   `xml:"pubDate"`
	Description string   `xml:"description"`
	Author      string   `xml:"dc:creator,omitempty"`
	Categories  []string `xml:"category"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// feedSize is how many statuses a feed carries.
const feedSize = 20

// feedItems keeps the public statuses of a list (a reader of a feed is
// anonymous, and Mastodon leaves unlisted statuses out of feeds).
func (h *Handlers) feedItems(list *actions.Statuses) []rssItem {
	var items []rssItem
	for _, s := range list.List {
		if s.Visibility != store.VisibilityPublic || s.ReblogOfID != nil || list.Accounts[s.AccountID] == nil {
			continue
		}
		items = append(items, h.feedItem(list, s))
	}
	return items
}

// feedItem is one status as an RSS item.
func (h *Handlers) feedItem(list *actions.Statuses, s *store.Status) rssItem {
	author := list.Accounts[s.AccountID]
	link := s.URL
	if link == "" {
		link = h.absolute(statusPath(author, s))
	}
	body := s.Content
	if s.SpoilerText != "" {
		body = "<p><strong>" + html.EscapeString(s.SpoilerText) + "</strong></p>" + body
	}
	item := rssItem{GUID: rssGUID{IsPermaLink: true, Value: link}, Link: link,
		PubDate: s.CreatedAt.UTC().Format(time.RFC1123Z), Description: body}
	for _, t := range list.Tags[s.ID] {
		item.Categories = append(item.Categories, t.Name)
	}
	return item
}

func writeFeed(c echo.Context, ch rssChannel) error {
	ch.Generator = "Roost " + actions.Version
	if len(ch.Items) > 0 {
		ch.LastBuildDate = ch.Items[0].PubDate
	}
	out, err := xml.MarshalIndent(rss{Version: "2.0", NS: dublinCore(ch.Items), Channel: ch}, "", "  ")
	if err != nil {
		return err
	}
	// private: the page middleware may set a CSRF cookie on this response.
	c.Response().Header().Set("Cache-Control", "private, max-age=300")
	c.Response().Header().Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, "application/rss+xml; charset=utf-8", append([]byte(xml.Header), out...))
}

// profileFeed is /@user.rss: the account's public posts, no replies or
// boosts, read as an anonymous visitor whoever asks.
func (h *Handlers) profileFeed(c echo.Context) error {
	acct, err := h.lookupProfile(c)
	if err != nil {
		return err
	}
	list, err := h.Actions.AccountStatuses(c.Request().Context(), nil, acct.ID,
		store.AccountFilter{ExcludeReplies: true, ExcludeReblogs: true}, "", store.Page{Limit: feedSize})
	if err != nil {
		return err
	}
	card := h.cardMaker(c, nil, "", nil).account(acct)
	return writeFeed(c, rssChannel{Title: card.DisplayName + " (@" + acct.Acct() + ")",
		Link: h.absolute(card.Path), Description: plainText(acct.Note),
		Image: &rssImage{URL: h.absolute(card.Avatar), Title: card.DisplayName, Link: h.absolute(card.Path)},
		Items: h.feedItems(list)})
}

// tagFeed is /tags/name.rss: the hashtag's public posts.
func (h *Handlers) tagFeed(c echo.Context, name string) error {
	list, err := h.Actions.TagTimeline(c.Request().Context(), nil, name, store.PublicFilter{}, store.Page{Limit: feedSize})
	if err != nil {
		return err
	}
	return writeFeed(c, rssChannel{Title: "#" + name, Link: h.absolute("/tags/" + name),
		Description: "#" + name, Items: h.feedItems(list)})
}

// HomeFeed is /feeds/home/SECRET.rss: the home timeline of the user whose
// private feed address it is, followers-only posts included, for a feed
// reader that cannot sign in. A wrong or revoked secret is a plain 404.
func (h *Handlers) HomeFeed(c echo.Context) error {
	secret, ok := strings.CutSuffix(c.Param("token"), ".rss")
	if !ok || secret == "" {
		return actions.ErrNotFound
	}
	acct, list, err := h.Actions.HomeFeed(c.Request().Context(), secret, store.Page{Limit: feedSize})
	if err != nil {
		return err
	}
	var items []rssItem
	for _, s := range list.List {
		by, shown := list.Accounts[s.AccountID], s
		if s.ReblogOfID != nil {
			shown = list.Statuses[*s.ReblogOfID]
		}
		if by == nil || shown == nil || list.Accounts[shown.AccountID] == nil {
			continue
		}
		// Home mixes authors, so each item says whose it is (and who boosted it).
		item := h.feedItem(list, shown)
		item.Author = "@" + list.Accounts[shown.AccountID].Acct()
		if shown != s {
			item.Author = "@" + by.Acct() + " ↻ " + item.Author
		}
		items = append(items, item)
	}
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return writeFeed(c, rssChannel{Title: "Home (@" + acct.Acct() + ")", Link: h.absolute("/home"),
		Description: "Home timeline of @" + acct.Acct(), Items: items})
}

// dublinCore declares the dc namespace when an item names its author.
func dublinCore(items []rssItem) []xml.Attr {
	for _, it := range items {
		if it.Author != "" {
			return []xml.Attr{{Name: xml.Name{Local: "xmlns:dc"}, Value: "http://purl.org/dc/elements/1.1/"}}
		}
	}
	return nil
}
