package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

type adminReportsPage struct {
	Reports  []*actions.ReportView
	Resolved bool
	Actions  []string
	Me       store.ID
}

// AdminReports lists the open (or, with ?resolved=1, the resolved) reports.
func (h *Handlers) AdminReports(c echo.Context) error {
	resolved := c.QueryParam("resolved") == "1"
	list, err := h.Actions.Reports(c.Request().Context(), SessionUser(c), resolved)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "admin_reports", adminReportsPage{Reports: list, Resolved: resolved, Me: SessionUser(c).AccountID,
		Actions: []string{actions.ReportActionNone, actions.ReportActionWarn, actions.ReportActionLimit, actions.ReportActionSuspend}})
}

// AssignReport assigns a report to the signed-in moderator, or to nobody.
func (h *Handlers) AssignReport(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.AssignReport(c.Request().Context(), SessionUser(c), id, checked(c.FormValue("mine"))); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/reports?notice=saved")
}

// ActOnReport applies the chosen action and resolves the report.
func (h *Handlers) ActOnReport(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.ActOnReport(c.Request().Context(), SessionUser(c), id, c.FormValue("action")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/reports?notice=saved")
}
