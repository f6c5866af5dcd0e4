package actions

import (
	"context"

	"roost/store"
)

// Related is everything needed to render a page of statuses and
// notifications, loaded in a fixed number of queries however long the page:
// reblogged originals, every account shown, mentions, tags and the viewer's
// own flags (favourited, reblogged, bookmarked, pinned).
type Related struct {
	Statuses map[store.ID]*store.Status
	Accounts map[store.ID]*store.Account
	Mentions map[store.ID][]store.ID
	Tags     map[store.ID][]store.Tag
	Flags    map[store.ID]*store.ViewerFlags
	Apps     map[store.ID]*store.App // the apps statuses were posted with
	// Media is each status's attachments, in order.
	Media map[store.ID][]store.StatusAttachment
	// Filtered holds the viewer's keyword filters that caught a status
	// (warn or blur: a hidden status is not in the page at all).
	Filtered map[store.ID][]FilterMatch
	// Polls is each status's poll, and OwnVotes the viewer's choices on
	// each poll (by poll id).
	Polls    map[store.ID]*store.Poll
	OwnVotes map[store.ID][]int
	// Emojis is the custom emojis each status uses.
	Emojis map[store.ID][]store.CustomEmoji
	// Quotes is what the viewer may see of the post each status quotes.
	Quotes map[store.ID]*Quote
}

// Statuses is a page of statuses ready to render.
type Statuses struct {
	List []*store.Status
	// Cursors are the ids the page was cut on, when not the statuses' own
	// (favourites and bookmarks are cut on when they were made).
	Cursors []store.ID
	*Related
}

// StatusView is one status ready to render.
type StatusView struct {
	Status *store.Status
	*Related
}

func (a *Actions) statuses(ctx context.Context, viewer *store.Account, list []*store.Status, cursors []store.ID) (*Statuses, error) {
	rel, err := a.relate(ctx, viewer, list, nil)
	if err != nil {
		return nil, err
	}
	if cursors == nil {
		for _, s := range list {
			cursors = append(cursors, s.ID)
		}
	}
	return &Statuses{List: list, Cursors: cursors, Related: rel}, nil
}

func (a *Actions) statusView(ctx context.Context, viewer *store.Account, s *store.Status) (*StatusView, error) {
	rel, err := a.relate(ctx, viewer, []*store.Status{s}, nil)
	if err != nil {
		return nil, err
	}
	return &StatusView{Status: s, Related: rel}, nil
}

// relate batch-loads what list and the extra accounts need.
func (a *Actions) relate(ctx context.Context, viewer *store.Account, list []*store.Status, accountIDs []store.ID) (*Related, error) {
	rel := &Related{Statuses: map[store.ID]*store.Status{}}
	var missing []store.ID
	for _, s := range list {
		rel.Statuses[s.ID] = s
	}
	for _, s := range list {
		if s.ReblogOfID != nil && rel.Statuses[*s.ReblogOfID] == nil {
			missing = append(missing, *s.ReblogOfID)
		}
	}
	originals, err := a.DB.StatusesByIDs(ctx, missing)
	if err != nil {
		return nil, err
	}
	for id, s := range originals {
		rel.Statuses[id] = s
	}
	if err := a.relateQuotes(ctx, viewer, rel); err != nil {
		return nil, err
	}
	ids := make([]store.ID, 0, len(rel.Statuses))
	var appIDs []store.ID
	for id, s := range rel.Statuses {
		ids = append(ids, id)
		accountIDs = append(accountIDs, s.AccountID)
		if s.ApplicationID != nil {
			appIDs = append(appIDs, *s.ApplicationID)
		}
	}
	if rel.Apps, err = a.DB.AppsByIDs(ctx, unique(appIDs)); err != nil {
		return nil, err
	}
	if rel.Mentions, err = a.DB.MentionsOf(ctx, ids); err != nil {
		return nil, err
	}
	for _, m := range rel.Mentions {
		accountIDs = append(accountIDs, m...)
	}
	if rel.Accounts, err = a.DB.AccountsByIDs(ctx, unique(accountIDs)); err != nil {
		return nil, err
	}
	if rel.Tags, err = a.DB.TagsOf(ctx, ids); err != nil {
		return nil, err
	}
	if rel.Flags, err = a.DB.ViewerFlagsOf(ctx, idOf(viewer), ids); err != nil {
		return nil, err
	}
	if rel.Media, err = a.DB.StatusAttachments(ctx, ids); err != nil {
		return nil, err
	}
	a.queueRemoteMedia(rel.Media)
	if rel.Emojis, err = a.DB.StatusEmojis(ctx, ids); err != nil {
		return nil, err
	}
	a.queueRemoteEmojis(rel.Emojis)
	if rel.Polls, err = a.DB.PollsOf(ctx, ids); err != nil {
		return nil, err
	}
	pollIDs := make([]store.ID, 0, len(rel.Polls))
	for _, p := range rel.Polls {
		pollIDs = append(pollIDs, p.ID)
	}
	if rel.OwnVotes, err = a.DB.OwnVotes(ctx, idOf(viewer), pollIDs); err != nil {
		return nil, err
	}
	a.queueRemoteCards(rel.Statuses)
	return rel, nil
}

func unique(ids []store.ID) []store.ID {
	seen := make(map[store.ID]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Accounts is a page of accounts and the ids the page was cut on.
type Accounts struct {
	List    []*store.Account
	Cursors []store.ID
}
