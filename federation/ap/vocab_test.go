package ap

// The activity library is the conformance oracle in tests only: importing
// its streams package links and initialises every ActivityStreams type
// (about 20 MB of binary and 5 MB of idle memory), past the footprint
// budget, while Roost itself only needs the shapes Mastodon uses.

import (
	"encoding/json"
	"fmt"

	"github.com/superseriousbusiness/activity/streams"
	"github.com/superseriousbusiness/activity/streams/vocab"
)

// ActivityFromVocab reads an activity built or resolved with the
// superseriousbusiness/activity library, for callers that hold a vocab
// value rather than bytes. It goes through the same parser as the inbox,
// so both paths give the same model values.
func ActivityFromVocab(t vocab.Type) (*Activity, error) {
	m, err := vocabMap(t)
	if err != nil {
		return nil, err
	}
	return activityFrom(m, 0)
}

// NoteFromVocab reads a Note or Question held as a vocab value.
func NoteFromVocab(t vocab.Type) (*Note, error) {
	m, err := vocabMap(t)
	if err != nil {
		return nil, err
	}
	return noteFrom(m)
}

// ActorFromVocab reads an actor held as a vocab value.
func ActorFromVocab(t vocab.Type) (*Actor, error) {
	m, err := vocabMap(t)
	if err != nil {
		return nil, err
	}
	return actorFrom(m)
}

// vocabMap serialises t and decodes it again, so that the result has the
// same shapes (json.Number, no Go-specific types) and limits as bytes
// from the network.
func vocabMap(t vocab.Type) (map[string]any, error) {
	if t == nil {
		return nil, fmt.Errorf("%w: nil vocab value", ErrMalformed)
	}
	m, err := streams.Serialize(t)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return decode(raw)
}
