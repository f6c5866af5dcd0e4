package actions

import (
	"context"
	"errors"
	"time"

	"roost/store"
)

// EnsureInstanceActor returns the instance's own Application actor, which
// signs fetches made on behalf of the server, creating it with a keypair on
// the first start.
func (a *Actions) EnsureInstanceActor(ctx context.Context) (*store.Account, error) {
	uri := a.Paths.InstanceActor()
	acct, err := a.DB.AccountByURI(ctx, uri)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return acct, err
	}
	keyPEM, pubPEM, err := newKeyPair()
	if err != nil {
		return nil, err
	}
	acct = &store.Account{
		ID: a.DB.NewID(), Username: a.Config.Host, ActorType: "Application", URI: uri,
		URL: a.Paths.Base + "/about", InboxURL: uri + "/inbox", SharedInboxURL: a.Paths.SharedInbox(),
		OutboxURL: uri + "/outbox", PublicKeyID: uri + "#main-key", PublicKeyPEM: pubPEM, PrivateKeyPEM: keyPEM,
		Locked: true, Discoverable: false, CreatedAt: time.Now(),
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertAccount(acct) })
	return acct, err
}

// InstanceInfo is what the landing page, the instance API and NodeInfo show.
type InstanceInfo struct {
	Name          string
	Description   string
	ContactEmail  string
	Registrations string
	UserCount     int
	StatusCount   int
	DomainCount   int
	Rules         []Rule
	// DomainBlocks are the blocked domains when the admins show them
	// publicly (private comments cleared), else nil.
	DomainBlocks []*store.InstanceDomainBlock
}

// InstanceInfo gathers the instance's description and usage counts.
func (a *Actions) InstanceInfo(ctx context.Context) (*InstanceInfo, error) {
	settings, err := a.InstanceSettings(ctx)
	if err != nil {
		return nil, err
	}
	info := &InstanceInfo{Name: settings.Name, Description: settings.Description,
		ContactEmail: a.Config.ContactEmail, Registrations: settings.Registrations}
	if info.UserCount, err = a.DB.LocalAccountCount(ctx); err != nil {
		return nil, err
	}
	if info.StatusCount, err = a.DB.LocalStatusCount(ctx); err != nil {
		return nil, err
	}
	if info.DomainCount, err = a.DB.KnownDomainCount(ctx); err != nil {
		return nil, err
	}
	if info.Rules, err = a.InstanceRules(ctx); err != nil {
		return nil, err
	}
	if settings.ShowDomainBlocks {
		if info.DomainBlocks, err = a.PublicDomainBlocks(ctx); err != nil {
			return nil, err
		}
	}
	return info, nil
}
