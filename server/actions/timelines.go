package actions

import (
	"context"
	"errors"

	"roost/store"
)

// HomeTimeline is the viewer's home feed.
func (a *Actions) HomeTimeline(ctx context.Context, viewer *store.Account, p store.Page) (*Statuses, error) {
	list, err := a.DB.HomeTimeline(ctx, viewer.ID, p)
	if err != nil {
		return nil, err
	}
	return a.filteredStatuses(ctx, viewer, FilterHome, list)
}

// PublicTimeline is the instance's (or the known network's) public feed.
func (a *Actions) PublicTimeline(ctx context.Context, viewer *store.Account, f store.PublicFilter, p store.Page) (*Statuses, error) {
	list, err := a.DB.PublicTimeline(ctx, idOf(viewer), f, p)
	if err != nil {
		return nil, err
	}
	return a.filteredStatuses(ctx, viewer, FilterPublic, list)
}

// TagTimeline lists public statuses with a hashtag; an unknown tag has none.
func (a *Actions) TagTimeline(ctx context.Context, viewer *store.Account, name string, f store.PublicFilter, p store.Page) (*Statuses, error) {
	tag, err := a.DB.TagByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return &Statuses{Related: &Related{}}, nil
	}
	if err != nil {
		return nil, err
	}
	list, err := a.DB.TagTimeline(ctx, idOf(viewer), tag.ID, f, p)
	if err != nil {
		return nil, err
	}
	return a.filteredStatuses(ctx, viewer, FilterPublic, list)
}

// LinkTimeline lists the public statuses sharing link (their preview card
// is for it), under the public timeline's rules. Mastodon answers 404 for
// a link that is not trending; Roost has no reviewed trends, so a link is
// known once a public status carries its card, and ErrNotFound otherwise.
func (a *Actions) LinkTimeline(ctx context.Context, viewer *store.Account, link string, f store.PublicFilter, p store.Page) (*Statuses, error) {
	shared, err := a.DB.LinkShared(ctx, link)
	if err != nil {
		return nil, err
	}
	if !shared {
		return nil, ErrNotFound
	}
	list, err := a.DB.LinkTimeline(ctx, idOf(viewer), link, f, p)
	if err != nil {
		return nil, err
	}
	return a.filteredStatuses(ctx, viewer, FilterPublic, list)
}
