package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// Report is Mastodon's Report entity, as its author sees it.
type Report struct {
	ID            string   `json:"id"`
	ActionTaken   bool     `json:"action_taken"`
	ActionTakenAt *string  `json:"action_taken_at"`
	Category      string   `json:"category"`
	Comment       string   `json:"comment"`
	Forwarded     bool     `json:"forwarded"`
	CreatedAt     string   `json:"created_at"`
	StatusIDs     []string `json:"status_ids"`
	RuleIDs       []string `json:"rule_ids"`
	TargetAccount *Account `json:"target_account"`
}

// FileReport serves POST /api/v1/reports.
func (api *API) FileReport(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	accountID, ok := store.ParseID(p.String("account_id"))
	if !ok {
		return &actions.ErrInvalid{Field: "account_id", Reason: "is missing or not an id"}
	}
	statusIDs, err := p.IDs("status_ids")
	if err != nil {
		return err
	}
	ruleIDs, err := p.IDs("rule_ids")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := api.Actions.FileReport(ctx, viewerAccount(c), actions.ReportArgs{AccountID: accountID, StatusIDs: statusIDs,
		Comment: p.String("comment"), Category: p.String("category"), RuleIDs: ruleIDs, Forward: p.BoolOr("forward", false)})
	if err != nil {
		return err
	}
	target, err := api.Actions.Account(ctx, r.TargetAccountID)
	if err != nil {
		return err
	}
	out := Report{ID: store.FormatID(r.ID), Category: r.Category, Comment: r.Comment, Forwarded: r.Forwarded,
		CreatedAt: timestamp(r.CreatedAt), StatusIDs: []string{}, RuleIDs: []string{}, TargetAccount: api.account(target)}
	for _, id := range r.StatusIDs {
		out.StatusIDs = append(out.StatusIDs, store.FormatID(id))
	}
	for _, id := range r.RuleIDs {
		out.RuleIDs = append(out.RuleIDs, store.FormatID(id))
	}
	return c.JSON(http.StatusOK, out)
}
