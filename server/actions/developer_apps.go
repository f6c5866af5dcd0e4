package actions

import (
	"context"
	"time"

	"roost/store"
)

// DeveloperApp is an app a user registered for their own scripts, with
// an access token for that user; the token's secret is shown once.
type DeveloperApp struct {
	App   *store.App
	Token *IssuedToken
}

// CreateDeveloperApp registers an app as POST /api/v1/apps does and grants
// its scopes to the user at once, as an approved authorization would: the
// settings' Development page, for bots and scripts without an OAuth dance.
func (a *Actions) CreateDeveloperApp(ctx context.Context, user *store.User, args CreateAppArgs) (*DeveloperApp, error) {
	if len(args.RedirectURIs) == 0 {
		args.RedirectURIs = []string{OutOfBand}
	}
	app, err := a.CreateApp(ctx, args)
	if err != nil {
		return nil, err
	}
	issued := &IssuedToken{Secret: randomToken(), Token: &store.Token{ID: a.DB.NewID(), AppID: &app.ID,
		UserID: &user.ID, Scopes: app.Scopes, CreatedAt: time.Now()}}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertToken(issued.Token, issued.Secret) }); err != nil {
		return nil, err
	}
	return &DeveloperApp{App: app, Token: issued}, nil
}
