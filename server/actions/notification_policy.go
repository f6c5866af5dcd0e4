package actions

import (
	"context"
	"errors"
	"time"

	"roost/store"
)

// Mastodon 4.3's notification filtering: each notification from an
// unsolicited sender is accepted, held back in a request (filtered) or
// dropped, once, where it is created.
// https://docs.joinmastodon.org/methods/notifications/#get-policy

// filterableTypes are the notifications a policy may hold back, as
// Mastodon's Notification::PROPERTIES: what a stranger can cause. Posts
// you subscribed to, polls, edits and admin or moderation news always pass.
var filterableTypes = map[string]bool{store.NotifyMention: true, store.NotifyReblog: true, store.NotifyFollow: true,
	store.NotifyFollowRequest: true, store.NotifyFavourite: true}

// newAccountAge and newFollowerAge are Mastodon's: an account younger
// than 30 days is new, a follower of less than 3 days does not count yet.
const (
	newAccountAge  = 30 * 24 * time.Hour
	newFollowerAge = 3 * 24 * time.Hour
)

// policyVerdict decides the fate of a notification from from to to: the
// strictest verdict of the rules the sender meets (drop beats filter).
func policyVerdict(tx *store.Tx, to, from store.ID, typ string, status *store.ID) (string, error) {
	if !filterableTypes[typ] {
		return store.PolicyAccept, nil
	}
	if permitted, err := tx.NotificationPermitted(to, from); err != nil || permitted {
		return store.PolicyAccept, err
	}
	policy, err := tx.NotificationPolicy(to)
	if err != nil {
		return "", err
	}
	sender, err := tx.Account(from)
	if err != nil {
		return "", err
	}
	following, err := tx.Following(to, from)
	if err != nil {
		return "", err
	}
	since, err := tx.FollowedSince(from, to)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	follower := err == nil && time.Since(since) >= newFollowerAge
	private, err := unsolicitedPrivateMention(tx, to, typ, status)
	if err != nil {
		return "", err
	}
	limited, err := tx.AccountLimited(from)
	if err != nil {
		return "", err
	}
	verdict := store.PolicyAccept
	for _, rule := range []struct {
		applies bool
		policy  string
	}{
		{!following, policy.ForNotFollowing},
		{!follower, policy.ForNotFollowers},
		{time.Since(sender.CreatedAt) < newAccountAge, policy.ForNewAccounts},
		{private && !following, policy.ForPrivateMentions},
		{limited && !following, policy.ForLimitedAccounts},
	} {
		if rule.applies && rule.policy == store.PolicyDrop {
			return store.PolicyDrop, nil
		}
		if rule.applies && rule.policy == store.PolicyFilter {
			verdict = store.PolicyFilter
		}
	}
	return verdict, nil
}

// unsolicitedPrivateMention reports whether a mention comes in a direct
// post that is not a reply to the recipient (Mastodon lets answers to
// your own private messages through).
func unsolicitedPrivateMention(tx *store.Tx, to store.ID, typ string, status *store.ID) (bool, error) {
	if typ != store.NotifyMention || status == nil {
		return false, nil
	}
	s, err := tx.Status(*status)
	if err != nil {
		return false, err
	}
	return s.Visibility == store.VisibilityDirect && (s.InReplyToAccountID == nil || *s.InReplyToAccountID != to), nil
}

// PolicyView is an account's policy with what it currently holds back.
type PolicyView struct {
	store.NotificationPolicy
	PendingRequests      int
	PendingNotifications int
}

// pendingCountCap is Mastodon's MAX_MEANINGFUL_COUNT for the summary.
const pendingCountCap = 100

// NotificationPolicy returns the viewer's policy and its summary.
func (a *Actions) NotificationPolicy(ctx context.Context, viewer *store.Account) (*PolicyView, error) {
	p, err := a.DB.NotificationPolicy(ctx, viewer.ID)
	if err != nil {
		return nil, err
	}
	requests, notifications, err := a.DB.PendingNotificationCounts(ctx, viewer.ID, pendingCountCap)
	if err != nil {
		return nil, err
	}
	return &PolicyView{NotificationPolicy: p, PendingRequests: requests, PendingNotifications: notifications}, nil
}

// PolicyChange holds the fields of a policy update; nil leaves a field as it is.
type PolicyChange struct {
	ForNotFollowing, ForNotFollowers, ForNewAccounts, ForPrivateMentions, ForLimitedAccounts *string
}

// UpdateNotificationPolicy changes the given fields of the viewer's policy.
func (a *Actions) UpdateNotificationPolicy(ctx context.Context, viewer *store.Account, change PolicyChange) (*PolicyView, error) {
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		p, err := tx.NotificationPolicy(viewer.ID)
		if err != nil {
			return err
		}
		for _, f := range []struct {
			name string
			from *string
			to   *string
		}{
			{"for_not_following", change.ForNotFollowing, &p.ForNotFollowing},
			{"for_not_followers", change.ForNotFollowers, &p.ForNotFollowers},
			{"for_new_accounts", change.ForNewAccounts, &p.ForNewAccounts},
			{"for_private_mentions", change.ForPrivateMentions, &p.ForPrivateMentions},
			{"for_limited_accounts", change.ForLimitedAccounts, &p.ForLimitedAccounts},
		} {
			if f.from == nil {
				continue
			}
			if *f.from != store.PolicyAccept && *f.from != store.PolicyFilter && *f.from != store.PolicyDrop {
				return invalid(f.name, "must be one of accept, filter or drop")
			}
			*f.to = *f.from
		}
		return tx.UpdateNotificationPolicy(viewer.ID, p)
	})
	if err != nil {
		return nil, err
	}
	return a.NotificationPolicy(ctx, viewer)
}

// NotificationRequests is a page of requests with their senders and latest statuses.
type NotificationRequests struct {
	List []*store.NotificationRequest
	*Related
}

// NotificationRequests lists the viewer's pending notification requests.
func (a *Actions) NotificationRequests(ctx context.Context, viewer *store.Account, p store.Page) (*NotificationRequests, error) {
	list, err := a.DB.NotificationRequests(ctx, viewer.ID, p)
	if err != nil {
		return nil, err
	}
	return a.notificationRequests(ctx, viewer, list)
}

// NotificationRequest returns one of the viewer's pending requests.
func (a *Actions) NotificationRequest(ctx context.Context, viewer *store.Account, id store.ID) (*NotificationRequests, error) {
	r, err := a.DB.NotificationRequest(ctx, viewer.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return a.notificationRequests(ctx, viewer, []*store.NotificationRequest{r})
}

func (a *Actions) notificationRequests(ctx context.Context, viewer *store.Account, list []*store.NotificationRequest) (*NotificationRequests, error) {
	var statusIDs, accountIDs []store.ID
	for _, r := range list {
		accountIDs = append(accountIDs, r.FromAccountID)
		if r.LastStatusID != nil {
			statusIDs = append(statusIDs, *r.LastStatusID)
		}
	}
	byID, err := a.DB.StatusesByIDs(ctx, unique(statusIDs))
	if err != nil {
		return nil, err
	}
	// The latest status was addressed to the viewer, but it may have been
	// narrowed since (a block, a deletion): show only what the viewer may see.
	var statuses []*store.Status
	for _, s := range byID {
		if ok, err := a.CanSee(ctx, viewer, s); err != nil {
			return nil, err
		} else if ok {
			statuses = append(statuses, s)
		}
	}
	rel, err := a.relate(ctx, viewer, statuses, accountIDs)
	if err != nil {
		return nil, err
	}
	return &NotificationRequests{List: list, Related: rel}, nil
}

// AcceptNotificationRequest moves a request's notifications into the
// viewer's normal list and lets its sender through from now on.
func (a *Actions) AcceptNotificationRequest(ctx context.Context, viewer *store.Account, id store.ID) error {
	return a.settleRequests(ctx, viewer, []store.ID{id}, true, (*store.Tx).AcceptNotificationRequest)
}

// DismissNotificationRequest drops a request and its notifications.
func (a *Actions) DismissNotificationRequest(ctx context.Context, viewer *store.Account, id store.ID) error {
	return a.settleRequests(ctx, viewer, []store.ID{id}, true, (*store.Tx).DismissNotificationRequest)
}

// AcceptNotificationRequests accepts several requests; unknown ids are skipped, as in Mastodon.
func (a *Actions) AcceptNotificationRequests(ctx context.Context, viewer *store.Account, ids []store.ID) error {
	return a.settleRequests(ctx, viewer, ids, false, (*store.Tx).AcceptNotificationRequest)
}

// DismissNotificationRequests dismisses several requests; unknown ids are skipped.
func (a *Actions) DismissNotificationRequests(ctx context.Context, viewer *store.Account, ids []store.ID) error {
	return a.settleRequests(ctx, viewer, ids, false, (*store.Tx).DismissNotificationRequest)
}

func (a *Actions) settleRequests(ctx context.Context, viewer *store.Account, ids []store.ID, strict bool,
	settle func(*store.Tx, store.ID, store.ID) (bool, error)) error {
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			ok, err := settle(tx, viewer.ID, id)
			if err != nil {
				return err
			}
			if !ok && strict {
				return ErrNotFound
			}
		}
		return nil
	})
}
