package store

import (
	"context"
	"strings"
)

// VisibleTo is the one SQL form of Roost's visibility rule, for every list
// of statuses: the condition under which viewer (0: anonymous) may see the
// status aliased s, and its arguments. actions.CanSee is the same rule for
// a single status, and a table test runs both over the same matrix.
//
// The rule: nothing of a suspended author; nothing of an author who blocks
// the viewer; public and unlisted for everyone; private for the author,
// followers and mentioned accounts; direct for the author and mentioned
// accounts. A reblog is visible only when its original is too.
func VisibleTo(viewer ID) (string, []any) {
	own, ownArgs := visibleOne("s", viewer)
	orig, origArgs := visibleOne("o", viewer)
	where := "(" + own + " AND (s.reblog_of_id IS NULL OR EXISTS (SELECT 1 FROM statuses o WHERE o.id = s.reblog_of_id AND " + orig + ")))"
	return where, append(ownArgs, origArgs...)
}

func visibleOne(alias string, viewer ID) (string, []any) {
	sub := func(tmpl string) string { return strings.ReplaceAll(tmpl, "{s}", alias) }
	notSuspended := sub("NOT EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = {s}.account_id AND sa.suspended_at IS NOT NULL)")
	if viewer == 0 {
		return "(" + notSuspended + sub(" AND {s}.visibility IN ('public', 'unlisted'))"), nil
	}
	cond := sub(`({s}.account_id = ?
		OR (NOT EXISTS (SELECT 1 FROM blocks vb WHERE vb.account_id = {s}.account_id AND vb.target_account_id = ?)
			AND ({s}.visibility IN ('public', 'unlisted')
				OR EXISTS (SELECT 1 FROM mentions vm WHERE vm.status_id = {s}.id AND vm.account_id = ?)
				OR ({s}.visibility = 'private' AND EXISTS (SELECT 1 FROM follows vf WHERE vf.account_id = ? AND vf.target_account_id = {s}.account_id)))))`)
	return "(" + notSuspended + " AND " + cond + ")", []any{viewer, viewer, viewer, viewer}
}

// VisibleStatusIDs filters ids down to the statuses viewer may see, by VisibleTo.
func (db *DB) VisibleStatusIDs(ctx context.Context, viewer ID, ids []ID) (map[ID]bool, error) {
	out := map[ID]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	vis, args := VisibleTo(viewer)
	found, err := queryIDs(ctx, db.reader, "SELECT s.id FROM statuses s WHERE s.id IN ("+placeholders(len(ids))+") AND "+vis,
		append(idArgs(ids), args...)...)
	for _, id := range found {
		out[id] = true
	}
	return out, err
}
