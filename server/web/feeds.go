package web

import (
	"encoding/xml"
	"html"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// RSS 2.0 (https://www.rssboard.org/rss-specification), as Mastodon serves
// it: public statuses only, never unlisted ones, newest first.
type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
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
		author := list.Accounts[s.AccountID]
		if s.Visibility != store.VisibilityPublic || s.ReblogOfID != nil || author == nil {
			continue
		}
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
		items = append(items, item)
	}
	return items
}

func writeFeed(c echo.Context, ch rssChannel) error {
	ch.Generator = "Roost " + actions.Version
	if len(ch.Items) > 0 {
		ch.LastBuildDate = ch.Items[0].PubDate
	}
	out, err := xml.MarshalIndent(rss{Version: "2.0", Channel: ch}, "", "  ")
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
