package actions

import (
	"context"
	"slices"

	"roost/store"
)

// MarkerTimelines are the timelines whose reading position apps can save.
var MarkerTimelines = []string{"home", "notifications"}

// Markers returns the account's saved reading positions in the timelines
// asked for (unknown names are ignored, as Mastodon does).
func (a *Actions) Markers(ctx context.Context, accountID store.ID, timelines []string) ([]store.Marker, error) {
	var known []string
	for _, t := range timelines {
		if slices.Contains(MarkerTimelines, t) && !slices.Contains(known, t) {
			known = append(known, t)
		}
	}
	return a.DB.Markers(ctx, accountID, known)
}

// SaveMarkers saves reading positions, timeline name to last read id, in
// one transaction, and returns the markers as saved.
func (a *Actions) SaveMarkers(ctx context.Context, accountID store.ID, positions map[string]store.ID) ([]store.Marker, error) {
	if len(positions) == 0 {
		return nil, invalid("", "give home[last_read_id] or notifications[last_read_id]")
	}
	for t := range positions {
		if !slices.Contains(MarkerTimelines, t) {
			return nil, invalid("timeline", "must be home or notifications")
		}
	}
	var saved []store.Marker
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		for _, t := range MarkerTimelines {
			id, ok := positions[t]
			if !ok {
				continue
			}
			m, err := tx.SaveMarker(accountID, t, id)
			if err != nil {
				return err
			}
			saved = append(saved, *m)
		}
		return nil
	})
	return saved, err
}
