package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/server/events"
	"roost/store"
)

// Page sizes, as in the API.
const (
	defaultLimit = 20
	maxLimit     = 40
)

// pageOf reads max_id, min_id and limit; malformed ids are ignored.
func pageOf(c echo.Context) (p store.Page, paged bool) {
	q := c.QueryParams()
	p = store.Page{Limit: defaultLimit}
	p.MaxID, _ = store.ParseID(q.Get("max_id"))
	p.MinID, _ = store.ParseID(q.Get("min_id"))
	if n, err := strconv.Atoi(q.Get("limit")); err == nil {
		p.Limit = min(max(n, 1), maxLimit)
	}
	return p, p.MaxID != 0 || p.MinID != 0
}

type timelinePage struct {
	Title   string // catalogue id
	Tag     string // for the hashtag page
	Feed    string // RSS address, when the page has one
	Compose *composeForm
	// Stream is the live stream that brings the page's new statuses, on
	// its first page only; "" for none.
	Stream string
	// TagButton asks for a follow button on a hashtag's page, shown to a
	// signed-in reader; Following is whether the reader follows the tag.
	TagButton bool
	Following bool
	Statuses  []statusCard
	Pager     pager
}

// viewer is the signed-in account, or nil.
func viewer(c echo.Context) *store.Account {
	if s := sessionOf(c); s != nil {
		return s.Account
	}
	return nil
}

// timeline renders one page of statuses under the shared timeline template.
func (h *Handlers) timeline(c echo.Context, page timelinePage, list *actions.Statuses, p store.Page, paged bool) error {
	m := h.cardMaker(c, viewer(c), CSRFToken(c), list.Related)
	page.Statuses = m.cards(list.List)
	page.Pager = newPager(c.Request().URL.Path, c.QueryParams(), list.Cursors, p.Limit, paged)
	return h.render(c, http.StatusOK, "timeline", page)
}

// HomeTimeline is the signed-in user's home feed with the composer on top.
func (h *Handlers) HomeTimeline(c echo.Context) error {
	p, paged := pageOf(c)
	s := sessionOf(c)
	list, err := h.Actions.HomeTimeline(c.Request().Context(), s.Account, p)
	if err != nil {
		return err
	}
	return h.timeline(c, timelinePage{Title: "nav_home", Compose: h.newCompose(c, composeForm{fresh: true}),
		Stream: liveStream(paged, events.User)}, list, p, paged)
}

// LocalTimeline is this instance's public posts; anyone may read it.
func (h *Handlers) LocalTimeline(c echo.Context) error {
	return h.publicTimeline(c, "nav_local", store.PublicFilter{LocalOnly: true})
}

// FederatedTimeline is every public post this instance knows of.
func (h *Handlers) FederatedTimeline(c echo.Context) error {
	return h.publicTimeline(c, "nav_federated", store.PublicFilter{})
}

func (h *Handlers) publicTimeline(c echo.Context, title string, f store.PublicFilter) error {
	p, paged := pageOf(c)
	list, err := h.Actions.PublicTimeline(c.Request().Context(), viewer(c), f, p)
	if err != nil {
		return err
	}
	stream := events.Public
	if f.LocalOnly {
		stream = events.PublicLocal
	}
	page := timelinePage{Title: title}
	if viewer(c) != nil {
		page.Stream = liveStream(paged, stream)
	}
	return h.timeline(c, page, list, p, paged)
}

// liveStream is the stream that brings new statuses to a timeline's
// first page; an older page stays as it is.
func liveStream(paged bool, name string) string {
	if paged {
		return ""
	}
	return name
}

// TagTimeline is the public posts with a hashtag, or its RSS feed when
// the name ends in ".rss".
func (h *Handlers) TagTimeline(c echo.Context) error {
	name, feed := strings.CutSuffix(c.Param("name"), ".rss")
	name = strings.TrimPrefix(name, "#")
	if feed {
		return h.tagFeed(c, name)
	}
	p, paged := pageOf(c)
	list, err := h.Actions.TagTimeline(c.Request().Context(), viewer(c), name, store.PublicFilter{}, p)
	if err != nil {
		return err
	}
	page := timelinePage{Title: "tag_title", Tag: name, Feed: "/tags/" + name + ".rss"}
	if me := viewer(c); me != nil {
		t, err := h.Actions.FollowedTag(c.Request().Context(), me, name)
		if err != nil {
			return err
		}
		page.TagButton, page.Following = true, t.Following
	}
	return h.timeline(c, page, list, p, paged)
}

type notificationsPage struct {
	Notifications []notificationCard
	Pager         pager
	// PendingRequests is how many senders wait in the filtered notifications.
	PendingRequests int
}

// notificationCard is one notification: who did what, about which status.
type notificationCard struct {
	ID        string
	Type      string
	MessageID string // "notification_" and the type
	From      accountCard
	Status    *statusCard
	At        time.Time
}

// Notifications lists the signed-in user's notifications.
func (h *Handlers) Notifications(c echo.Context) error {
	p, paged := pageOf(c)
	s := sessionOf(c)
	list, err := h.Actions.Notifications(c.Request().Context(), s.Account, store.NotificationFilter{}, p)
	if err != nil {
		return err
	}
	policy, err := h.Actions.NotificationPolicy(c.Request().Context(), s.Account)
	if err != nil {
		return err
	}
	m := h.cardMaker(c, s.Account, CSRFToken(c), list.Related)
	page := notificationsPage{PendingRequests: policy.PendingRequests}
	var cursors []store.ID
	for _, n := range list.List {
		cursors = append(cursors, n.ID)
		from, ok := list.Accounts[n.FromAccountID]
		if !ok {
			continue
		}
		card := notificationCard{ID: store.FormatID(n.ID), Type: n.Type, From: m.account(from), At: n.CreatedAt,
			MessageID: "notification_" + strings.ReplaceAll(n.Type, ".", "_"), Status: m.cardOf(list.Statuses, n.StatusID)}
		page.Notifications = append(page.Notifications, card)
	}
	page.Pager = newPager(c.Request().URL.Path, c.QueryParams(), cursors, p.Limit, paged)
	return h.render(c, http.StatusOK, "notifications", page)
}
