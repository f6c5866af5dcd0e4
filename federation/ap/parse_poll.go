package ap

import "time"

// Poll is a Question's options and state.
type Poll struct {
	Options     []PollOption
	Multiple    bool      // anyOf rather than oneOf
	EndTime     time.Time // zero when open-ended
	Closed      time.Time // zero while open
	VotersCount int
}

// PollOption is one choice and its vote count (replies.totalItems).
type PollOption struct {
	Title string
	Votes int
}

// pollOf reads a Question: oneOf or anyOf options whose replies.totalItems
// are the vote counts, endTime, closed (a time, or true) and votersCount.
func pollOf(m map[string]any) *Poll {
	p := &Poll{EndTime: timestamp(m, "endTime"), VotersCount: integer(m["votersCount"])}
	choices := m["oneOf"]
	if _, ok := m["anyOf"]; ok && choices == nil {
		choices, p.Multiple = m["anyOf"], true
	}
	for _, o := range objects(choices) {
		if len(p.Options) == maxPollOptions {
			break
		}
		title := plainText(str(o, "name"), 200)
		if title == "" {
			continue
		}
		var votes int
		if r, ok := o["replies"].(map[string]any); ok {
			votes = integer(r["totalItems"])
		}
		p.Options = append(p.Options, PollOption{Title: title, Votes: votes})
	}
	p.Closed = timestamp(m, "closed")
	if p.Closed.IsZero() && boolean(m, "closed") {
		p.Closed = p.EndTime
	}
	if len(p.Options) == 0 {
		return nil
	}
	return p
}
