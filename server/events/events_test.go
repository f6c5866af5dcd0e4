package events

import (
	"testing"
	"time"

	"roost/store"
)

func TestStreamMatches(t *testing.T) {
	public := &Event{Kind: Update, Accounts: []store.ID{1}, Public: true, Local: true, Tags: []string{"go"}, Lists: []store.ID{9}}
	private := &Event{Kind: Update, Accounts: []store.ID{1}}
	withMedia := &Event{Kind: Update, Public: true, Local: true, Media: true}
	note := &Event{Kind: Notification, Accounts: []store.ID{1}}
	conv := &Event{Kind: Conversation, Accounts: []store.ID{1}}
	cases := []struct {
		name    string
		stream  Stream
		account store.ID
		ev      *Event
		want    bool
	}{
		{"home of a recipient", Stream{Name: User}, 1, private, true},
		{"home of someone else", Stream{Name: User}, 2, private, false},
		{"anonymous user stream", Stream{Name: User}, 0, private, false},
		{"private on public", Stream{Name: Public}, 1, private, false},
		{"public on public", Stream{Name: Public}, 2, public, true},
		{"local on public:local", Stream{Name: PublicLocal}, 0, public, true},
		{"local on public:remote", Stream{Name: PublicRemote}, 0, public, false},
		{"no media on public:media", Stream{Name: PublicMedia}, 0, public, false},
		{"media on public:local:media", Stream{Name: PublicLocalMedia}, 0, withMedia, true},
		{"local media on public:remote:media", Stream{Name: PublicRemoteMedia}, 0, withMedia, false},
		{"hashtag", Stream{Name: Hashtag, Tag: "go"}, 0, public, true},
		{"other hashtag", Stream{Name: Hashtag, Tag: "rust"}, 0, public, false},
		{"list", Stream{Name: List, List: 9}, 1, public, true},
		{"notification on user", Stream{Name: User}, 1, note, true},
		{"notification on user:notification", Stream{Name: UserNotification}, 1, note, true},
		{"notification on public", Stream{Name: Public}, 1, note, false},
		{"someone else's notification", Stream{Name: UserNotification}, 2, note, false},
		{"update on user:notification", Stream{Name: UserNotification}, 1, private, false},
		{"conversation on direct", Stream{Name: Direct}, 1, conv, true},
		{"conversation on user", Stream{Name: User}, 1, conv, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.stream.matches(tc.account, tc.ev); got != tc.want {
				t.Errorf("matches = %v, want %v", got, tc.want)
			}
		})
	}
}

// A subscriber that does not read is dropped once its buffer is full, and
// publishing never waits for it.
func TestSlowSubscriberIsDropped(t *testing.T) {
	h := NewHub()
	slow := h.Subscribe(1, 2)
	slow.Add(Stream{Name: Public})
	fast := h.Subscribe(2, 16)
	fast.Add(Stream{Name: Public})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 10 {
			h.Publish(&Event{Kind: Update, Public: true})
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Publish blocked on a slow subscriber")
	}
	select {
	case <-slow.Gone():
	default:
		t.Fatal("slow subscriber was not dropped")
	}
	if len(fast.C()) != 10 {
		t.Errorf("fast subscriber got %d events, want 10", len(fast.C()))
	}
	if h.Subscribers() != 1 {
		t.Errorf("subscribers = %d, want 1", h.Subscribers())
	}
	slow.Close() // closing a dropped subscriber is harmless
	h.Close()
	select {
	case <-fast.Gone():
	default:
		t.Fatal("Close did not drop the subscriber")
	}
	if late := h.Subscribe(3, 1); !isClosed(late.Gone()) {
		t.Error("a closed hub accepted a subscriber")
	}
}

func TestUnsubscribe(t *testing.T) {
	h := NewHub()
	s := h.Subscribe(1, 4)
	s.Add(Stream{Name: Hashtag, Tag: "go"})
	s.Add(Stream{Name: Hashtag, Tag: "go"})
	h.Publish(&Event{Kind: Update, Public: true, Tags: []string{"go"}})
	if d := <-s.C(); len(d.Streams) != 1 {
		t.Fatalf("streams = %v, want one", d.Streams)
	}
	s.Remove(Stream{Name: Hashtag, Tag: "go"})
	h.Publish(&Event{Kind: Update, Public: true, Tags: []string{"go"}})
	if len(s.C()) != 0 {
		t.Fatal("event after unsubscribe")
	}
}

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
