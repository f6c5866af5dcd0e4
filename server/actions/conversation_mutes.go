package actions

import (
	"context"

	"roost/store"
)

// MuteConversation stops the viewer's notifications from the thread a
// status belongs to. Mastodon's documentation allows it only for threads
// the viewer takes part in (wrote in or is mentioned in): anyone else is
// refused (403).
func (a *Actions) MuteConversation(ctx context.Context, viewer *store.Account, id store.ID) (*StatusView, error) {
	return a.setConversationMute(ctx, viewer, id, true)
}

// UnmuteConversation lets the thread's notifications through again.
func (a *Actions) UnmuteConversation(ctx context.Context, viewer *store.Account, id store.ID) (*StatusView, error) {
	return a.setConversationMute(ctx, viewer, id, false)
}

func (a *Actions) setConversationMute(ctx context.Context, viewer *store.Account, id store.ID, mute bool) (*StatusView, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	thread := threadOf(s)
	if mute {
		part, err := a.DB.TakesPartIn(ctx, viewer.ID, thread)
		if err != nil {
			return nil, err
		}
		if !part {
			return nil, ErrForbidden
		}
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if mute {
			return tx.MuteConversation(viewer.ID, thread)
		}
		return tx.UnmuteConversation(viewer.ID, thread)
	})
	if err != nil {
		return nil, err
	}
	return a.statusView(ctx, viewer, s)
}
