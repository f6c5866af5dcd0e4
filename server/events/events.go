// Package events is Roost's in-process hub of real-time events: operations
// publish what happened once their transaction has committed, and each
// streaming connection subscribes to the streams it asked for. The hub only
// routes; whether a subscriber may see an event is decided by the operations
// (server/actions) on the subscriber's own goroutine, so a publisher never
// waits on the database or on a slow client.
package events

import (
	"slices"
	"sync"

	"roost/store"
)

// Event kinds, as Mastodon's streaming API names them.
const (
	Update       = "update"
	Notification = "notification"
	Delete       = "delete"
	StatusUpdate = "status.update"
	Conversation = "conversation"
	// Announcement events go to every signed-in user's user stream.
	Announcement         = "announcement"
	AnnouncementReaction = "announcement.reaction"
	AnnouncementDelete   = "announcement.delete"
)

// Stream names, as in Mastodon's streaming API.
const (
	User              = "user"
	UserNotification  = "user:notification"
	Public            = "public"
	PublicLocal       = "public:local"
	PublicRemote      = "public:remote"
	PublicMedia       = "public:media"
	PublicLocalMedia  = "public:local:media"
	PublicRemoteMedia = "public:remote:media"
	Hashtag           = "hashtag"
	HashtagLocal      = "hashtag:local"
	List              = "list"
	Direct            = "direct"
)

// Event is one thing that happened, with who may hear of it. The audience
// is an upper bound: subscribers still apply the visibility rule.
type Event struct {
	Kind           string
	StatusID       store.ID // update, status.update, delete, conversation
	NotificationID store.ID // notification
	// Accounts are the local accounts whose user stream (home), or for
	// notifications and conversations whose notification or direct stream,
	// carries the event.
	Accounts []store.ID
	// Lists are the lists whose stream carries a status event.
	Lists []store.ID
	// Public puts a status event on the public and hashtag streams; only
	// public statuses that are not reblogs go there.
	Public bool
	Local  bool
	Media  bool     // the status has attachments
	Tags   []string // lower case
	// AnnouncementID is the announcement of announcement events.
	AnnouncementID store.ID
	// Reaction is the emoji and its new count of an announcement.reaction.
	Reaction      string
	ReactionTally int
}

// Stream is one subscription: a stream name and its parameter.
type Stream struct {
	Name string
	Tag  string   // hashtag streams, lower case
	List store.ID // list stream
}

// Label is the "stream" array Mastodon puts on each message.
func (s Stream) Label() []string {
	switch {
	case s.Tag != "":
		return []string{s.Name, s.Tag}
	case s.List != 0:
		return []string{s.Name, store.FormatID(s.List)}
	}
	return []string{s.Name}
}

// IsPublic reports whether anyone may read the stream.
func (s Stream) IsPublic() bool {
	switch s.Name {
	case Public, PublicLocal, PublicRemote, PublicMedia, PublicLocalMedia, PublicRemoteMedia, Hashtag, HashtagLocal:
		return true
	}
	return false
}

// matches reports whether ev belongs on stream s of account.
func (s Stream) matches(account store.ID, ev *Event) bool {
	mine := account != 0 && slices.Contains(ev.Accounts, account)
	switch ev.Kind {
	case Notification:
		return mine && (s.Name == User || s.Name == UserNotification)
	case Conversation:
		return mine && s.Name == Direct
	case Announcement, AnnouncementReaction, AnnouncementDelete:
		return account != 0 && s.Name == User
	}
	switch s.Name {
	case User:
		return mine
	case List:
		return slices.Contains(ev.Lists, s.List)
	case Public:
		return ev.Public
	case PublicLocal:
		return ev.Public && ev.Local
	case PublicRemote:
		return ev.Public && !ev.Local
	case PublicMedia:
		return ev.Public && ev.Media
	case PublicLocalMedia:
		return ev.Public && ev.Local && ev.Media
	case PublicRemoteMedia:
		return ev.Public && !ev.Local && ev.Media
	case Hashtag:
		return ev.Public && slices.Contains(ev.Tags, s.Tag)
	case HashtagLocal:
		return ev.Public && ev.Local && slices.Contains(ev.Tags, s.Tag)
	}
	return false
}

// Delivery is an event with the subscriber's streams it matched.
type Delivery struct {
	Event   *Event
	Streams []Stream
}

// Hub routes events to subscribers. It starts no goroutine: Publish sends
// to each subscriber's buffer without waiting, and drops a subscriber whose
// buffer is full.
type Hub struct {
	mu     sync.Mutex
	subs   map[*Subscriber]struct{}
	closed bool
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[*Subscriber]struct{}{}} }

// Subscriber is one connection's view of the hub. Its owner reads C until
// Gone is closed, and calls Close when done.
type Subscriber struct {
	hub     *Hub
	account store.ID
	streams []Stream // guarded by hub.mu
	c       chan Delivery
	gone    chan struct{}
}

// Subscribe registers a subscriber for account (0: anonymous) with room
// for buffer undelivered events.
func (h *Hub) Subscribe(account store.ID, buffer int) *Subscriber {
	s := &Subscriber{hub: h, account: account, c: make(chan Delivery, buffer), gone: make(chan struct{})}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(s.gone)
		return s
	}
	h.subs[s] = struct{}{}
	return s
}

// C delivers the subscriber's events.
func (s *Subscriber) C() <-chan Delivery { return s.c }

// Gone is closed when the hub dropped the subscriber: it fell behind, or
// the server is shutting down.
func (s *Subscriber) Gone() <-chan struct{} { return s.gone }

// Add subscribes to one more stream; adding one twice is harmless.
func (s *Subscriber) Add(st Stream) {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	if !slices.Contains(s.streams, st) {
		s.streams = append(s.streams, st)
	}
}

// Remove unsubscribes from one stream.
func (s *Subscriber) Remove(st Stream) {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	s.streams = slices.DeleteFunc(s.streams, func(x Stream) bool { return x == st })
}

// Close unregisters the subscriber.
func (s *Subscriber) Close() {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	s.hub.dropLocked(s)
}

func (h *Hub) dropLocked(s *Subscriber) {
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.gone)
	}
}

// Publish hands ev to every subscriber with a matching stream. It never
// blocks: a subscriber whose buffer is full is dropped, and its client
// reconnects and reloads the timeline, as Mastodon apps do.
func (h *Hub) Publish(ev *Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		var matched []Stream
		for _, st := range s.streams {
			if st.matches(s.account, ev) {
				matched = append(matched, st)
			}
		}
		if len(matched) == 0 {
			continue
		}
		select {
		case s.c <- Delivery{Event: ev, Streams: matched}:
		default:
			h.dropLocked(s)
		}
	}
}

// Close drops every subscriber and refuses new ones, so that streaming
// connections end when the server shuts down.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		h.dropLocked(s)
	}
}

// Subscribers counts the connected subscribers (for tests and metrics).
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}
