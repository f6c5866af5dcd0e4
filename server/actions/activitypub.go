package actions

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/url"
	"strings"
	"time"

	"roost/federation/ap"
	"roost/store"
)

// The read operations behind server/apub. They reuse the API's operations
// (AccountStatuses, Followers, Status, StatusContext) so that ActivityPub
// readers see exactly what the same viewer would through the API.

// LocalAccount finds a local, unsuspended account by username; the
// instance actor is not one (it lives at /actor).
func (a *Actions) LocalAccount(ctx context.Context, username string) (*store.Account, error) {
	if username == "" || strings.Contains(username, "@") {
		return nil, ErrNotFound
	}
	acct, err := a.LookupAccount(ctx, username)
	if err != nil {
		return nil, err
	}
	if !acct.Local() || acct.ActorType == "Application" {
		return nil, ErrNotFound
	}
	return acct, nil
}

// ActorDocument is a local account's actor document.
func (a *Actions) ActorDocument(ctx context.Context, username string) (*ap.ActorDoc, error) {
	acct, err := a.LocalAccount(ctx, username)
	if err != nil {
		return nil, err
	}
	tags, err := a.featuredTagNames(ctx, acct.ID)
	if err != nil {
		return nil, err
	}
	return a.actorDocument(acct, a.dbAccount(ctx), tags)
}

// InstanceActorDocument is the server's own Application actor.
func (a *Actions) InstanceActorDocument(ctx context.Context) (*ap.ActorDoc, error) {
	acct, err := a.EnsureInstanceActor(ctx)
	if err != nil {
		return nil, err
	}
	return ap.NewEmitter(a.Paths).InstanceActor(a.Config.Host, acct.PublicKeyPEM), nil
}

// WebFinger resolves a resource (acct:user@host, or the profile or actor
// URL of a local account or the instance actor) to a local account.
func (a *Actions) WebFinger(ctx context.Context, resource string) (*store.Account, error) {
	username, ok := a.resourceUsername(resource)
	if !ok {
		return nil, ErrNotFound
	}
	if strings.EqualFold(username, a.Config.Host) {
		return a.EnsureInstanceActor(ctx)
	}
	return a.LocalAccount(ctx, username)
}

// resourceUsername takes the username out of a WebFinger resource naming
// this host; ok is false for anything else.
func (a *Actions) resourceUsername(resource string) (string, bool) {
	if rest, found := strings.CutPrefix(resource, "acct:"); found {
		user, host, _ := strings.Cut(strings.TrimPrefix(rest, "@"), "@")
		return user, user != "" && strings.EqualFold(host, a.Config.Host)
	}
	u, err := url.Parse(resource)
	if err != nil || !strings.EqualFold(u.Host, a.Config.Host) || u.Scheme != "https" && u.Scheme != "http" {
		return "", false
	}
	switch path := strings.TrimSuffix(u.Path, "/"); {
	case path == "/actor":
		return a.Config.Host, true
	case strings.HasPrefix(path, "/@") && !strings.Contains(path[2:], "/"):
		return path[2:], len(path) > 2
	case strings.HasPrefix(path, "/users/") && !strings.Contains(path[7:], "/"):
		return path[7:], len(path) > 7
	}
	return "", false
}

// Usage is what NodeInfo reports.
type Usage struct {
	*InstanceInfo
	ActiveMonth    int
	ActiveHalfyear int
}

// Usage gathers the instance's description and NodeInfo's usage counts.
func (a *Actions) Usage(ctx context.Context) (*Usage, error) {
	info, err := a.InstanceInfo(ctx)
	if err != nil {
		return nil, err
	}
	u := &Usage{InstanceInfo: info}
	now := time.Now()
	if u.ActiveMonth, err = a.DB.ActiveLocalUserCount(ctx, now.AddDate(0, 0, -30)); err != nil {
		return nil, err
	}
	if u.ActiveHalfyear, err = a.DB.ActiveLocalUserCount(ctx, now.AddDate(0, 0, -180)); err != nil {
		return nil, err
	}
	return u, nil
}

// StatusDocument is a local status's Note (or Question) as viewer (nil:
// an unsigned fetch) may see it; a status viewer may not see is
// ErrNotFound, so that its existence does not leak.
func (a *Actions) StatusDocument(ctx context.Context, viewer *store.Account, username string, id store.ID) (*ap.NoteDoc, error) {
	view, err := a.Status(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	s := view.Status
	author := view.Accounts[s.AccountID]
	if !s.Local || s.ReblogOfID != nil || author == nil || !strings.EqualFold(author.Username, username) {
		return nil, ErrNotFound
	}
	media, err := a.DB.StatusAttachments(ctx, []store.ID{s.ID})
	if err != nil {
		return nil, err
	}
	return ap.NewEmitter(a.Paths).Note(s, a.relatedNoteParts(view.Related, media, s)), nil
}

// Replies lists the ids of a visible local status's public replies, as
// its replies collection shows them.
func (a *Actions) Replies(ctx context.Context, viewer *store.Account, username string, id store.ID) ([]string, error) {
	if _, err := a.StatusDocument(ctx, viewer, username, id); err != nil {
		return nil, err
	}
	thread, err := a.StatusContext(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	replies := []string{}
	for _, s := range thread.Descendants {
		if s.InReplyToID != nil && *s.InReplyToID == id && s.Visibility == store.VisibilityPublic {
			replies = append(replies, s.URI)
		}
	}
	return replies, nil
}

// OutboxPage is one page of an account's outbox.
type OutboxPage struct {
	Account *store.Account
	// Items are Create (statuses) and Announce (reblogs) activities.
	Items []any
	// Next is the id the next page starts below; 0 at the end.
	Next store.ID
}

// Outbox lists an account's public and unlisted statuses and reblogs, as
// an unsigned reader sees them, newest first.
func (a *Actions) Outbox(ctx context.Context, username string, p store.Page) (*OutboxPage, error) {
	acct, err := a.LocalAccount(ctx, username)
	if err != nil {
		return nil, err
	}
	page := &OutboxPage{Account: acct, Items: []any{}}
	if p.Limit == 0 {
		return page, nil
	}
	list, err := a.AccountStatuses(ctx, nil, acct.ID, store.AccountFilter{}, "", p)
	if err != nil {
		return nil, err
	}
	media, err := a.mediaOf(ctx, list.List)
	if err != nil {
		return nil, err
	}
	em := ap.NewEmitter(a.Paths)
	for _, s := range list.List {
		if s.Visibility != store.VisibilityPublic && s.Visibility != store.VisibilityUnlisted {
			continue // the visibility rule already says so; say it twice where leaking is the risk
		}
		if s.ReblogOfID == nil {
			page.Items = append(page.Items, em.Create(em.Note(s, a.relatedNoteParts(list.Related, media, s))))
		} else if orig := list.Statuses[*s.ReblogOfID]; orig != nil && list.Accounts[orig.AccountID] != nil {
			page.Items = append(page.Items, em.Announce(announced(s), acct, orig.URI, list.Accounts[orig.AccountID].URI))
		}
	}
	if len(list.List) == p.Limit {
		page.Next = list.List[len(list.List)-1].ID
	}
	return page, nil
}

// Featured lists an account's pinned public and unlisted statuses as Notes.
func (a *Actions) Featured(ctx context.Context, username string) ([]any, error) {
	acct, err := a.LocalAccount(ctx, username)
	if err != nil {
		return nil, err
	}
	list, err := a.AccountStatuses(ctx, nil, acct.ID, store.AccountFilter{Pinned: true}, "", store.Page{Limit: MaxPins})
	if err != nil {
		return nil, err
	}
	media, err := a.mediaOf(ctx, list.List)
	if err != nil {
		return nil, err
	}
	em := ap.NewEmitter(a.Paths)
	items := []any{}
	for _, s := range list.List {
		if s.Visibility == store.VisibilityPublic || s.Visibility == store.VisibilityUnlisted {
			items = append(items, em.Note(s, a.relatedNoteParts(list.Related, media, s)))
		}
	}
	return items, nil
}

// mediaOf loads the media of a page of statuses.
func (a *Actions) mediaOf(ctx context.Context, list []*store.Status) (map[store.ID][]store.StatusAttachment, error) {
	ids := make([]store.ID, len(list))
	for i, s := range list {
		ids[i] = s.ID
	}
	return a.DB.StatusAttachments(ctx, ids)
}

// Collection is a page of an account's followers or following.
type Collection struct {
	Account *store.Account
	Total   int
	// Hidden collections show their size only, as in Mastodon.
	Hidden bool
	Items  []string // actor ids
	Next   store.ID
}

// FollowersCollection lists who follows a local account, for viewer.
func (a *Actions) FollowersCollection(ctx context.Context, viewer *store.Account, username string, p store.Page) (*Collection, error) {
	return a.actorCollection(ctx, viewer, username, p, true)
}

// FollowingCollection lists whom a local account follows, for viewer.
func (a *Actions) FollowingCollection(ctx context.Context, viewer *store.Account, username string, p store.Page) (*Collection, error) {
	return a.actorCollection(ctx, viewer, username, p, false)
}

func (a *Actions) actorCollection(ctx context.Context, viewer *store.Account, username string, p store.Page, followers bool) (*Collection, error) {
	acct, err := a.LocalAccount(ctx, username)
	if err != nil {
		return nil, err
	}
	c := &Collection{Account: acct, Total: acct.FollowingCount, Hidden: acct.HideCollections && idOf(viewer) != acct.ID, Items: []string{}}
	if followers {
		c.Total = acct.FollowersCount
	}
	if c.Hidden || p.Limit == 0 {
		return c, nil
	}
	list := a.Following
	if followers {
		list = a.Followers
	}
	page, err := list(ctx, viewer, acct.ID, p)
	if err != nil {
		return nil, err
	}
	for _, f := range page.List {
		c.Items = append(c.Items, f.URI)
	}
	if len(page.Cursors) == p.Limit {
		c.Next = page.Cursors[len(page.Cursors)-1]
	}
	return c, nil
}

// SigningAccount returns the account owning an HTTP-signature key and the
// key itself, for verifying a signed fetch. An unknown key is ErrNotFound,
// unless fetchUnknown: under authorized fetch a server must be able to read
// before it ever wrote to us, so its key is fetched as the inbox would
// (from its instance actor, which servers serve unsigned: no fetch loop).
func (a *Actions) SigningAccount(ctx context.Context, keyID string, fetchUnknown bool) (*store.Account, *rsa.PublicKey, error) {
	acct, err := a.DB.AccountByKeyID(ctx, keyID)
	if errors.Is(err, store.ErrNotFound) && fetchUnknown {
		if acct, err = a.fetchKeyOwner(ctx, keyID); err != nil {
			return nil, nil, errors.Join(ErrNotFound, err)
		}
	}
	if errors.Is(err, store.ErrNotFound) || err == nil && acct.SuspendedAt != nil {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	// A suspended (or, in allowlist mode, not allowed) server's signature
	// counts for nothing: with authorized fetch it reads nothing.
	if refused, err := a.refuses(ctx, hostOf(acct.URI)); err != nil || refused {
		return nil, nil, errors.Join(ErrNotFound, err)
	}
	key, err := parsePublicKey(acct.PublicKeyPEM)
	if err != nil {
		return nil, nil, ErrNotFound
	}
	return acct, key, nil
}

func parsePublicKey(keyPEM string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(keyPEM))
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	if block.Type == "RSA PUBLIC KEY" {
		return x509.ParsePKCS1PublicKey(block.Bytes)
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	rsaKey, ok := key.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("not an RSA key")
	}
	return rsaKey, nil
}
