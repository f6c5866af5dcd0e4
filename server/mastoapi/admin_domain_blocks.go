package mastoapi

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/store"
)

// AdminDomainBlock is Mastodon's Admin::DomainBlock entity.
type AdminDomainBlock struct {
	ID             string `json:"id"`
	Domain         string `json:"domain"`
	Digest         string `json:"digest"`
	CreatedAt      string `json:"created_at"`
	Severity       string `json:"severity"`
	RejectMedia    bool   `json:"reject_media"`
	RejectReports  bool   `json:"reject_reports"`
	PrivateComment string `json:"private_comment"`
	PublicComment  string `json:"public_comment"`
	Obfuscate      bool   `json:"obfuscate"`
}

func adminDomainBlock(b *store.InstanceDomainBlock) AdminDomainBlock {
	return AdminDomainBlock{ID: store.FormatID(b.ID), Domain: b.Domain, Digest: domainDigest(b.Domain),
		CreatedAt: timestamp(b.CreatedAt), Severity: b.Severity, RejectMedia: b.RejectMedia,
		PrivateComment: b.PrivateComment, PublicComment: b.PublicComment}
}

func viewerUser(c echo.Context) *store.User {
	if v := ViewerOf(c); v != nil {
		return v.User
	}
	return nil
}

// AdminDomainBlocks serves GET /api/v1/admin/domain_blocks.
func (api *API) AdminDomainBlocks(c echo.Context) error {
	list, err := api.Actions.InstanceDomainBlocks(c.Request().Context(), viewerUser(c))
	if err != nil {
		return err
	}
	out := make([]AdminDomainBlock, 0, len(list))
	for _, b := range list {
		out = append(out, adminDomainBlock(b))
	}
	return c.JSON(http.StatusOK, out)
}

// AdminDomainBlock serves GET /api/v1/admin/domain_blocks/:id.
func (api *API) AdminDomainBlock(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	b, err := api.Actions.InstanceDomainBlock(c.Request().Context(), viewerUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, adminDomainBlock(b))
}

func domainBlockArgs(p *params) actions.InstanceDomainBlockArgs {
	return actions.InstanceDomainBlockArgs{Domain: p.String("domain"), Severity: p.String("severity"),
		RejectMedia: p.BoolOr("reject_media", false), PublicComment: p.String("public_comment"),
		PrivateComment: p.String("private_comment")}
}

// CreateAdminDomainBlock serves POST /api/v1/admin/domain_blocks.
func (api *API) CreateAdminDomainBlock(c echo.Context) error {
	p, err := readParams(c)
	if err != nil {
		return err
	}
	b, err := api.Actions.BlockInstanceDomain(c.Request().Context(), viewerUser(c), domainBlockArgs(p))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, adminDomainBlock(b))
}

// UpdateAdminDomainBlock serves PUT /api/v1/admin/domain_blocks/:id.
func (api *API) UpdateAdminDomainBlock(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	p, err := readParams(c)
	if err != nil {
		return err
	}
	b, err := api.Actions.UpdateInstanceDomainBlock(c.Request().Context(), viewerUser(c), id, domainBlockArgs(p))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, adminDomainBlock(b))
}

// DeleteAdminDomainBlock serves DELETE /api/v1/admin/domain_blocks/:id.
func (api *API) DeleteAdminDomainBlock(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := api.Actions.UnblockInstanceDomain(c.Request().Context(), viewerUser(c), id); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// domainDigest is the SHA-256 of a domain, which Mastodon shows next to it
// so that an obfuscated domain can still be checked.
func domainDigest(domain string) string {
	sum := sha256.Sum256([]byte(domain))
	return hex.EncodeToString(sum[:])
}

// DomainBlock is Mastodon's public DomainBlock entity.
type DomainBlock struct {
	Domain   string `json:"domain"`
	Digest   string `json:"digest"`
	Severity string `json:"severity"`
	Comment  string `json:"comment,omitempty"`
}

// InstanceDomainBlocks serves GET /api/v1/instance/domain_blocks: 404
// unless the admins chose to show the list.
func (api *API) InstanceDomainBlocks(c echo.Context) error {
	list, err := api.Actions.PublicDomainBlocks(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]DomainBlock, 0, len(list))
	for _, b := range list {
		out = append(out, DomainBlock{Domain: b.Domain, Digest: domainDigest(b.Domain), Severity: b.Severity, Comment: b.PublicComment})
	}
	return c.JSON(http.StatusOK, out)
}
