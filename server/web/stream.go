package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/server/events"
	"roost/store"
)

// streamHeartbeat is how often an idle web stream says it is alive and
// re-checks that its session still is.
const streamHeartbeat = 15 * time.Second

// sessionScopes is what a browser session may read on a stream: everything
// its user may, as the pages themselves do.
func sessionScopes() []string { return []string{"read"} }

// Stream serves the web UI's live updates as Server-Sent Events: the
// streaming API's hub, stream check and per-viewer filtering
// (actions.CheckStream and actions.StreamItem), authenticated by the
// session cookie instead of a token. Events carry ids only; the page
// fetches each new status's HTML from /statuses/:id/fragment. The user's
// notifications always come along, to keep the unread count current.
func (h *Handlers) Stream(c echo.Context) error {
	ctx, s := c.Request().Context(), sessionOf(c)
	scopes := sessionScopes()
	streams := []events.Stream{{Name: events.UserNotification}}
	if name := c.QueryParam("stream"); name != "" {
		st, err := h.Actions.CheckStream(ctx, s.Account, scopes, actions.StreamRequest{Name: name,
			Tag: c.QueryParam("tag"), List: c.QueryParam("list")})
		if err != nil {
			return err
		}
		streams = append(streams, st)
	}
	sub := h.Actions.Subscribe(s.Account)
	defer sub.Close()
	for _, st := range streams {
		sub.Add(st)
	}
	secret, _ := c.Get(sessionSecretKey).(string)
	alive := func() bool {
		_, err := h.Actions.SessionBySecret(ctx, secret)
		return err == nil
	}
	w := c.Response()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ":)\n\n")
	w.Flush()
	tick := time.NewTicker(streamHeartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-sub.Gone():
			return nil
		case <-tick.C:
			if !alive() {
				return nil
			}
			fmt.Fprint(w, ":thump\n\n")
		case d := <-sub.C():
			if !alive() {
				return nil
			}
			h.writeStreamEvent(c, w, d, scopes)
		}
		w.Flush()
	}
}

// writeStreamEvent writes one delivery as the page's event, or nothing
// when the viewer may not or does not want to see it.
func (h *Handlers) writeStreamEvent(c echo.Context, w *echo.Response, d events.Delivery, scopes []string) {
	item, err := h.Actions.StreamItem(c.Request().Context(), sessionOf(c).Account, scopes, d)
	if err != nil {
		if !errors.Is(err, actions.ErrNotFound) {
			h.Actions.Log.Warn("web stream: event dropped", "kind", d.Event.Kind, "err", err)
		}
		return
	}
	switch item.Kind {
	case events.Update, events.StatusUpdate:
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", item.Kind, store.FormatID(item.Status.Status.ID))
	case events.Delete:
		fmt.Fprintf(w, "event: delete\ndata: %s\n\n", store.FormatID(item.DeletedID))
	case events.Notification:
		fmt.Fprint(w, "event: notification\ndata: 1\n\n")
	}
}

// StatusFragment is one status's HTML alone, for the page to insert a
// status announced by the live stream.
func (h *Handlers) StatusFragment(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	return h.statusFragment(c, id)
}
