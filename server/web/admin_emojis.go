package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// adminEmojisPage lists the instance's custom emojis under the upload form.
type adminEmojisPage struct {
	List      []adminEmoji
	Shortcode string
	Category  string
	Errors    formErrors
}

type adminEmoji struct {
	ID        string
	Shortcode string
	Category  string
	URL       string
}

// AdminEmojis shows the custom emojis and the form to add one.
func (h *Handlers) AdminEmojis(c echo.Context) error {
	return h.adminEmojis(c, http.StatusOK, adminEmojisPage{})
}

func (h *Handlers) adminEmojis(c echo.Context, code int, page adminEmojisPage) error {
	list, err := h.Actions.CustomEmojis(c.Request().Context())
	if err != nil {
		return err
	}
	for _, e := range list {
		page.List = append(page.List, adminEmoji{ID: store.FormatID(e.ID), Shortcode: e.Shortcode, Category: e.Category,
			URL: h.Actions.MediaURL(e.MediaPath)})
	}
	return h.render(c, code, "admin_emojis", page)
}

// AddEmoji uploads a custom emoji (a PNG or GIF) under a shortcode.
func (h *Handlers) AddEmoji(c echo.Context) error {
	page := adminEmojisPage{Shortcode: c.FormValue("shortcode"), Category: c.FormValue("category")}
	data, err := formPicture(c, "image")
	if err == nil && data == nil {
		err = &actions.ErrInvalid{Field: "image", Reason: "can't be blank"}
	}
	if err == nil {
		_, err = h.Actions.AddCustomEmoji(c.Request().Context(), actions.AddEmojiArgs{Shortcode: page.Shortcode,
			Category: page.Category, Data: data})
	}
	if err != nil {
		if page.Errors, err = formError(err, "shortcode", "category", "image"); err != nil {
			return err
		}
		return h.adminEmojis(c, http.StatusUnprocessableEntity, page)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/emojis?notice=saved")
}

// DeleteEmoji removes a custom emoji.
func (h *Handlers) DeleteEmoji(c echo.Context) error {
	id, ok := store.ParseID(c.Param("id"))
	if !ok {
		return actions.ErrNotFound
	}
	if err := h.Actions.DeleteCustomEmoji(c.Request().Context(), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/emojis?notice=saved")
}
