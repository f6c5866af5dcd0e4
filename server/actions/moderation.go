package actions

import (
	"context"
	"slices"
	"time"

	"roost/store"
)

// Moderation actions a report can end with, in Mastodon's words.
const (
	ReportActionWarn    = "warn"    // a moderation_warning notification to a local account
	ReportActionLimit   = "limit"   // silenced_at: hidden from public timelines and non-followers
	ReportActionSuspend = "suspend" // the account is suspended
	ReportActionNone    = "none"    // resolve without acting
)

// notifyModerationWarning is the notification a warned account receives.
const notifyModerationWarning = "moderation_warning"

// ReportView is a report with the accounts it names, for moderators.
type ReportView struct {
	*store.ReportRow
	Reporter   *store.Account
	Target     *store.Account
	AssignedTo *store.Account
	Statuses   []*store.Status
	Rules      []Rule // the rules a "violation" names
}

// Reports lists the open (or resolved) reports for moderators.
func (a *Actions) Reports(ctx context.Context, by *store.User, resolved bool) ([]*ReportView, error) {
	if !CanModerate(by) {
		return nil, ErrForbidden
	}
	rows, err := a.DB.Reports(ctx, resolved)
	if err != nil {
		return nil, err
	}
	out := make([]*ReportView, 0, len(rows))
	for _, r := range rows {
		v, err := a.reportView(ctx, r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (a *Actions) reportView(ctx context.Context, r *store.ReportRow) (*ReportView, error) {
	v := &ReportView{ReportRow: r}
	var err error
	if v.Reporter, err = a.DB.Account(ctx, r.AccountID); err != nil {
		return nil, err
	}
	if v.Target, err = a.DB.Account(ctx, r.TargetAccountID); err != nil {
		return nil, err
	}
	if r.AssignedToID != nil {
		if v.AssignedTo, err = a.DB.Account(ctx, *r.AssignedToID); err != nil {
			return nil, err
		}
	}
	for _, id := range r.StatusIDs {
		if s, err := a.DB.Status(ctx, id); err == nil {
			v.Statuses = append(v.Statuses, s)
		}
	}
	if len(r.RuleIDs) > 0 {
		rules, err := a.InstanceRules(ctx)
		if err != nil {
			return nil, err
		}
		for _, rule := range rules {
			if slices.Contains(r.RuleIDs, rule.ID) {
				v.Rules = append(v.Rules, rule)
			}
		}
	}
	return v, nil
}

// AssignReport assigns a report to the moderator (mine) or to nobody.
func (a *Actions) AssignReport(ctx context.Context, by *store.User, id store.ID, mine bool) error {
	if !CanModerate(by) {
		return ErrForbidden
	}
	var to *store.ID
	if mine {
		to = &by.AccountID
	}
	return notFoundAs(a.DB.Write(ctx, func(tx *store.Tx) error { return tx.AssignReport(id, to) }))
}

// ActOnReport applies a moderation action to the reported account and
// marks the report resolved. A moderator cannot act on staff (only admins
// can), nor on themselves.
func (a *Actions) ActOnReport(ctx context.Context, by *store.User, id store.ID, action string) error {
	if !CanModerate(by) {
		return ErrForbidden
	}
	if !slices.Contains([]string{ReportActionWarn, ReportActionLimit, ReportActionSuspend, ReportActionNone}, action) {
		return invalid("action", "must be one of warn, limit, suspend, none")
	}
	r, err := a.DB.ReportByID(ctx, id)
	if err != nil {
		return notFoundAs(err)
	}
	target, err := a.DB.Account(ctx, r.TargetAccountID)
	if err != nil {
		return err
	}
	if target.Local() && action != ReportActionNone {
		if _, err := a.moderatedUser(ctx, by, target.Username); err != nil {
			return err
		}
	}
	if action == ReportActionSuspend && target.Local() {
		if err := a.SetSuspended(ctx, target.Username, true); err != nil {
			return err
		}
	}
	now := time.Now()
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		switch {
		case action == ReportActionWarn && target.Local():
			err = tx.InsertNotification(&store.Notification{ID: a.DB.NewID(), AccountID: target.ID,
				FromAccountID: by.AccountID, Type: notifyModerationWarning, CreatedAt: now})
		case action == ReportActionLimit:
			err = tx.SetAccountSilenced(target.ID, &now)
		case action == ReportActionSuspend && !target.Local():
			err = tx.SetAccountSuspended(target.ID, &now)
		}
		if err != nil {
			return err
		}
		return tx.ResolveReport(id, &now)
	})
}
