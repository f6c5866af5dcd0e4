package actions

import (
	"context"
	"slices"
	"strings"
	"time"

	"roost/federation/ap"
	"roost/store"
)

// reportCategories are the categories Mastodon accepts for a report.
var reportCategories = []string{"spam", "legal", "violation", "other"}

// maxReportComment is Mastodon's limit on a report's comment.
const maxReportComment = 1000

// ReportArgs is what a user reports: an account, some of its statuses, why.
type ReportArgs struct {
	AccountID store.ID
	StatusIDs []store.ID
	Comment   string
	Category  string
	// RuleIDs are the instance rules broken; giving any makes the category
	// "violation", as in Mastodon, and "violation" needs at least one.
	RuleIDs []store.ID
	// Forward asks that a remote account's server get a copy (a Flag sent
	// by the instance actor, so that the reporter stays anonymous).
	Forward bool
}

// FileReport stores a user's report about an account and, when asked and
// the account is remote, forwards it to the account's server.
func (a *Actions) FileReport(ctx context.Context, viewer *store.Account, args ReportArgs) (*store.Report, error) {
	args.Category = strings.TrimSpace(args.Category)
	if args.Category == "" {
		args.Category = "other"
	}
	if !slices.Contains(reportCategories, args.Category) {
		return nil, invalid("category", "must be one of spam, legal, violation, other")
	}
	ruleIDs, err := a.brokenRules(ctx, args.RuleIDs)
	if err != nil {
		return nil, err
	}
	if len(ruleIDs) > 0 {
		args.Category = "violation"
	} else if args.Category == "violation" {
		return nil, invalid("rule_ids", "must name the rules broken")
	}
	if len([]rune(args.Comment)) > maxReportComment {
		return nil, invalid("comment", "is too long (maximum is 1000 characters)")
	}
	target, err := a.Account(ctx, args.AccountID)
	if err != nil {
		return nil, err
	}
	if target.ID == viewer.ID {
		return nil, invalid("account_id", "cannot be yourself")
	}
	var statuses []*store.Status
	for _, id := range slices.Compact(slices.Sorted(slices.Values(args.StatusIDs))) {
		s, err := a.DB.Status(ctx, id)
		if err != nil || s.AccountID != target.ID {
			return nil, invalid("status_ids", "must be statuses of the reported account")
		}
		statuses = append(statuses, s)
	}
	r := &store.Report{ID: a.DB.NewID(), AccountID: viewer.ID, TargetAccountID: target.ID, Comment: args.Comment,
		Category: args.Category, RuleIDs: ruleIDs, CreatedAt: time.Now()}
	for _, s := range statuses {
		r.StatusIDs = append(r.StatusIDs, s.ID)
	}
	forward := args.Forward && !target.Local()
	var instance *store.Account
	if forward {
		if instance, err = a.EnsureInstanceActor(ctx); err != nil {
			return nil, err
		}
		r.Forwarded = true
		r.URI = a.Paths.InstanceActor() + "#reports/" + store.FormatID(r.ID)
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertReport(r); err != nil {
			return err
		}
		if !forward {
			return nil
		}
		return a.forwardReport(tx, instance, target, r, statuses)
	})
	return r, err
}

// brokenRules checks that every id names an instance rule and returns
// them once each, in the rules' order.
func (a *Actions) brokenRules(ctx context.Context, ids []store.ID) ([]store.ID, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rules, err := a.InstanceRules(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.ID
	for _, r := range rules {
		if slices.Contains(ids, r.ID) {
			out = append(out, r.ID)
		}
	}
	if len(out) != len(slices.Compact(slices.Sorted(slices.Values(ids)))) {
		return nil, invalid("rule_ids", "must be rules of this server")
	}
	return out, nil
}

// ReportForm is what the web UI's report form offers: the account, the
// instance rules, and the account's newest statuses the reporter may see.
type ReportForm struct {
	Target   *store.Account
	Rules    []Rule
	Statuses *Statuses
}

// ReportFormFor gathers the report form about the account id for viewer.
func (a *Actions) ReportFormFor(ctx context.Context, viewer *store.Account, id store.ID) (*ReportForm, error) {
	target, err := a.Account(ctx, id)
	if err != nil {
		return nil, err
	}
	if target.ID == viewer.ID {
		return nil, ErrNotFound
	}
	f := &ReportForm{Target: target}
	if f.Rules, err = a.InstanceRules(ctx); err != nil {
		return nil, err
	}
	f.Statuses, err = a.AccountStatuses(ctx, viewer, id, store.AccountFilter{ExcludeReblogs: true}, "", store.Page{Limit: 20})
	return f, err
}

// forwardReport queues the Flag for the reported account's server. It goes
// through the outbox like every other activity, but is sent by the instance
// actor to the reported account alone, so it skips federate's audience rules.
func (a *Actions) forwardReport(tx *store.Tx, instance, target *store.Account, r *store.Report, statuses []*store.Status) error {
	uris := make([]string, 0, len(statuses))
	for _, s := range statuses {
		uris = append(uris, s.URI)
	}
	payload, err := ap.Marshal(ap.NewEmitter(a.Paths).Flag(r.URI, target.URI, uris, r.Comment))
	if err != nil {
		return err
	}
	if err := tx.EnqueueDeliveries(instance.ID, store.DeliveryInboxes([]*store.Account{target}), payload); err != nil {
		return err
	}
	if a.Wake != nil {
		tx.AfterCommit(a.Wake)
	}
	return nil
}
