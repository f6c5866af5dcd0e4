package actions

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"roost/store"
	"roost/store/storetest"
)

func newTestActions(t *testing.T) (*Actions, *store.App, *store.User) {
	t.Helper()
	a := New(storetest.Open(t), Config{Host: "roost.example", Protocol: "https", Registrations: RegistrationsOpen, BcryptCost: 4}, slog.Default())
	ctx := context.Background()
	_, user, err := a.CreateAccount(ctx, CreateAccountArgs{Username: "alice", Email: "alice@example.com", Password: "correct horse battery", Approved: true})
	if err != nil {
		t.Fatal(err)
	}
	app, err := a.CreateApp(ctx, CreateAppArgs{Name: "App", RedirectURIs: []string{OutOfBand}, Scopes: []string{"read"}})
	if err != nil {
		t.Fatal(err)
	}
	return a, app, user
}

func TestExpiredCodeIsRefused(t *testing.T) {
	a, app, user := newTestActions(t)
	ctx := context.Background()
	past := time.Now().Add(-11 * time.Minute)
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		return tx.InsertAuthCode(&store.AuthCode{AppID: app.ID, UserID: user.ID, RedirectURI: OutOfBand, Scopes: []string{"read"},
			CreatedAt: past, ExpiresAt: past.Add(codeLifetime)}, "old-code")
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.IssueToken(ctx, TokenArgs{GrantType: "authorization_code", ClientID: app.ClientID, ClientSecret: app.ClientSecret,
		Code: "old-code", RedirectURI: OutOfBand})
	var oe *ErrOAuth
	if !errors.As(err, &oe) || oe.Code != "invalid_grant" || !strings.Contains(oe.Description, "expired") {
		t.Fatalf("expired code: %v", err)
	}
}

// TestSecretsAreStoredHashed: a copy of the database must not hold a
// working code or token.
func TestSecretsAreStoredHashed(t *testing.T) {
	a, app, _ := newTestActions(t)
	ctx := context.Background()
	_, code, err := a.Authorize(ctx, AuthorizeArgs{ResponseType: "code", ClientID: app.ClientID, RedirectURI: OutOfBand,
		Login: "alice", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	a.DB.R().QueryRowContext(ctx, "SELECT COUNT(*) FROM oauth_codes WHERE code_hash = ? OR code_hash = ?", code, store.HashSecret(code)).Scan(&n)
	if n != 1 {
		t.Fatalf("code rows matching the hash: %d", n)
	}
	a.DB.R().QueryRowContext(ctx, "SELECT COUNT(*) FROM oauth_codes WHERE code_hash = ?", code).Scan(&n)
	if n != 0 {
		t.Fatal("the plain code is stored")
	}
	tok, err := a.IssueToken(ctx, TokenArgs{GrantType: "authorization_code", ClientID: app.ClientID, ClientSecret: app.ClientSecret,
		Code: code, RedirectURI: OutOfBand})
	if err != nil {
		t.Fatal(err)
	}
	a.DB.R().QueryRowContext(ctx, "SELECT COUNT(*) FROM oauth_tokens WHERE token_hash = ?", tok.Secret).Scan(&n)
	if n != 0 {
		t.Fatal("the plain token is stored")
	}
	if got, err := a.DB.TokenBySecret(ctx, tok.Secret); err != nil || got.ID != tok.Token.ID {
		t.Fatalf("token lookup by secret: %v", err)
	}
}

func TestValidRedirectURI(t *testing.T) {
	for uri, want := range map[string]bool{
		"https://app.example/cb": true, "tusky://oauth": true, OutOfBand: true, "http://127.0.0.1:9/cb": true,
		"/relative": false, "https://app.example/cb#frag": false, "javascript:alert(1)": false,
		"data:text/html,x": false, "javascript://x%0aalert(1)": false, "JavaScript:alert(1)": false, "": false, "https://a.example/x y": false,
	} {
		if got := validRedirectURI(uri); got != want {
			t.Errorf("validRedirectURI(%q) = %v, want %v", uri, got, want)
		}
	}
}
