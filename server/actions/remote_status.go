package actions

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"roost/federation/ap"
	"roost/store"
)

// Bounds on what one request may fetch: a reply chain is followed up to
// maxAncestors parents, and one request fetches at most fetchBudget documents.
const (
	maxAncestors = 5
	fetchBudget  = 12
)

// budget counts what one request may still fetch. publicOnly keeps only
// what a relay may pass on (see relayable).
type budget struct {
	fetches, depth int
	publicOnly     bool
}

func newBudget() *budget { return &budget{fetches: fetchBudget, depth: maxAncestors} }

func (b *budget) take() bool {
	if b.fetches <= 0 {
		return false
	}
	b.fetches--
	return true
}

// ResolveStatus returns the status whose ActivityPub id (or page URL) is
// uri: from the store, or fetched from its origin with its author and up to
// maxAncestors parents. The caller still decides with CanSee who may see it.
func (a *Actions) ResolveStatus(ctx context.Context, uri string) (*store.Status, error) {
	return a.resolveStatus(ctx, uri, newBudget())
}

func (a *Actions) resolveStatus(ctx context.Context, uri string, b *budget) (*store.Status, error) {
	if s, err := a.DB.StatusByURI(ctx, uri); err == nil {
		return s, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if a.isLocalURI(uri) || !b.take() {
		return nil, ErrNotFound
	}
	resp, err := a.fetchObject(ctx, uri)
	if err != nil {
		return nil, err
	}
	note, err := ap.ParseNote(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRemote, err)
	}
	if !ap.SameOrigin(note.ID, resp.FinalURL) {
		return nil, fmt.Errorf("%w: note %s served from %s", ErrRemote, note.ID, resp.FinalURL)
	}
	if note.ID != uri {
		if s, err := a.DB.StatusByURI(ctx, note.ID); err == nil {
			return s, nil
		}
	}
	author, err := a.RemoteAccountByURI(ctx, note.AttributedTo)
	if err != nil {
		return nil, err
	}
	if !ap.SameOrigin(author.URI, note.ID) || note.IsPollVote() {
		return nil, fmt.Errorf("%w: %s is not %s's post", ErrRemote, note.ID, author.URI)
	}
	if b.publicOnly {
		if ok, err := a.relayable(ctx, author, note); err != nil || !ok {
			return nil, errors.Join(err, fmt.Errorf("%w: %s is not for the federated timeline", ErrNotFound, note.ID))
		}
	}
	a.resolveParent(ctx, note, b)
	return a.storeRemoteStatus(ctx, author, note)
}

// resolveParent fetches the status a note replies to, if unknown and the
// budget allows, so that threads read whole. Failure is not an error: the
// reply keeps in_reply_to_uri.
func (a *Actions) resolveParent(ctx context.Context, note *ap.Note, b *budget) {
	if note.InReplyTo == "" || b.depth <= 0 {
		return
	}
	b.depth--
	if _, err := a.resolveStatus(ctx, note.InReplyTo, b); err != nil && a.Log != nil {
		a.Log.Debug("reply parent not fetched", "uri", note.InReplyTo, "err", err)
	}
}

// Resolve looks a search query up remotely, for search?resolve=true:
// "@user@domain" or "user@domain" finds an account through WebFinger; an
// https URL finds the actor or post it names. It never returns a status
// the caller has not checked with CanSee.
func (a *Actions) Resolve(ctx context.Context, query string) (*Resolved, error) {
	q := strings.TrimSpace(query)
	if strings.HasPrefix(q, "https://") || strings.HasPrefix(q, "http://") {
		return a.resolveURL(ctx, q)
	}
	acct, err := a.ResolveAccount(ctx, q)
	if err != nil {
		return nil, err
	}
	return &Resolved{Accounts: []*store.Account{acct}}, nil
}

func (a *Actions) resolveURL(ctx context.Context, u string) (*Resolved, error) {
	if acct, err := a.DB.AccountByURI(ctx, u); err == nil {
		return &Resolved{Accounts: []*store.Account{acct}}, nil
	}
	if s, err := a.DB.StatusByURI(ctx, u); err == nil {
		return &Resolved{Statuses: []*store.Status{s}}, nil
	}
	if a.isLocalURI(u) {
		return nil, ErrNotFound
	}
	resp, err := a.fetchObject(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	if actor, err := ap.ParseActor(resp.Body); err == nil {
		if !ap.SameOrigin(actor.ID, resp.FinalURL) {
			return nil, ErrNotFound
		}
		acct, err := a.saveActor(ctx, actor)
		if err != nil {
			return nil, err
		}
		return &Resolved{Accounts: []*store.Account{acct}}, nil
	}
	note, err := ap.ParseNote(resp.Body)
	if err != nil {
		return nil, ErrNotFound
	}
	// Fetch again by id: a page URL's document is trusted only from its origin.
	s, err := a.ResolveStatus(ctx, note.ID)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	return &Resolved{Statuses: []*store.Status{s}}, nil
}
