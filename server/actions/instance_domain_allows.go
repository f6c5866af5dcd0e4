package actions

import (
	"context"
	"errors"
	"time"

	"roost/store"
)

// Allowlist federation: with federation.mode = "allowlist" (Config.AllowlistOnly)
// the instance speaks only with the domains admins allow here. Every door
// to the outside asks refuses: the inbox (before any key is fetched),
// fetches, WebFinger, and the delivery worker (which asks the store itself).

// refuses reports whether federation with a remote host is off: it is
// suspended, or the instance is in allowlist mode and the host is not allowed.
func (a *Actions) refuses(ctx context.Context, host string) (bool, error) {
	return a.DB.DomainRefused(ctx, host, a.Config.AllowlistOnly)
}

// InstanceDomainAllows lists the allowed domains for admins.
func (a *Actions) InstanceDomainAllows(ctx context.Context, by *store.User) ([]*store.InstanceDomainAllow, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	return a.DB.InstanceDomainAllows(ctx)
}

// InstanceDomainAllow returns one allowed domain for admins.
func (a *Actions) InstanceDomainAllow(ctx context.Context, by *store.User, id store.ID) (*store.InstanceDomainAllow, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	d, err := a.DB.InstanceDomainAllow(ctx, id)
	return d, notFoundAs(err)
}

// AllowInstanceDomain lets an allowlist-mode instance federate with a
// domain and its subdomains; allowing it again returns the existing allow.
func (a *Actions) AllowInstanceDomain(ctx context.Context, by *store.User, raw string) (*store.InstanceDomainAllow, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	domain, err := instanceDomain(raw)
	if err != nil {
		return nil, err
	}
	if domain == a.Config.Host {
		return nil, invalid("domain", "can't be your own server")
	}
	d := &store.InstanceDomainAllow{Domain: domain, CreatedAt: time.Now()}
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.UpsertInstanceDomainAllow(d) }); err != nil {
		return nil, err
	}
	return a.DB.InstanceDomainAllow(ctx, d.ID)
}

// DisallowInstanceDomain removes an allow: in allowlist mode the domain is
// then refused like any other.
func (a *Actions) DisallowInstanceDomain(ctx context.Context, by *store.User, id store.ID) error {
	if !IsAdmin(by) {
		return ErrForbidden
	}
	err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteInstanceDomainAllow(id) })
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return err
}
