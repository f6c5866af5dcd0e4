package web

import (
	"html"
	"html/template"

	"roost/server/actions"
	"roost/store"
)

// quoteCard is the post a status quotes, as a small card under it. Only
// an accepted quote carries anything of the quoted post; any other state
// is a notice, naming nothing of it.
type quoteCard struct {
	Shown bool
	// Notice is the catalogue key of what is said instead of the post.
	Notice      string
	Author      accountCard
	Content     template.HTML
	SpoilerText string
	SpoilerHTML template.HTML
	// ExpandSpoilers opens the quoted post's content warning at once.
	ExpandSpoilers bool
	Path           string // the quoted post's page here
	// NestedURL links the post the quoted post itself quotes, when the
	// viewer may see it: quotes nest one level, the next is a link.
	NestedURL string
}

// quote is the card of the post s quotes, nil when s quotes nothing.
func (m *cardMaker) quote(s *store.Status) *quoteCard {
	q := m.rel.Quotes[s.ID]
	if q == nil {
		return nil
	}
	if q.State == actions.QuoteAccepted && q.Status != nil {
		if author, ok := m.rel.Accounts[q.Status.AccountID]; ok && m.shown(q.Status) {
			return m.shownQuote(author, q.Status)
		}
		return &quoteCard{Notice: "quote_pending"}
	}
	switch q.State {
	case actions.QuotePending:
		return &quoteCard{Notice: "quote_pending"}
	case actions.QuoteBlockedAccount, actions.QuoteBlockedDomain, actions.QuoteMutedAccount:
		return &quoteCard{Notice: "quote_hidden"}
	}
	return &quoteCard{Notice: "quote_unavailable"}
}

func (m *cardMaker) shownQuote(author *store.Account, quoted *store.Status) *quoteCard {
	c := &quoteCard{Shown: true, Author: m.account(author), Content: emojify(quoted.Content, m.emojis(quoted.ID)),
		SpoilerText: quoted.SpoilerText, SpoilerHTML: emojify(html.EscapeString(quoted.SpoilerText), m.emojis(quoted.ID)),
		ExpandSpoilers: m.expandSpoilers, Path: statusPath(author, quoted)}
	if nested := m.rel.Quotes[quoted.ID]; nested != nil && nested.State == actions.QuoteAccepted && nested.Status != nil {
		c.NestedURL = nested.Status.URL
		if c.NestedURL == "" {
			c.NestedURL = nested.Status.URI
		}
	}
	return c
}
