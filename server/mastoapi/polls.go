package mastoapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// Poll is Mastodon's Poll entity.
type Poll struct {
	ID          string       `json:"id"`
	ExpiresAt   *string      `json:"expires_at"`
	Expired     bool         `json:"expired"`
	Multiple    bool         `json:"multiple"`
	VotesCount  int          `json:"votes_count"`
	VotersCount *int         `json:"voters_count"`
	Options     []PollOption `json:"options"`
	Emojis      []Emoji      `json:"emojis"`
	Voted       *bool        `json:"voted,omitempty"`
	// A pointer so that a signed-in viewer who has not voted gets [], as
	// Mastodon sends it: mastodon-android requires own_votes.
	OwnVotes *[]int `json:"own_votes,omitempty"`
}

// PollOption is one choice of a Poll.
type PollOption struct {
	Title      string `json:"title"`
	VotesCount *int   `json:"votes_count"`
}

// poll renders a poll; the options' counts hidden by hide_totals stay null
// until it ends, except for its author. The poll's own totals are always
// given, as Mastodon does: Tusky and Ice Cubes decode votes_count as a
// non-null number and drop the whole timeline page otherwise. voted and
// own_votes only for a signed-in viewer.
func poll(p *store.Poll, authorID store.ID, viewer *store.Account, own []int) *Poll {
	if p == nil {
		return nil
	}
	now := time.Now()
	expired := p.Expired(now)
	show := !p.HideTotals || expired || viewer != nil && viewer.ID == authorID
	voters := p.VotersCount
	out := &Poll{ID: store.FormatID(p.ID), Expired: expired, Multiple: p.Multiple, VotesCount: p.VotesCount,
		VotersCount: &voters, Options: []PollOption{}, Emojis: []Emoji{}}
	if p.ExpiresAt != nil {
		t := timestamp(*p.ExpiresAt)
		out.ExpiresAt = &t
	}
	for _, o := range p.Options {
		opt := PollOption{Title: o.Title}
		if show {
			n := o.VotesCount
			opt.VotesCount = &n
		}
		out.Options = append(out.Options, opt)
	}
	if viewer != nil {
		voted := len(own) > 0 || viewer.ID == authorID
		out.Voted = &voted
		votes := append([]int{}, own...)
		out.OwnVotes = &votes
	}
	return out
}

func (api *API) renderPoll(c echo.Context, v *actions.PollView, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, poll(v.Poll, v.Status.AccountID, viewerAccount(c), v.Own))
}

// GetPoll serves GET /api/v1/polls/:id.
func (api *API) GetPoll(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := api.Actions.Poll(c.Request().Context(), viewerAccount(c), id)
	return api.renderPoll(c, v, err)
}

// VotePoll serves POST /api/v1/polls/:id/votes.
func (api *API) VotePoll(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := readParams(c)
	if err != nil {
		return err
	}
	var choices []int
	for _, s := range p.Strings("choices") {
		n, err := strconv.Atoi(s)
		if err != nil {
			return &actions.ErrInvalid{Field: "choices", Reason: "must be option indexes"}
		}
		choices = append(choices, n)
	}
	v, err := api.Actions.Vote(c.Request().Context(), viewerAccount(c), id, choices)
	return api.renderPoll(c, v, err)
}

// pollArgs reads poll[options][], poll[expires_in], poll[multiple] and
// poll[hide_totals] (or a JSON "poll" object); nil when there is no poll.
func pollArgs(p *params) (*actions.PollArgs, error) {
	sub := &params{form: map[string][]string{}}
	if obj, ok := p.json["poll"].(map[string]any); ok {
		sub.json = obj
	} else if p.json["poll"] != nil {
		return nil, &actions.ErrInvalid{Field: "poll", Reason: "must be an object"}
	} else {
		for _, k := range []string{"options", "expires_in", "multiple", "hide_totals"} {
			sub.form[k] = p.form["poll["+k+"]"]
			if vs, ok := p.form["poll["+k+"][]"]; ok {
				sub.form[k+"[]"] = vs
			}
		}
	}
	options := sub.Strings("options")
	expires := sub.String("expires_in")
	if len(options) == 0 && expires == "" {
		return nil, nil
	}
	secs, err := strconv.ParseInt(expires, 10, 64)
	if err != nil {
		return nil, &actions.ErrInvalid{Field: "poll", Reason: "expires_in must be a number of seconds"}
	}
	secs = min(max(secs, -1), int64(actions.MaxPollExpiry/time.Second)+1)
	return &actions.PollArgs{Options: options, ExpiresIn: time.Duration(secs) * time.Second,
		Multiple: sub.BoolOr("multiple", false), HideTotals: sub.BoolOr("hide_totals", false)}, nil
}
