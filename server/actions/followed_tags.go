package actions

import (
	"context"
	"errors"
	"time"

	"roost/store"
)

// FollowedTag returns a hashtag by name as viewer sees it: with its recent
// use and whether viewer follows it (a nil viewer follows nothing).
func (a *Actions) FollowedTag(ctx context.Context, viewer *store.Account, name string) (*TagView, error) {
	t, err := a.Tag(ctx, name)
	if err != nil || viewer == nil || t.Tag.ID == 0 {
		return t, err
	}
	t.Following, err = a.DB.FollowsTag(ctx, viewer.ID, t.Tag.ID)
	return t, err
}

// FollowTag makes viewer follow a hashtag, creating it if it was never
// used: its public posts join viewer's home from then on.
func (a *Actions) FollowTag(ctx context.Context, viewer *store.Account, name string) (*TagView, error) {
	if !hashtagName.MatchString(name) {
		return nil, ErrNotFound
	}
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		t, err := tx.EnsureTag(a.DB.NewID(), name)
		if err != nil {
			return err
		}
		return tx.FollowTag(viewer.ID, t.ID)
	})
	if err != nil {
		return nil, err
	}
	return a.FollowedTag(ctx, viewer, name)
}

// UnfollowTag stops viewer following a hashtag; unfollowing one never
// followed (or never used) succeeds, as in Mastodon.
func (a *Actions) UnfollowTag(ctx context.Context, viewer *store.Account, name string) (*TagView, error) {
	if !hashtagName.MatchString(name) {
		return nil, ErrNotFound
	}
	t, err := a.DB.TagByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return a.FollowedTag(ctx, viewer, name)
	}
	if err != nil {
		return nil, err
	}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.UnfollowTag(viewer.ID, t.ID) }); err != nil {
		return nil, err
	}
	return a.FollowedTag(ctx, viewer, name)
}

// FollowedTags pages the hashtags viewer follows, each with its recent use.
func (a *Actions) FollowedTags(ctx context.Context, viewer *store.Account, p store.Page) ([]*TagView, error) {
	tags, err := a.DB.FollowedTags(ctx, viewer.ID, p)
	if err != nil {
		return nil, err
	}
	ids := make([]store.ID, len(tags))
	for i, t := range tags {
		ids[i] = t.ID
	}
	history, err := a.DB.TagHistory(ctx, ids, tagHistoryDays, time.Now())
	if err != nil {
		return nil, err
	}
	out := make([]*TagView, len(tags))
	for i, t := range tags {
		out[i] = &TagView{Tag: t, History: history[t.ID], Following: true}
	}
	return out, nil
}
