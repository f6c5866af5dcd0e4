package oauth

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/server/web"
	"roost/store"
)

// Handlers serves the OAuth endpoints.
type Handlers struct {
	Actions *actions.Actions
	// Pages renders the sign-in, consent and code pages in the web UI's layout.
	Pages *web.Handlers
	// SessionUser returns the user signed in to the web UI, or nil when
	// there is none. It is the seam through which a web session lets the
	// authorization page skip the password form; nil means no sessions.
	SessionUser func(c echo.Context) (*store.User, error)
}

// NewHandlers returns the OAuth handlers over the operations and pages.
func NewHandlers(acts *actions.Actions, pages *web.Handlers) *Handlers {
	return &Handlers{Actions: acts, Pages: pages}
}

// Token is Mastodon's Token entity, the token endpoint's answer.
type Token struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	Scope       string `json:"scope"`
	CreatedAt   int64  `json:"created_at"`
}

// NewToken renders an issued token; the secret appears here and nowhere else.
func NewToken(t *actions.IssuedToken) Token {
	return Token{AccessToken: t.Secret, TokenType: "Bearer", Scope: strings.Join(t.Token.Scopes, " "),
		CreatedAt: t.Token.CreatedAt.Unix()}
}

// clientCredentials takes the client's id and secret from HTTP Basic
// authentication (RFC 6749 2.3.1) or, failing that, from the parameters.
func clientCredentials(r *http.Request, p map[string][]string) (id, secret string) {
	if id, secret, ok := r.BasicAuth(); ok {
		return id, secret
	}
	return first(p, "client_id"), first(p, "client_secret")
}

func first(p map[string][]string, key string) string {
	if vs := p[key]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// CreateToken serves POST /oauth/token.
func (h *Handlers) CreateToken(c echo.Context) error {
	p, err := Params(c.Request())
	if err != nil {
		return err
	}
	id, secret := clientCredentials(c.Request(), p)
	scope := p.Get("scope")
	if scope == "" {
		scope = p.Get("scopes")
	}
	issued, err := h.Actions.IssueToken(c.Request().Context(), actions.TokenArgs{
		GrantType: p.Get("grant_type"), ClientID: id, ClientSecret: secret, Code: p.Get("code"),
		RedirectURI: p.Get("redirect_uri"), CodeVerifier: p.Get("code_verifier"), Scopes: SplitScopes(scope),
		UserAgent: c.Request().UserAgent(), IP: c.RealIP(),
	})
	if err != nil {
		return err
	}
	noStore(c)
	return c.JSON(http.StatusOK, NewToken(issued))
}

// RevokeToken serves POST /oauth/revoke.
func (h *Handlers) RevokeToken(c echo.Context) error {
	p, err := Params(c.Request())
	if err != nil {
		return err
	}
	id, secret := clientCredentials(c.Request(), p)
	if err := h.Actions.RevokeToken(c.Request().Context(), id, secret, p.Get("token")); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// Metadata is the authorization server metadata of RFC 8414, as Mastodon
// serves it, so apps can discover the endpoints and PKCE support.
type Metadata struct {
	Issuer                            string   `json:"issuer"`
	ServiceDocumentation              string   `json:"service_documentation"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	RevocationEndpoint                string   `json:"revocation_endpoint"`
	AppRegistrationEndpoint           string   `json:"app_registration_endpoint"`
	ScopesSupported                   []string `json:"scopes_supported"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ResponseModesSupported            []string `json:"response_modes_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
}

// ServerMetadata serves GET /.well-known/oauth-authorization-server.
func (h *Handlers) ServerMetadata(c echo.Context) error {
	base := h.Actions.Paths.Base
	return c.JSON(http.StatusOK, Metadata{
		Issuer:                            base + "/",
		ServiceDocumentation:              "https://docs.joinmastodon.org/",
		AuthorizationEndpoint:             base + "/oauth/authorize",
		TokenEndpoint:                     base + "/oauth/token",
		RevocationEndpoint:                base + "/oauth/revoke",
		AppRegistrationEndpoint:           base + "/api/v1/apps",
		ScopesSupported:                   actions.SupportedScopes(),
		ResponseTypesSupported:            []string{"code"},
		ResponseModesSupported:            []string{"query"},
		GrantTypesSupported:               []string{"authorization_code", "client_credentials"},
		CodeChallengeMethodsSupported:     []string{"S256"},
		TokenEndpointAuthMethodsSupported: []string{"client_secret_basic", "client_secret_post"},
	})
}

// noStore keeps secrets (tokens, codes) out of every cache (RFC 6749 5.1).
func noStore(c echo.Context) {
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set("Pragma", "no-cache")
}
