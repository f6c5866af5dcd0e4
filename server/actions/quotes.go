package actions

import (
	"context"
	"time"

	"roost/store"
)

// Quote posts arriving from other servers (Mastodon 4.5's FEP-044f quote,
// Misskey's and Akkoma's quotes). The quoted post's uri is stored on the
// status; the post itself is fetched in the background, never while an
// inbox waits. Creating quotes here (Mastodon's QuoteRequest and approval
// flow) is not done yet.

// Quote states, in Mastodon 4.5's words (docs.joinmastodon.org/entities/Quote).
const (
	QuotePending        = "pending"      // the quoted post is not here (yet)
	QuoteAccepted       = "accepted"     // shown
	QuoteUnauthorized   = "unauthorized" // the viewer may not see the quoted post
	QuoteBlockedAccount = "blocked_account"
	QuoteBlockedDomain  = "blocked_domain"
	QuoteMutedAccount   = "muted_account"
)

// Quote is what a viewer may know of the post a status quotes: Status is
// set only when State is QuoteAccepted.
type Quote struct {
	State  string
	Status *store.Status
}

// relateQuotes decides, for the statuses of a page, what the viewer may
// see of the posts they quote, and adds the visible ones to the page (so
// their authors, media and emojis are loaded too). A quoted post's own
// quote is decided as well, for a link: quotes nest one level.
func (a *Actions) relateQuotes(ctx context.Context, viewer *store.Account, rel *Related) error {
	rel.Quotes = map[store.ID]*Quote{}
	quoting := quotingStatuses(rel.Statuses)
	shown, err := a.decideQuotes(ctx, viewer, quoting, rel.Quotes)
	if err != nil {
		return err
	}
	var nested []*store.Status
	for _, s := range shown {
		if rel.Statuses[s.ID] == nil {
			rel.Statuses[s.ID] = s
			if s.QuoteURI != "" && s.ReblogOfID == nil {
				nested = append(nested, s)
			}
		}
	}
	_, err = a.decideQuotes(ctx, viewer, nested, rel.Quotes)
	return err
}

func quotingStatuses(statuses map[store.ID]*store.Status) []*store.Status {
	var out []*store.Status
	for _, s := range statuses {
		if s.QuoteURI != "" && s.ReblogOfID == nil {
			out = append(out, s)
		}
	}
	return out
}

// decideQuotes fills quotes for each quoting status and returns the quoted
// posts the viewer may see. A quoted post not here yet is asked for.
func (a *Actions) decideQuotes(ctx context.Context, viewer *store.Account, quoting []*store.Status, quotes map[store.ID]*Quote) ([]*store.Status, error) {
	uris := make([]string, 0, len(quoting))
	for _, s := range quoting {
		uris = append(uris, s.QuoteURI)
	}
	known, err := a.DB.StatusesByURIs(ctx, uris)
	if err != nil {
		return nil, err
	}
	var shown []*store.Status
	for _, s := range quoting {
		quoted := known[s.QuoteURI]
		if quoted == nil {
			quotes[s.ID] = &Quote{State: QuotePending}
			a.queueQuote(s)
			continue
		}
		state, err := a.quoteState(ctx, viewer, quoted)
		if err != nil {
			return nil, err
		}
		q := &Quote{State: state}
		if state == QuoteAccepted {
			q.Status = quoted
			shown = append(shown, quoted)
		}
		quotes[s.ID] = q
	}
	return shown, nil
}

// quoteState is the one rule for showing a quoted post: CanSee first (a
// post the viewer may not see is never shown, through a quote or not),
// then the viewer's own blocks and mutes.
func (a *Actions) quoteState(ctx context.Context, viewer *store.Account, quoted *store.Status) (string, error) {
	if quoted.ReblogOfID != nil {
		return QuoteUnauthorized, nil
	}
	ok, err := a.CanSee(ctx, viewer, quoted)
	if err != nil || !ok {
		return QuoteUnauthorized, err
	}
	if viewer == nil || viewer.ID == quoted.AccountID {
		return QuoteAccepted, nil
	}
	f, err := a.DB.QuoteFacts(ctx, viewer.ID, quoted.AccountID)
	switch {
	case err != nil:
		return QuoteUnauthorized, err
	case f.Blocking:
		return QuoteBlockedAccount, nil
	case f.DomainBlocked:
		return QuoteBlockedDomain, nil
	case f.Muting:
		return QuoteMutedAccount, nil
	}
	return QuoteAccepted, nil
}

// queueQuote fetches the post a remote status quotes in the background,
// within the backfill's per-domain budget. A quoted post is asked for once
// however many posts quote it, and a failed fetch is not tried again for
// a day (the remote media memo). The quoted post's parents are not fetched.
func (a *Actions) queueQuote(s *store.Status) {
	if a.BackfillWorker == nil || s.QuoteURI == "" || s.QuoteURI == s.URI || a.isLocalURI(s.QuoteURI) {
		return
	}
	uri := s.QuoteURI
	key := "quote:" + uri
	if !a.remoteTries.claim(key, time.Now()) {
		return
	}
	err := a.BackfillWorker.Submit(func(ctx context.Context) {
		if _, err := a.DB.StatusByURI(ctx, uri); err == nil {
			a.remoteTries.done(key)
			return
		}
		if !a.backfill.take(uri) {
			a.remoteTries.done(key) // over budget: the next view asks again
			return
		}
		if _, err := a.resolveStatus(ctx, uri, &budget{fetches: 1}); err != nil {
			a.logBackfill("quoted post not fetched", uri, err)
			return
		}
		a.remoteTries.done(key)
	})
	if err != nil { // a full queue: the next view asks again
		a.remoteTries.done(key)
	}
}
