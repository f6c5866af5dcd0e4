package actions

import "roost/store"

// Outgoing activity kinds, in Mastodon's words; federation/ap turns them into AS2.
const (
	activityCreateStatus  = "create_status"
	activityUpdateStatus  = "update_status"
	activityDeleteStatus  = "delete_status"
	activityFavourite     = "favourite"
	activityUnfavourite   = "unfavourite"
	activityReblog        = "reblog"
	activityUnreblog      = "unreblog"
	activityFollow        = "follow"
	activityUnfollow      = "unfollow"
	activityAcceptFollow  = "accept_follow"
	activityRejectFollow  = "reject_follow"
	activityBlock         = "block"
	activityUnblock       = "unblock"
	activityUpdateAccount = "update_account"
	activityPin           = "pin"
	activityUnpin         = "unpin"
)

// outgoing describes one state change other servers must hear about.
type outgoing struct {
	Kind   string
	Actor  *store.Account
	Status *store.Status  // the status concerned, if any
	Target *store.Account // the account concerned (follow, block), if any
	// Audience lists the accounts that must receive it besides followers
	// (mentioned accounts, a reblogged status's author).
	Audience []store.ID
}

// federate is THE seam where outgoing activities join the transactional
// outbox: every operation that changes state other servers must learn of
// calls it exactly once, inside the transaction that made the change, so
// the activity is queued if and only if the change commits.
//
// Operations call it for every change a remote server could observe, even
// when every account involved is local: deciding who must hear of it (a
// remote target, remote followers, mentioned remote accounts) is the
// delivery side's job, made once here rather than in each operation.
//
// It does nothing yet. The delivery work (federation/ap to build the AS2
// payload, federation/deliver to enqueue one row per inbox in tx) plugs in
// here without touching any operation.
func (a *Actions) federate(tx *store.Tx, out outgoing) error {
	_ = tx
	_ = out
	return nil
}
