package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

type exportPage struct {
	Kinds []string
}

// ExportPage lists the CSV exports the user can download.
func (h *Handlers) ExportPage(c echo.Context) error {
	return h.render(c, http.StatusOK, "settings_export", exportPage{Kinds: actions.ExportKinds})
}

// ExportCSV downloads one CSV export: /settings/export/KIND.csv.
func (h *Handlers) ExportCSV(c echo.Context) error {
	kind := strings.TrimSuffix(c.Param("file"), ".csv")
	name, data, err := h.Actions.ExportCSV(c.Request().Context(), sessionOf(c).Account, kind)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", data)
}

// ExportArchive downloads the user's posts archive, streamed as it is
// built; POST, since building one is costly and rate limited.
func (h *Handlers) ExportArchive(c echo.Context) error {
	ctx := c.Request().Context()
	archive, err := h.Actions.ArchivePosts(ctx, sessionOf(c).Account)
	if err != nil {
		return err
	}
	res := c.Response()
	res.Header().Set("Content-Type", "application/zip")
	res.Header().Set("Content-Disposition", `attachment; filename="`+archive.FileName()+`"`)
	res.Header().Set("Cache-Control", "no-store")
	res.WriteHeader(http.StatusOK)
	// Once the first bytes are out an error cannot become a page: the
	// zip simply ends unfinished, which any unzip tool reports.
	return archive.Write(ctx, res)
}
