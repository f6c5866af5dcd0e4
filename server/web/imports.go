package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

type importPage struct {
	Kinds     []string
	Kind      string // the form's choice, kept after an error
	Overwrite bool
	Imports   []actions.ImportView
	Running   bool // an import is not finished: script polls the page
	Errors    formErrors
}

// renderImports shows the import form and the user's imports' progress.
func (h *Handlers) renderImports(c echo.Context, code int, page importPage) error {
	list, err := h.Actions.Imports(c.Request().Context(), sessionOf(c).Account)
	if err != nil {
		return err
	}
	page.Kinds, page.Imports = actions.ImportKinds, list
	for _, im := range list {
		page.Running = page.Running || im.FinishedAt == nil
	}
	return h.render(c, code, "settings_import", page)
}

// ImportPage shows the CSV import form and the progress of past imports.
func (h *Handlers) ImportPage(c echo.Context) error {
	return h.renderImports(c, http.StatusOK, importPage{Kind: c.QueryParam("type")})
}

// CreateImport queues an uploaded CSV file in one of Mastodon's formats.
func (h *Handlers) CreateImport(c echo.Context) error {
	page := importPage{Kind: c.FormValue("type"), Overwrite: c.FormValue("mode") == "overwrite"}
	args := actions.ImportArgs{Kind: page.Kind, Overwrite: page.Overwrite}
	fh, err := c.FormFile("data")
	if err == nil && fh.Size == 0 && fh.Filename == "" {
		err = http.ErrMissingFile
	}
	if err == nil {
		args.FileName = fh.Filename
		var f io.ReadCloser
		if f, err = fh.Open(); err == nil {
			args.Data, err = io.ReadAll(io.LimitReader(f, actions.ImportMaxBytes+1))
			f.Close()
		}
	}
	switch {
	case errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart):
		page.Errors = formErrors{"data": "import_no_file"}
		return h.renderImports(c, http.StatusUnprocessableEntity, page)
	case err != nil:
		return err
	}
	if _, err := h.Actions.CreateImport(c.Request().Context(), sessionOf(c).Account, args); err != nil {
		if page.Errors, err = formError(err, "data", "type"); err != nil {
			return err
		}
		code := http.StatusUnprocessableEntity
		if page.Errors["data"] == "import_too_big" {
			code = http.StatusRequestEntityTooLarge
		}
		return h.renderImports(c, code, page)
	}
	return c.Redirect(http.StatusSeeOther, "/settings/import?notice=import_queued")
}

// LimitBody refuses a request body over limit before anything reads it:
// at once with a 413 when its length is declared, otherwise by cutting it
// off. The page says tooBig, a catalogue id.
func (h *Handlers) LimitBody(limit int64, tooBig string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.ContentLength > limit {
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge, tooBig)
			}
			req.Body = http.MaxBytesReader(c.Response(), req.Body, limit)
			return next(c)
		}
	}
}
