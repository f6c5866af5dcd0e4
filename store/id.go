package store

import (
	"crypto/rand"
	"encoding/binary"
	"strconv"
	"sync"
	"time"
)

// ID is a 64-bit identifier in Mastodon's snowflake layout: the top 48 bits
// are Unix milliseconds, the low 16 a sequence. We chose it over ULIDs because
// it sorts by creation time as a number, fits an INTEGER PRIMARY KEY (the
// cheapest key SQLite has), and Mastodon apps already compare ids this way.
// It is always served as a decimal string.
type ID = int64

// IDGen hands out increasing ids; the zero value is not usable, see NewIDGen.
type IDGen struct {
	mu   sync.Mutex
	last int64
}

// NewIDGen returns a generator.
func NewIDGen() *IDGen { return &IDGen{} }

// New returns an id for now, strictly greater than any it returned before.
func (g *IDGen) New() ID { return g.At(time.Now()) }

// At returns an id for time t (e.g. a remote status's published date), so
// backfilled posts sort where they belong. Random low bits keep ids made for
// the same past millisecond apart; for the present, ids also increase.
func (g *IDGen) At(t time.Time) ID {
	ms := t.UnixMilli()
	if ms < 0 {
		ms = 0
	}
	id := ms<<16 | int64(randomUint16())
	if time.Since(t) < time.Second {
		g.mu.Lock()
		if id <= g.last {
			id = g.last + 1
		}
		g.last = id
		g.mu.Unlock()
	}
	return id
}

func randomUint16() uint16 {
	var b [2]byte
	rand.Read(b[:])
	return binary.BigEndian.Uint16(b[:])
}

// IDTime is the creation time encoded in an id.
func IDTime(id ID) time.Time { return time.UnixMilli(id >> 16) }

// MinIDAt is the smallest id that At can return for t; useful for time-range queries.
func MinIDAt(t time.Time) ID { return t.UnixMilli() << 16 }

// ParseID parses an id from the API; ok is false for anything that is not one.
func ParseID(s string) (ID, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

// FormatID renders an id the way the API serves it.
func FormatID(id ID) string { return strconv.FormatInt(id, 10) }

// Millis converts a time to the stored representation.
func Millis(t time.Time) int64 { return t.UnixMilli() }

// FromMillis converts a stored time back.
func FromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// nullMillis converts an optional stored time.
func nullMillis(ms *int64) *time.Time {
	if ms == nil {
		return nil
	}
	t := FromMillis(*ms)
	return &t
}

func optMillis(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}
