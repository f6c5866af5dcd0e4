package actions

import (
	"context"

	"roost/store"
)

// federationHealthHosts caps the admin page's host list.
const federationHealthHosts = 200

// FederationHealth is the outbox as an admin sees it.
type FederationHealth struct {
	Queued int // every queued delivery
	Hosts  []store.HostQueue
}

// FederationHealth shows admins which hosts the outbox waits on and which
// it has given up on for now.
func (a *Actions) FederationHealth(ctx context.Context, by *store.User) (*FederationHealth, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	queued, err := a.DB.QueuedDeliveries(ctx)
	if err != nil {
		return nil, err
	}
	hosts, err := a.DB.DeliveryQueueByHost(ctx, federationHealthHosts)
	if err != nil {
		return nil, err
	}
	return &FederationHealth{Queued: queued, Hosts: hosts}, nil
}
