package mastoapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/server/events"
	"roost/store"
)

// heartbeat is how often an idle stream shows it is alive, as Mastodon's
// streaming server does; proxies close silent connections.
const heartbeat = 15 * time.Second

// Conversation is Mastodon's Conversation entity (direct stream).
type Conversation struct {
	ID         string     `json:"id"`
	Unread     bool       `json:"unread"`
	Accounts   []*Account `json:"accounts"`
	LastStatus *Status    `json:"last_status"`
}

// socketMessage is what travels over the WebSocket, both ways.
type socketMessage struct {
	Type    string `json:"type,omitempty"` // client: subscribe, unsubscribe
	Stream  any    `json:"stream,omitempty"`
	Tag     string `json:"tag,omitempty"`
	List    string `json:"list,omitempty"`
	Event   string `json:"event,omitempty"`
	Payload string `json:"payload,omitempty"`
	Error   string `json:"error,omitempty"`
	Status  int    `json:"status,omitempty"`
}

// streamer is one streaming connection's caller.
type streamer struct {
	api    *API
	acct   *store.Account // nil: anonymous
	scopes []string
	secret string // the bearer token, "" when anonymous
}

func (api *API) streamer(c echo.Context) *streamer {
	s := &streamer{api: api}
	if v := ViewerOf(c); v != nil {
		s.acct, s.scopes, s.secret = v.Account, v.Token.Scopes, bearer(c.Request())
	}
	return s
}

// authorized re-reads the caller's token before each event and at each
// heartbeat, so that a revoked token or a suspended account never gets
// another event and loses its stream.
func (s *streamer) authorized(ctx context.Context) bool {
	if s.secret == "" {
		return true
	}
	_, err := s.api.viewer(ctx, s.secret)
	return err == nil
}

func (s *streamer) check(ctx context.Context, req actions.StreamRequest) (events.Stream, error) {
	return s.api.Actions.CheckStream(ctx, s.acct, s.scopes, req)
}

// Streaming serves GET /api/v1/streaming: a WebSocket speaking Mastodon's
// multiplexed protocol, or, for a plain request, the Server-Sent Events of
// the stream named by ?stream=.
func (api *API) Streaming(c echo.Context) error {
	req := actions.StreamRequest{Name: c.QueryParam("stream"), Tag: c.QueryParam("tag"), List: c.QueryParam("list")}
	if !strings.EqualFold(c.Request().Header.Get("Upgrade"), "websocket") {
		return api.serveEvents(c, req)
	}
	return api.serveSocket(c, req)
}

// StreamingEvents serves one of the per-stream paths (/api/v1/streaming/user,
// /public/local, ...) as Server-Sent Events.
func (api *API) StreamingEvents(name string) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := actions.StreamRequest{Name: name, Tag: c.QueryParam("tag"), List: c.QueryParam("list")}
		if strings.HasPrefix(name, events.Public) && truthy(c.QueryParam("only_media")) {
			req.Name += ":media"
		}
		return api.serveEvents(c, req)
	}
}

func (api *API) serveEvents(c echo.Context, req actions.StreamRequest) error {
	ctx := c.Request().Context()
	s := api.streamer(c)
	st, err := s.check(ctx, req)
	if err != nil {
		return refuseStream(c, err)
	}
	sub := api.Actions.Subscribe(s.acct)
	defer sub.Close()
	sub.Add(st)
	w := c.Response()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no") // nginx would otherwise hold events back
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ":)\n") // a comment alone: Mastodon.py dispatches every blank line
	w.Flush()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-sub.Gone():
			return nil
		case <-tick.C:
			if !s.authorized(ctx) {
				return nil
			}
			fmt.Fprint(w, ":thump\n")
		case d := <-sub.C():
			if !s.authorized(ctx) {
				return nil
			}
			for _, m := range s.messages(ctx, d) {
				fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.Event, m.Payload)
			}
		}
		w.Flush()
	}
}

func (api *API) serveSocket(c echo.Context, req actions.StreamRequest) error {
	s := api.streamer(c)
	var initial *events.Stream
	if req.Name != "" {
		st, err := s.check(c.Request().Context(), req)
		if err != nil {
			return refuseStream(c, err)
		}
		initial = &st
	}
	// Apps connect from any origin and authenticate with a token, never a
	// cookie, so the origin check guards nothing here.
	opts := &websocket.AcceptOptions{InsecureSkipVerify: true}
	if p := c.Request().Header.Get("Sec-WebSocket-Protocol"); p != "" {
		// Mastodon's web app sends the token as the subprotocol; browsers
		// insist that the server select what they offered.
		opts.Subprotocols = []string{strings.TrimSpace(strings.Split(p, ",")[0])}
	}
	// Subscribe before the handshake completes, so that a client sees every
	// event that happens after its connection is open.
	sub := api.Actions.Subscribe(s.acct)
	defer sub.Close()
	if initial != nil {
		sub.Add(*initial)
	}
	conn, err := websocket.Accept(c.Response(), c.Request(), opts)
	if err != nil {
		return nil // Accept has answered the client
	}
	defer conn.CloseNow()
	ctx, cancel := context.WithCancel(context.WithoutCancel(c.Request().Context()))
	defer cancel()
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		defer cancel()
		s.readCommands(ctx, conn, sub)
	}()
	s.writeEvents(ctx, conn, sub)
	cancel()
	conn.CloseNow()
	<-readerDone
	return nil
}

// writeEvents sends the subscriber's events until the client leaves or the
// hub drops it.
func (s *streamer) writeEvents(ctx context.Context, conn *websocket.Conn, sub *events.Subscriber) {
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-sub.Gone():
			conn.Close(websocket.StatusTryAgainLater, "stream dropped")
			return
		case <-tick.C:
			if !s.authorized(ctx) {
				conn.Close(websocket.StatusPolicyViolation, "access token revoked")
				return
			}
			pingCtx, cancel := context.WithTimeout(ctx, heartbeat)
			err := conn.Ping(pingCtx)
			cancel()
			if err != nil {
				return
			}
		case d := <-sub.C():
			if !s.authorized(ctx) {
				conn.Close(websocket.StatusPolicyViolation, "access token revoked")
				return
			}
			for _, m := range s.messages(ctx, d) {
				if writeJSON(ctx, conn, m) != nil {
					return
				}
			}
		}
	}
}

func writeJSON(ctx context.Context, conn *websocket.Conn, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, heartbeat)
	defer cancel()
	return conn.Write(ctx, websocket.MessageText, b)
}

// readCommands applies the client's subscribe and unsubscribe messages.
func (s *streamer) readCommands(ctx context.Context, conn *websocket.Conn, sub *events.Subscriber) {
	conn.SetReadLimit(16 << 10)
	for {
		_, b, err := conn.Read(ctx)
		if err != nil {
			return
		}
		var m socketMessage
		if json.Unmarshal(b, &m) != nil {
			writeJSON(ctx, conn, socketMessage{Error: "Invalid JSON", Status: http.StatusBadRequest})
			continue
		}
		name, _ := m.Stream.(string)
		st, err := s.check(ctx, actions.StreamRequest{Name: name, Tag: m.Tag, List: m.List})
		if err != nil {
			writeJSON(ctx, conn, streamError(err))
			continue
		}
		switch m.Type {
		case "subscribe":
			sub.Add(st)
		case "unsubscribe":
			sub.Remove(st)
		default:
			writeJSON(ctx, conn, socketMessage{Error: "Unknown message type", Status: http.StatusBadRequest})
		}
	}
}

// refuseStream answers a refused stream request the way Mastodon's
// streaming server does (400 for an unknown stream, not Rails' 422).
func refuseStream(c echo.Context, err error) error {
	m := streamError(err)
	if m.Status == http.StatusInternalServerError {
		return err
	}
	return c.JSON(m.Status, Error{Error: m.Error})
}

// streamError is Mastodon's in-band error for a refused subscription.
func streamError(err error) socketMessage {
	var inv *actions.ErrInvalid
	switch {
	case errors.As(err, &inv):
		return socketMessage{Error: inv.Reason, Status: http.StatusBadRequest} // Mastodon words it without the field
	case errors.Is(err, actions.ErrUnauthorized):
		return socketMessage{Error: "Missing access token", Status: http.StatusUnauthorized}
	case errors.Is(err, actions.ErrForbidden):
		return socketMessage{Error: "Access token does not have the required scopes", Status: http.StatusForbidden}
	case errors.Is(err, actions.ErrNotFound):
		return socketMessage{Error: "Not found", Status: http.StatusNotFound}
	}
	return socketMessage{Error: "Internal server error", Status: http.StatusInternalServerError}
}

// messages renders one delivery for the viewer: one message per
// matched stream, or none when the viewer may not see it.
func (s *streamer) messages(ctx context.Context, d events.Delivery) []socketMessage {
	item, err := s.api.Actions.StreamItem(ctx, s.acct, s.scopes, d)
	if err != nil {
		if !errors.Is(err, actions.ErrNotFound) {
			s.api.Actions.Log.Warn("streaming: event dropped", "kind", d.Event.Kind, "err", err)
		}
		return nil
	}
	payload, err := s.api.streamPayload(s.acct, item)
	if err != nil {
		return nil
	}
	out := make([]socketMessage, 0, len(item.Streams))
	for _, st := range item.Streams {
		out = append(out, socketMessage{Stream: st.Label(), Event: item.Kind, Payload: payload})
	}
	return out
}

func (api *API) streamPayload(acct *store.Account, item *actions.StreamItem) (string, error) {
	var v any
	switch item.Kind {
	case events.Delete:
		return store.FormatID(item.DeletedID), nil
	case events.Notification:
		n := item.Notification
		if len(n.List) == 0 {
			return "", actions.ErrNotFound
		}
		v = api.notification(n.Related, n.List[0], acct)
	case events.Announcement:
		v = api.announcement(item.Announcement)
	case events.AnnouncementReaction:
		v = reactionEvent{Name: item.Reaction, Count: item.ReactionTally, AnnouncementID: store.FormatID(item.AnnouncementID)}
	case events.AnnouncementDelete:
		return store.FormatID(item.AnnouncementID), nil
	case events.Conversation:
		s := item.Status
		conv := &Conversation{ID: store.FormatID(ptrID(s.Status.ConversationID, s.Status.ID)), Unread: acct == nil || acct.ID != s.Status.AccountID,
			Accounts: []*Account{}, LastStatus: api.status(s.Related, s.Status, acct)}
		if c := item.Conversation; c != nil {
			conv.ID, conv.Unread = store.FormatID(c.ID), c.Unread
		}
		for _, id := range item.Participants {
			if a := s.Accounts[id]; a != nil {
				conv.Accounts = append(conv.Accounts, api.account(a))
			}
		}
		v = conv
	default:
		v = api.status(item.Status.Related, item.Status.Status, acct)
	}
	b, err := json.Marshal(v)
	return string(b), err
}

func ptrID(id *store.ID, fallback store.ID) store.ID {
	if id == nil {
		return fallback
	}
	return *id
}

// StreamingHealth serves GET /api/v1/streaming/health, which apps poll
// before opening a stream.
func (api *API) StreamingHealth(c echo.Context) error {
	return c.String(http.StatusOK, "OK")
}
