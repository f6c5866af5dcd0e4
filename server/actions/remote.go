package actions

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"roost/federation/ap"
	"roost/federation/deliver"
	"roost/federation/fetch"
	"roost/store"
)

// accountRefreshAfter is how long a fetched remote account is trusted
// before it is fetched again, as Mastodon does for actors it meets.
const accountRefreshAfter = 24 * time.Hour

// ErrRemote is a remote object that could not be fetched or does not make
// sense: the caller drops what depended on it.
var ErrRemote = errors.New("remote object unavailable")

func newFetcher(cfg Config) *fetch.Client {
	wf := "https"
	// On loopback (tests, local development) peers are plain http too.
	if cfg.AllowPrivate && cfg.Protocol == "http" {
		wf = "http"
	}
	ua := cfg.UserAgent
	if ua == "" {
		ua = fetch.UserAgent(Version, cfg.Protocol+"://"+cfg.Host)
	}
	return fetch.New(fetch.Config{AllowPrivate: cfg.AllowPrivate, UserAgent: ua, WebFingerScheme: wf})
}

// instanceSigner signs fetches with the instance actor's key: peers with
// authorized fetch answer only signed GETs.
func (a *Actions) instanceSigner(ctx context.Context) (*fetch.Signer, error) {
	actor, err := a.EnsureInstanceActor(ctx)
	if err != nil {
		return nil, err
	}
	key, err := deliver.ParsePrivateKey(actor.PrivateKeyPEM)
	if err != nil {
		return nil, err
	}
	return &fetch.Signer{KeyID: actor.PublicKeyID, Key: key}, nil
}

// fetchObject gets an ActivityPub document with a signed GET.
func (a *Actions) fetchObject(ctx context.Context, uri string) (*fetch.Response, error) {
	if a.isLocalURI(uri) {
		return nil, fmt.Errorf("%w: %s is local", ErrRemote, uri)
	}
	if refused, err := a.refuses(ctx, hostOf(uri)); err != nil {
		return nil, err
	} else if refused {
		return nil, fmt.Errorf("%w: %s is suspended or not allowed", ErrRemote, hostOf(uri))
	}
	signer, err := a.instanceSigner(ctx)
	if err != nil {
		return nil, err
	}
	resp, err := a.Fetch.GetActivity(ctx, uri, signer)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRemote, err)
	}
	return resp, nil
}

func (a *Actions) isLocalURI(uri string) bool {
	return ap.SameOrigin(uri, a.Paths.Base)
}

// RemoteAccountByURI returns the account whose ActivityPub id is uri: from
// the store when known and fresh, otherwise fetched (signed, bounded) and
// stored. A stale account whose refresh fails is returned as it was.
func (a *Actions) RemoteAccountByURI(ctx context.Context, uri string) (*store.Account, error) {
	acct, err := a.DB.AccountByURI(ctx, uri)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if acct != nil && (acct.Local() || acct.FetchedAt != nil && time.Since(*acct.FetchedAt) < accountRefreshAfter) {
		return acct, nil
	}
	if a.isLocalURI(uri) {
		return nil, ErrNotFound
	}
	fresh, err := a.refreshAccount(ctx, uri)
	if err != nil && acct != nil {
		return acct, nil
	}
	return fresh, err
}

// refreshAccount fetches an actor and stores it.
func (a *Actions) refreshAccount(ctx context.Context, uri string) (*store.Account, error) {
	actor, err := a.fetchActor(ctx, uri)
	if err != nil {
		return nil, err
	}
	return a.saveActor(ctx, actor)
}

// fetchActor fetches and parses an actor, checking that the document is
// served from the origin its id names (a server may only speak for its own actors).
func (a *Actions) fetchActor(ctx context.Context, uri string) (*ap.Actor, error) {
	resp, err := a.fetchObject(ctx, uri)
	if err != nil {
		return nil, err
	}
	actor, err := ap.ParseActor(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrRemote, err)
	}
	if !ap.SameOrigin(actor.ID, resp.FinalURL) {
		return nil, fmt.Errorf("%w: actor %s served from %s", ErrRemote, actor.ID, resp.FinalURL)
	}
	return actor, nil
}

// saveActor inserts or refreshes the remote account an actor document describes.
func (a *Actions) saveActor(ctx context.Context, actor *ap.Actor) (*store.Account, error) {
	if a.isLocalURI(actor.ID) {
		return nil, fmt.Errorf("%w: %s claims to be local", ErrRemote, actor.ID)
	}
	rejectMedia, err := a.DB.DomainRejectsMedia(ctx, hostOf(actor.ID))
	if err != nil {
		return nil, err
	}
	var acct *store.Account
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		now := time.Now()
		existing, err := tx.AccountByURI(actor.ID)
		if err == nil {
			if actor.PublicKey.PEM == "" {
				// Some Update{Person} carry no key: keep the one we have.
				actor.PublicKey = ap.PublicKey{ID: existing.PublicKeyID, Owner: actor.ID, PEM: existing.PublicKeyPEM}
			}
			before := *existing
			actor.ApplyTo(existing)
			withoutMedia(existing, rejectMedia)
			a.keepCopies(before, existing)
			existing.FetchedAt = &now
			acct = existing
			return tx.UpdateAccount(existing)
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		acct = &store.Account{ID: a.DB.NewID(), FetchedAt: &now}
		actor.ApplyTo(acct)
		withoutMedia(acct, rejectMedia)
		return tx.InsertAccount(acct)
	})
	if err != nil {
		return nil, err
	}
	return acct, nil
}

// withoutMedia drops a remote account's pictures and emojis when the
// admins reject its domain's media: it shows the default picture here.
func withoutMedia(acct *store.Account, reject bool) {
	if reject {
		acct.AvatarRemoteURL, acct.HeaderRemoteURL, acct.Emojis = "", "", nil
	}
}

// SignerKey returns the public key an HTTP signature names and the URI of
// the actor owning it: from the store, or fetched with the actor. refresh
// refetches a known key: the actor may have rotated it.
func (a *Actions) SignerKey(ctx context.Context, keyID string, refresh bool) (*rsa.PublicKey, string, error) {
	acct, err := a.DB.AccountByKeyID(ctx, keyID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, "", err
	}
	if refused, err := a.refuses(ctx, hostOf(keyID)); err != nil || refused {
		return nil, "", errors.Join(ErrForbidden, err)
	}
	if acct == nil || refresh && !acct.Local() {
		if acct, err = a.fetchKeyOwner(ctx, keyID); err != nil {
			return nil, "", err
		}
	}
	if acct.SuspendedAt != nil && !acct.Local() {
		return nil, "", ErrForbidden
	}
	key, err := parsePublicKey(acct.PublicKeyPEM)
	if err != nil {
		return nil, "", err
	}
	return key, acct.URI, nil
}

// fetchKeyOwner fetches the actor owning keyID. A key id is usually the
// actor's id with a fragment; some servers serve the key as its own
// document, whose owner is then fetched.
func (a *Actions) fetchKeyOwner(ctx context.Context, keyID string) (*store.Account, error) {
	docURL, _, _ := strings.Cut(keyID, "#")
	actor, err := a.fetchActor(ctx, docURL)
	if errors.Is(err, ap.ErrMalformed) {
		resp, ferr := a.fetchObject(ctx, docURL)
		if ferr != nil {
			return nil, ferr
		}
		var key struct {
			Owner string `json:"owner"`
		}
		if json.Unmarshal(resp.Body, &key) != nil || key.Owner == "" || !ap.SameOrigin(key.Owner, keyID) {
			return nil, err
		}
		actor, err = a.fetchActor(ctx, key.Owner)
	}
	if err != nil {
		return nil, err
	}
	if actor.PublicKey.ID != keyID || !ap.SameOrigin(keyID, actor.ID) {
		return nil, fmt.Errorf("%w: %s does not own key %s", ErrRemote, actor.ID, keyID)
	}
	return a.saveActor(ctx, actor)
}

// ResolveAccount finds "user@domain" (or "@user@domain"): a local account,
// a known fresh remote one, or one found through WebFinger and fetched.
func (a *Actions) ResolveAccount(ctx context.Context, handle string) (*store.Account, error) {
	user, domain, err := fetch.ParseAcct(handle)
	if err != nil {
		return nil, invalid("q", "is not user@domain")
	}
	if strings.EqualFold(domain, a.Config.Host) {
		domain = ""
	} else if refused, err := a.refuses(ctx, domain); err != nil || refused {
		// Not even a WebFinger lookup: a refused domain is not spoken to.
		return nil, errors.Join(ErrNotFound, err)
	}
	acct, err := a.DB.AccountByHandle(ctx, user, domain)
	if err == nil && (acct.Local() || acct.FetchedAt != nil && time.Since(*acct.FetchedAt) < accountRefreshAfter) {
		a.QueueBackfill(acct)
		return acct, nil
	}
	if domain == "" {
		return nil, ErrNotFound
	}
	actorURL, err := a.Fetch.WebFinger(ctx, user+"@"+domain)
	if err != nil {
		if acct != nil {
			return acct, nil
		}
		return nil, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	found, err := a.refreshAccount(ctx, actorURL)
	if err != nil {
		if acct != nil {
			return acct, nil
		}
		return nil, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	a.QueueBackfill(found)
	return found, nil
}
