package mastoapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/store"
)

// AdminDomainAllow is Mastodon's Admin::DomainAllow entity.
type AdminDomainAllow struct {
	ID        string `json:"id"`
	Domain    string `json:"domain"`
	CreatedAt string `json:"created_at"`
}

func adminDomainAllow(d *store.InstanceDomainAllow) AdminDomainAllow {
	return AdminDomainAllow{ID: store.FormatID(d.ID), Domain: d.Domain, CreatedAt: timestamp(d.CreatedAt)}
}

// AdminDomainAllows serves GET /api/v1/admin/domain_allows.
func (api *API) AdminDomainAllows(c echo.Context) error {
	list, err := api.Actions.InstanceDomainAllows(c.Request().Context(), viewerUser(c))
	if err != nil {
		return err
	}
	out := make([]AdminDomainAllow, 0, len(list))
	for _, d := range list {
		out = append(out, adminDomainAllow(d))
	}
	return c.JSON(http.StatusOK, out)
}

// AdminDomainAllow serves GET /api/v1/admin/domain_allows/:id.
func (api *API) AdminDomainAllow(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	d, err := api.Actions.InstanceDomainAllow(c.Request().Context(), viewerUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, adminDomainAllow(d))
}

// CreateAdminDomainAllow serves POST /api/v1/admin/domain_allows.
func (api *API) CreateAdminDomainAllow(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	d, err := api.Actions.AllowInstanceDomain(c.Request().Context(), viewerUser(c), p.String("domain"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, adminDomainAllow(d))
}

// DeleteAdminDomainAllow serves DELETE /api/v1/admin/domain_allows/:id.
func (api *API) DeleteAdminDomainAllow(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := api.Actions.DisallowInstanceDomain(c.Request().Context(), viewerUser(c), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}
