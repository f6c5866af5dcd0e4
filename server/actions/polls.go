package actions

import (
	"context"
	"errors"
	"strings"
	"time"

	"roost/federation/ap"
	"roost/server/text"
	"roost/store"
)

// Poll limits, as in Mastodon; MaxPollOptions comes from the config.
const (
	minPollOptions       = 2
	defaultMaxPollOption = 4
	maxPollOptionChars   = 50
	MinPollExpiry        = 5 * time.Minute
	MaxPollExpiry        = 2629746 * time.Second // a month
	// pollIdle is the longest the expiry watcher sleeps; new polls wake it.
	pollIdle = time.Hour
)

// notifyPoll is the notification type of a poll that ended.
const notifyPoll = "poll"

// PollArgs is a poll as a client asks for one with a new status.
type PollArgs struct {
	Options    []string
	ExpiresIn  time.Duration
	Multiple   bool
	HideTotals bool
}

// PollView is one poll ready to render for a viewer.
type PollView struct {
	Poll   *store.Poll
	Status *store.Status
	Voted  bool
	Own    []int
}

func (a *Actions) maxPollOptions() int {
	if a.Config.MaxPollOptions > 0 {
		return a.Config.MaxPollOptions
	}
	return defaultMaxPollOption
}

// checkPoll refuses a poll Mastodon would refuse.
func (a *Actions) checkPoll(p *PollArgs) error {
	if len(p.Options) < minPollOptions {
		return invalid("poll", "must have at least 2 options")
	}
	if len(p.Options) > a.maxPollOptions() {
		return invalid("poll", "must not have more than "+itoa(a.maxPollOptions())+" options")
	}
	seen := map[string]bool{}
	for _, o := range p.Options {
		o = strings.TrimSpace(o)
		if o == "" {
			return invalid("poll", "options can't be blank")
		}
		if text.Length(o) > maxPollOptionChars {
			return invalid("poll", "options must not be longer than 50 characters")
		}
		if seen[o] {
			return invalid("poll", "options must be unique")
		}
		seen[o] = true
	}
	if p.ExpiresIn < MinPollExpiry || p.ExpiresIn > MaxPollExpiry {
		return invalid("poll", "expires_in must be between 300 seconds and one month")
	}
	return nil
}

func (a *Actions) insertPoll(tx *store.Tx, s *store.Status, args *PollArgs) error {
	at := s.CreatedAt.Add(args.ExpiresIn)
	p := &store.Poll{ID: a.DB.NewID(), StatusID: s.ID, Multiple: args.Multiple, HideTotals: args.HideTotals, ExpiresAt: &at}
	for _, o := range args.Options {
		p.Options = append(p.Options, store.PollOption{Title: strings.TrimSpace(o)})
	}
	if err := tx.InsertPoll(p); err != nil {
		return err
	}
	s.PollID = &p.ID
	a.WakePolls()
	return nil
}

// WakePolls tells the poll watcher that an end time may have moved.
func (a *Actions) WakePolls() {
	select {
	case a.pollWake <- struct{}{}:
	default:
	}
}

// Poll shows a poll to viewer, who must be able to see its status.
func (a *Actions) Poll(ctx context.Context, viewer *store.Account, id store.ID) (*PollView, error) {
	p, err := a.DB.Poll(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	s, err := a.visibleStatus(ctx, viewer, p.StatusID)
	if err != nil {
		return nil, err
	}
	own, err := a.DB.OwnVotes(ctx, idOf(viewer), []store.ID{p.ID})
	if err != nil {
		return nil, err
	}
	return &PollView{Poll: p, Status: s, Voted: len(own[p.ID]) > 0 || viewer != nil && viewer.ID == s.AccountID,
		Own: own[p.ID]}, nil
}

// Vote casts voter's choices on a poll: once, before it ends, never on
// one's own poll. A remote poll's author hears of it (one Create(Note) a
// choice); a local poll's followers get the new counts.
func (a *Actions) Vote(ctx context.Context, voter *store.Account, id store.ID, choices []int) (*PollView, error) {
	view, err := a.Poll(ctx, voter, id)
	if err != nil {
		return nil, err
	}
	p, s := view.Poll, view.Status
	if err := checkChoices(p, choices); err != nil {
		return nil, err
	}
	if s.AccountID == voter.ID {
		return nil, invalid("poll", "you cannot vote on your own poll")
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if p, err = tx.Poll(id); err != nil {
			return err
		}
		if p.Expired(time.Now()) {
			return invalid("poll", "the poll has already ended")
		}
		voted, err := tx.HasVoted(p.ID, voter.ID)
		if err != nil {
			return err
		}
		if voted {
			return invalid("poll", "you have already voted on this poll")
		}
		if err := tx.VotePoll(p, voter.ID, unique32(choices), "", time.Now()); err != nil {
			return err
		}
		return a.federatePollChange(tx, s, voter, p, unique32(choices))
	})
	if err != nil {
		return nil, err
	}
	return a.Poll(ctx, voter, id)
}

// federatePollChange tells other servers of a vote: the remote author of
// the poll gets the vote, a local author's followers the new counts.
func (a *Actions) federatePollChange(tx *store.Tx, s *store.Status, voter *store.Account, p *store.Poll, choices []int) error {
	if !s.Local {
		author, err := tx.Account(s.AccountID)
		if err != nil {
			return err
		}
		for _, c := range choices {
			err := a.federate(tx, outgoing{Kind: activityPollVote, Actor: voter, Status: s, Target: author,
				Choice: c, ChoiceTitle: p.Options[c].Title})
			if err != nil {
				return err
			}
		}
		return nil
	}
	author, err := tx.Account(s.AccountID)
	if err != nil {
		return err
	}
	return a.federate(tx, outgoing{Kind: activityPollCounts, Actor: author, Status: s})
}

func checkChoices(p *store.Poll, choices []int) error {
	if len(choices) == 0 {
		return invalid("choices", "can't be blank")
	}
	if !p.Multiple && len(unique32(choices)) > 1 {
		return invalid("choices", "only one choice is allowed on this poll")
	}
	for _, c := range choices {
		if c < 0 || c >= len(p.Options) {
			return invalid("choices", "contains an option that does not exist")
		}
	}
	return nil
}

func unique32(in []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, c := range in {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// receivePollVote counts a remote vote (a Note named after an option,
// replying to a local poll). Unknown polls and options are dropped.
func (a *Actions) receivePollVote(ctx context.Context, voter *store.Account, note *ap.Note) error {
	s, err := a.DB.StatusByURI(ctx, note.InReplyTo)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil || !s.Local || s.PollID == nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		p, err := tx.Poll(*s.PollID)
		if err != nil {
			return err
		}
		if p.Expired(time.Now()) {
			return nil
		}
		choice := -1
		for i, o := range p.Options {
			if o.Title == note.Name {
				choice = i
			}
		}
		if choice < 0 {
			return nil
		}
		err = tx.VotePoll(p, voter.ID, []int{choice}, note.ID, time.Now())
		if errors.Is(err, store.ErrAlreadyVoted) {
			return nil
		}
		if err != nil {
			return err
		}
		author, err := tx.Account(s.AccountID)
		if err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityPollCounts, Actor: author, Status: s})
	})
}

// pollDoc is the poll part of a status's Question.
func pollDoc(p *store.Poll) *ap.Poll {
	if p == nil {
		return nil
	}
	out := &ap.Poll{Multiple: p.Multiple, VotersCount: p.VotersCount}
	if p.ExpiresAt != nil {
		out.EndTime = *p.ExpiresAt
		if !p.ExpiresAt.After(time.Now()) {
			out.Closed = *p.ExpiresAt
		}
	}
	for _, o := range p.Options {
		out.Options = append(out.Options, ap.PollOption{Title: o.Title, Votes: o.VotesCount})
	}
	return out
}

// RunPollExpiry notifies the author and local voters of each poll that
// ends, until ctx ends. Like RunScheduler it reads the next end time from
// the database each round, so polls that ended while Roost was down are
// announced at start. The server owns it and waits for it at shutdown.
func (a *Actions) RunPollExpiry(ctx context.Context) {
	for {
		wait := pollIdle
		if err := a.notifyEndedPolls(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("notifying ended polls", "err", err)
			wait = schedulerRetry
		}
		at, err := a.DB.NextPollExpiry(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err == nil:
			wait = min(wait, max(time.Until(at), 0))
		case !errors.Is(err, store.ErrNotFound):
			a.Log.Warn("reading the next poll end", "err", err)
			wait = schedulerRetry
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-a.pollWake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

func (a *Actions) notifyEndedPolls(ctx context.Context) error {
	for ctx.Err() == nil {
		var n int
		err := a.DB.Write(ctx, func(tx *store.Tx) error {
			ended, err := tx.EndedPolls(time.Now(), 20)
			if err != nil {
				return err
			}
			n = len(ended)
			for _, p := range ended {
				if err := a.notifyPollEnd(tx, p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || n == 0 {
			return err
		}
	}
	return nil
}

func (a *Actions) notifyPollEnd(tx *store.Tx, p *store.Poll) error {
	if err := tx.MarkPollNotified(p.ID, time.Now()); err != nil {
		return err
	}
	s, err := tx.Status(p.StatusID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	voters, err := tx.PollVoters(p.ID)
	if err != nil {
		return err
	}
	if s.Local {
		voters = append(voters, s.AccountID)
	}
	for _, id := range voters {
		if err := a.notify(tx, id, s.AccountID, notifyPoll, &s.ID); err != nil {
			return err
		}
	}
	return nil
}
