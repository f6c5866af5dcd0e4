package apub

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
)

// jrd is a WebFinger JSON Resource Descriptor (RFC 7033).
type jrd struct {
	Subject string    `json:"subject"`
	Aliases []string  `json:"aliases"`
	Links   []jrdLink `json:"links"`
}

type jrdLink struct {
	Rel      string `json:"rel"`
	Type     string `json:"type,omitempty"`
	Href     string `json:"href,omitempty"`
	Template string `json:"template,omitempty"`
}

// WebFinger answers /.well-known/webfinger for acct: and profile-URL
// resources naming a local account or the instance actor.
func (h *Handlers) WebFinger(c echo.Context) error {
	resource := c.QueryParam("resource")
	if resource == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "resource parameter is required")
	}
	acct, err := h.Actions.WebFinger(c.Request().Context(), resource)
	if err != nil {
		return err
	}
	paths, host := h.Actions.Paths, h.Actions.Config.Host
	doc := jrd{Subject: "acct:" + acct.Username + "@" + host, Aliases: []string{acct.URL, acct.URI}}
	if acct.ActorType == "Application" {
		doc.Aliases = []string{acct.URI}
	}
	doc.Links = []jrdLink{
		{Rel: "http://webfinger.net/rel/profile-page", Type: "text/html", Href: acct.URL},
		{Rel: "self", Type: "application/activity+json", Href: acct.URI},
		{Rel: "http://ostatus.org/schema/1.0/subscribe", Template: paths.Base + "/authorize_interaction?uri={uri}"},
	}
	return writeJSON(c, "application/jrd+json; charset=utf-8", doc)
}

// HostMeta answers /.well-known/host-meta, which older peers read to find
// the WebFinger endpoint.
func (h *Handlers) HostMeta(c echo.Context) error {
	body := `<?xml version="1.0" encoding="UTF-8"?>
<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
  <Link rel="lrdd" template="` + h.Actions.Paths.Base + `/.well-known/webfinger?resource={uri}"/>
</XRD>
`
	return c.Blob(http.StatusOK, "application/xrd+xml; charset=utf-8", []byte(body))
}

// NodeInfo schema namespaces.
const (
	nodeInfo20 = "http://nodeinfo.diaspora.software/ns/schema/2.0"
	nodeInfo21 = "http://nodeinfo.diaspora.software/ns/schema/2.1"
)

// NodeInfoLinks answers /.well-known/nodeinfo with both schema versions.
func (h *Handlers) NodeInfoLinks(c echo.Context) error {
	base := h.Actions.Paths.Base
	return writeJSON(c, "application/json; charset=utf-8", map[string]any{"links": []jrdLink{
		{Rel: nodeInfo20, Href: base + "/nodeinfo/2.0"},
		{Rel: nodeInfo21, Href: base + "/nodeinfo/2.1"},
	}})
}

type nodeInfo struct {
	Version           string           `json:"version"`
	Software          nodeInfoSoftware `json:"software"`
	Protocols         []string         `json:"protocols"`
	Services          nodeInfoServices `json:"services"`
	Usage             nodeInfoUsage    `json:"usage"`
	OpenRegistrations bool             `json:"openRegistrations"`
	Metadata          map[string]any   `json:"metadata"`
}

type nodeInfoSoftware struct {
	Name       string `json:"name"`
	Version    string `json:"version"`
	Repository string `json:"repository,omitempty"` // 2.1 only
	Homepage   string `json:"homepage,omitempty"`   // 2.1 only
}

type nodeInfoServices struct {
	Outbound []string `json:"outbound"`
	Inbound  []string `json:"inbound"`
}

type nodeInfoUsage struct {
	Users struct {
		Total          int `json:"total"`
		ActiveMonth    int `json:"activeMonth"`
		ActiveHalfyear int `json:"activeHalfyear"`
	} `json:"users"`
	LocalPosts int `json:"localPosts"`
}

// NodeInfo answers /nodeinfo/2.0 and /nodeinfo/2.1 with real usage counts.
func (h *Handlers) NodeInfo(c echo.Context) error {
	usage, err := h.Actions.Usage(c.Request().Context())
	if err != nil {
		return err
	}
	version := "2.0"
	if c.Path() == "/nodeinfo/2.1" {
		version = "2.1"
	}
	doc := nodeInfo{
		Version:           version,
		Software:          nodeInfoSoftware{Name: "roost", Version: actions.Version},
		Protocols:         []string{"activitypub"},
		Services:          nodeInfoServices{Outbound: []string{}, Inbound: []string{}},
		OpenRegistrations: usage.Registrations != actions.RegistrationsClosed,
		Metadata:          map[string]any{"nodeName": usage.Name, "nodeDescription": usage.Description},
	}
	doc.Usage.Users.Total = usage.UserCount
	doc.Usage.Users.ActiveMonth = usage.ActiveMonth
	doc.Usage.Users.ActiveHalfyear = usage.ActiveHalfyear
	doc.Usage.LocalPosts = usage.StatusCount
	return writeJSON(c, `application/json; profile="`+map[string]string{"2.0": nodeInfo20, "2.1": nodeInfo21}[version]+`#"`, doc)
}

func writeJSON(c echo.Context, contentType string, doc any) error {
	body, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, contentType, body)
}
