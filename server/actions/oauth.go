package actions

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"roost/store"
)

// OutOfBand is the redirect URI of apps that cannot receive a redirect: the
// code is shown on a page for the user to paste into the app.
const OutOfBand = "urn:ietf:wg:oauth:2.0:oob"

// codeLifetime is how long an authorization code can be exchanged.
const codeLifetime = 10 * time.Minute

// ErrOAuth is an error in OAuth 2.0's own words (RFC 6749 section 5.2), so
// apps that follow the RFC understand it: Code is "invalid_grant",
// "invalid_client" and the like.
type ErrOAuth struct {
	Code        string
	Description string
}

func (e *ErrOAuth) Error() string { return e.Code + ": " + e.Description }

func oauthError(code, description string) error {
	return &ErrOAuth{Code: code, Description: description}
}

// ErrRefused is a refusal with a reason the user should read (closed
// registrations, a suspended account); it is an ErrForbidden.
type ErrRefused struct{ Reason string }

func (e *ErrRefused) Error() string { return e.Reason }
func (e *ErrRefused) Unwrap() error { return ErrForbidden }

// CreateAppArgs registers a client app.
type CreateAppArgs struct {
	Name         string
	Website      string
	RedirectURIs []string
	Scopes       []string
}

// CreateApp registers an OAuth client and gives it its credentials.
func (a *Actions) CreateApp(ctx context.Context, args CreateAppArgs) (*store.App, error) {
	name := strings.TrimSpace(args.Name)
	switch {
	case name == "":
		return nil, invalid("client_name", "can't be blank")
	case len([]rune(name)) > 60:
		return nil, invalid("client_name", "is too long (maximum is 60 characters)")
	case len(args.Website) > 2000:
		return nil, invalid("website", "is too long")
	}
	if args.Website != "" && !isWebURL(args.Website) {
		return nil, invalid("website", "is not a valid URL")
	}
	if len(args.RedirectURIs) == 0 {
		return nil, invalid("redirect_uris", "can't be blank")
	}
	for _, u := range args.RedirectURIs {
		if !validRedirectURI(u) {
			return nil, invalid("redirect_uris", "must be absolute URIs without a fragment")
		}
	}
	scopes := args.Scopes
	if len(scopes) == 0 {
		scopes = []string{"read"}
	}
	if err := checkScopes(scopes); err != nil {
		return nil, err
	}
	app := &store.App{ID: a.DB.NewID(), Name: name, Website: args.Website, RedirectURIs: args.RedirectURIs,
		Scopes: scopes, ClientID: randomToken(), ClientSecret: randomToken()}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertApp(app) }); err != nil {
		return nil, err
	}
	return app, nil
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// validRedirectURI accepts any absolute URI, since mobile apps register
// their own schemes (e.g. "tusky://oauth"), but no fragment (RFC 6749 3.1.2)
// and nothing with spaces, which could not be stored in the list.
func validRedirectURI(s string) bool {
	if s == OutOfBand {
		return true
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Fragment != "" || strings.ContainsAny(s, " \t\r\n") || len(s) > 2000 {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "javascript", "data", "vbscript", "file", "blob":
		return false
	}
	return true
}

func checkScopes(scopes []string) error {
	for _, s := range scopes {
		if !ValidScope(s) {
			return invalid("scopes", "must be valid ("+s+" is not a scope)")
		}
	}
	return nil
}

// AppByClientID returns a registered app; ErrNotFound when there is none.
func (a *Actions) AppByClientID(ctx context.Context, clientID string) (*store.App, error) {
	app, err := a.DB.AppByClientID(ctx, clientID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	return app, err
}

// App returns the app a token was issued to.
func (a *Actions) App(ctx context.Context, id store.ID) (*store.App, error) {
	app, err := a.DB.App(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	return app, err
}

// authenticateClient checks an app's credentials in constant time.
func (a *Actions) authenticateClient(ctx context.Context, clientID, secret string) (*store.App, error) {
	bad := oauthError("invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.")
	if clientID == "" || secret == "" {
		return nil, bad
	}
	app, err := a.DB.AppByClientID(ctx, clientID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, bad
	}
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(app.ClientSecret), []byte(secret)) != 1 {
		return nil, bad
	}
	return app, nil
}

// AuthorizeArgs is an authorization request as an app sends it to
// /oauth/authorize, plus, on submission, who is signing in.
type AuthorizeArgs struct {
	ResponseType        string
	ClientID            string
	RedirectURI         string
	Scopes              []string
	CodeChallenge       string
	CodeChallengeMethod string

	Login    string
	Password string
	IP       string
	// Challenge and Code are the second step of a sign-in with two-factor
	// authentication, after Authorize returned ErrSecondFactor.
	Challenge string
	Code      string
	// SessionUser is the user of a web session that already signed in;
	// when set, Login and Password are not needed.
	SessionUser *store.User
}

// AuthorizeRequest is a checked authorization request, ready to show.
type AuthorizeRequest struct {
	App         *store.App
	RedirectURI string
	Scopes      []string
}

// CheckAuthorization validates an authorization request before the user
// is asked: the app exists, the redirect URI is one it registered, and it
// asks only for scopes it registered. An error here is shown to the user,
// never sent to the redirect URI, which is not trusted yet.
func (a *Actions) CheckAuthorization(ctx context.Context, args AuthorizeArgs) (*AuthorizeRequest, error) {
	app, err := a.DB.AppByClientID(ctx, args.ClientID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, oauthError("invalid_client", "The client_id is not a registered application.")
	}
	if err != nil {
		return nil, err
	}
	redirect := args.RedirectURI
	if redirect == "" && len(app.RedirectURIs) == 1 {
		redirect = app.RedirectURIs[0]
	}
	if !slices.Contains(app.RedirectURIs, redirect) {
		return nil, oauthError("invalid_redirect_uri", "The redirect_uri is not one this application registered.")
	}
	if args.ResponseType != "code" {
		return nil, oauthError("unsupported_response_type", "Only response_type=code is supported.")
	}
	scopes := args.Scopes
	if len(scopes) == 0 {
		scopes = []string{"read"}
	}
	if err := a.grantableScopes(app, scopes); err != nil {
		return nil, err
	}
	if args.CodeChallenge != "" || args.CodeChallengeMethod != "" {
		if args.CodeChallengeMethod != "S256" {
			return nil, oauthError("invalid_request", "code_challenge_method must be S256.")
		}
		if len(args.CodeChallenge) < 43 || len(args.CodeChallenge) > 128 {
			return nil, oauthError("invalid_request", "code_challenge must be a base64url SHA-256 digest.")
		}
	}
	return &AuthorizeRequest{App: app, RedirectURI: redirect, Scopes: scopes}, nil
}

func (a *Actions) grantableScopes(app *store.App, scopes []string) error {
	for _, s := range scopes {
		if !ValidScope(s) {
			return oauthError("invalid_scope", "The scope "+s+" is not known.")
		}
		if !ScopeAllows(app.Scopes, s) {
			return oauthError("invalid_scope", "The scope "+s+" was not registered by this application.")
		}
	}
	return nil
}

// Authorize signs the user in (or takes the web session's user), and issues
// a single-use code for the app. The returned request says where to send it.
func (a *Actions) Authorize(ctx context.Context, args AuthorizeArgs) (*AuthorizeRequest, string, error) {
	req, err := a.CheckAuthorization(ctx, args)
	if err != nil {
		return nil, "", err
	}
	user := args.SessionUser
	switch {
	case user != nil:
	case args.Challenge != "":
		user, err = a.passChallenge(ctx, args.Challenge, args.Code)
	default:
		user, err = a.passwordThenCode(ctx, args.Login, args.Password, args.IP)
	}
	if err != nil {
		return req, "", err
	}
	code := randomToken()
	now := time.Now()
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		return tx.InsertAuthCode(&store.AuthCode{AppID: req.App.ID, UserID: user.ID, RedirectURI: req.RedirectURI,
			Scopes: req.Scopes, CodeChallenge: args.CodeChallenge, CodeChallengeMethod: args.CodeChallengeMethod,
			CreatedAt: now, ExpiresAt: now.Add(codeLifetime)}, code)
	})
	if err != nil {
		return req, "", err
	}
	return req, code, nil
}

// TokenArgs is a request to /oauth/token.
type TokenArgs struct {
	GrantType    string
	ClientID     string
	ClientSecret string
	Code         string
	RedirectURI  string
	CodeVerifier string
	Scopes       []string
	UserAgent    string
	IP           string
}

// IssuedToken is a new access token; Secret is shown to the app once and
// never stored.
type IssuedToken struct {
	Secret string
	Token  *store.Token
}

// IssueToken serves the token endpoint's grants: authorization_code (with
// PKCE when the authorization asked for it) and client_credentials.
func (a *Actions) IssueToken(ctx context.Context, args TokenArgs) (*IssuedToken, error) {
	switch args.GrantType {
	case "authorization_code", "client_credentials":
	case "":
		return nil, oauthError("invalid_request", "The grant_type parameter is missing.")
	default:
		return nil, oauthError("unsupported_grant_type", "The authorization grant type is not supported by the authorization server.")
	}
	app, err := a.authenticateClient(ctx, args.ClientID, args.ClientSecret)
	if err != nil {
		return nil, err
	}
	issued := &IssuedToken{Secret: randomToken(), Token: &store.Token{ID: a.DB.NewID(), AppID: &app.ID,
		UserAgent: truncate(args.UserAgent, 300), IP: args.IP, CreatedAt: time.Now()}}
	if args.GrantType == "client_credentials" {
		scopes := args.Scopes
		if len(scopes) == 0 {
			scopes = []string{"read"}
		}
		if err := a.grantableScopes(app, scopes); err != nil {
			return nil, err
		}
		issued.Token.Scopes = scopes
		err = a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertToken(issued.Token, issued.Secret) })
		return issued, err
	}
	var refused error
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		code, err := tx.TakeAuthCode(args.Code)
		if errors.Is(err, store.ErrNotFound) {
			refused = oauthError("invalid_grant", "The authorization code is invalid, expired or already used.")
			return nil
		}
		if err != nil {
			return err
		}
		// A failed check still commits the code's deletion: a code someone
		// is guessing a verifier or redirect for must not survive.
		if refused = checkCode(code, app, args); refused != nil {
			return nil
		}
		issued.Token.UserID, issued.Token.Scopes = &code.UserID, code.Scopes
		return tx.InsertToken(issued.Token, issued.Secret)
	})
	if err == nil {
		err = refused
	}
	if err != nil {
		return nil, err
	}
	return issued, nil
}

// checkCode verifies a taken code against the exchange that presents it.
func checkCode(code *store.AuthCode, app *store.App, args TokenArgs) error {
	switch {
	case time.Now().After(code.ExpiresAt):
		return oauthError("invalid_grant", "The authorization code has expired.")
	case code.AppID != app.ID:
		return oauthError("invalid_grant", "The authorization code was issued to another client.")
	case args.RedirectURI != code.RedirectURI:
		return oauthError("invalid_grant", "The redirect_uri does not match the one used to authorize.")
	case code.CodeChallenge == "":
		return nil
	case args.CodeVerifier == "":
		return oauthError("invalid_grant", "The code_verifier is missing.")
	}
	sum := sha256.Sum256([]byte(args.CodeVerifier))
	want := base64.RawURLEncoding.EncodeToString(sum[:])
	if subtle.ConstantTimeCompare([]byte(want), []byte(code.CodeChallenge)) != 1 {
		return oauthError("invalid_grant", "The code_verifier does not match the code_challenge.")
	}
	return nil
}

// RevokeToken revokes one of the app's tokens (RFC 7009). An unknown token,
// or one belonging to another app, is not an error, so that the answer
// reveals nothing about tokens the caller does not hold.
func (a *Actions) RevokeToken(ctx context.Context, clientID, clientSecret, secret string) error {
	app, err := a.authenticateClient(ctx, clientID, clientSecret)
	if err != nil {
		return err
	}
	tok, err := a.DB.TokenBySecret(ctx, secret)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if tok.AppID == nil || *tok.AppID != app.ID {
		return nil
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.RevokeToken(tok.ID) })
}

// randomToken is 256 random bits, URL-safe: client ids, secrets, codes, tokens.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
