package actions

import (
	"bytes"
	"context"
	"html"
	"net/url"
	"strings"
	"time"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"roost/federation/fetch"
	"roost/store"
)

// Link verification (rel=me), as Mastodon does it: a profile field whose
// value is a link is verified when the page it names links back to the
// profile with rel="me". Only this server's view: verification is not
// federated, remote servers check for themselves.
const (
	linkPageMaxBody = 1 << 20
	linkPageTimeout = 10 * time.Second
	// linkSweepEvery re-checks every local profile's links, since pages change.
	linkSweepEvery = 24 * time.Hour
	linkQueueSize  = 64
)

// linkClient is the SSRF-safe client for fetching linked pages, made on
// first use so that tests can shorten LinkTimeout first.
func (a *Actions) linkClient() *fetch.Client {
	a.linkOnce.Do(func() {
		timeout := a.Config.LinkTimeout
		if timeout <= 0 {
			timeout = linkPageTimeout
		}
		a.links = fetch.New(fetch.Config{AllowPrivate: a.Config.AllowPrivate, MaxBody: linkPageMaxBody,
			Timeout: timeout, UserAgent: fetch.UserAgent(Version, a.Config.Protocol+"://"+a.Config.Host)})
	})
	return a.links
}

// verifiableLink returns the URL a field's value names, if it is one Roost
// will fetch: https only (plain http too when private addresses are
// allowed, which only tests do).
func (a *Actions) verifiableLink(f store.Field) (string, bool) {
	v := strings.TrimSpace(f.Source)
	if v == "" {
		v = strings.TrimSpace(html.UnescapeString(f.Value))
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.User != nil || strings.ContainsAny(v, " \t\n") {
		return "", false
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && a.Config.AllowPrivate) {
		return "", false
	}
	return u.String(), true
}

// VerifyLinks fetches the links in a local account's profile fields and
// marks each field verified or not. Fields changed meanwhile are left
// alone: their own check is queued.
func (a *Actions) VerifyLinks(ctx context.Context, accountID store.ID) error {
	acct, err := a.DB.Account(ctx, accountID)
	if err != nil {
		return err
	}
	if acct.Domain != "" {
		return nil
	}
	targets := []string{acct.URL, acct.URI}
	verified := map[string]bool{}
	for _, f := range acct.Fields {
		if link, ok := a.verifiableLink(f); ok {
			verified[f.Value] = a.linksBack(ctx, link, targets)
		}
	}
	now := time.Now()
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		current, err := tx.Account(accountID)
		if err != nil {
			return err
		}
		for i, f := range current.Fields {
			ok, checked := verified[f.Value]
			switch {
			case !checked:
			case ok && f.VerifiedAt == nil:
				current.Fields[i].VerifiedAt = &now
			case !ok:
				current.Fields[i].VerifiedAt = nil
			}
		}
		return tx.SetAccountFields(accountID, current.Fields)
	})
}

// linksBack fetches page and reports whether it has an <a> or <link> with
// rel="me" whose href is one of targets. Any failure means no.
func (a *Actions) linksBack(ctx context.Context, page string, targets []string) bool {
	resp, err := a.linkClient().Get(ctx, page, "text/html, application/xhtml+xml", nil)
	if err != nil {
		a.Log.Debug("link verification fetch failed", "url", page, "err", err)
		return false
	}
	base, err := url.Parse(resp.FinalURL)
	if err != nil {
		return false
	}
	doc, err := xhtml.Parse(bytes.NewReader(resp.Body))
	if err != nil {
		return false
	}
	for n := range doc.Descendants() {
		if n.Type != xhtml.ElementNode || (n.DataAtom != atom.A && n.DataAtom != atom.Link) {
			continue
		}
		var rel, href string
		for _, at := range n.Attr {
			switch strings.ToLower(at.Key) {
			case "rel":
				rel = at.Val
			case "href":
				href = at.Val
			}
		}
		if !relMe(rel) {
			continue
		}
		u, err := base.Parse(strings.TrimSpace(href))
		if err != nil {
			continue
		}
		for _, t := range targets {
			if sameURL(u.String(), t) {
				return true
			}
		}
	}
	return false
}

func relMe(rel string) bool {
	for _, token := range strings.Fields(rel) {
		if strings.EqualFold(token, "me") {
			return true
		}
	}
	return false
}

// sameURL compares links loosely where it is safe: scheme and host case,
// and a trailing slash.
func sameURL(a, b string) bool {
	norm := func(s string) string {
		u, err := url.Parse(s)
		if err != nil {
			return s
		}
		u.Scheme, u.Host, u.Fragment = strings.ToLower(u.Scheme), strings.ToLower(u.Host), ""
		return strings.TrimSuffix(u.String(), "/")
	}
	return norm(a) == norm(b)
}

// queueLinkCheck asks the link worker to check an account's fields. When
// the queue is full (or no worker runs, as in the admin CLI) the check is
// dropped: the daily sweep catches up.
func (a *Actions) queueLinkCheck(accountID store.ID) {
	select {
	case a.linkQueue <- accountID:
	default:
	}
}

// RunLinkVerifier checks queued profiles one at a time, and every profile
// daily, until ctx ends. The server owns it and waits for it at shutdown.
func (a *Actions) RunLinkVerifier(ctx context.Context) {
	sweep := time.NewTicker(linkSweepEvery)
	defer sweep.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-a.linkQueue:
			if err := a.VerifyLinks(ctx, id); err != nil && ctx.Err() == nil {
				a.Log.Warn("verifying profile links", "account", id, "err", err)
			}
		case <-sweep.C:
			ids, err := a.DB.LocalAccountsWithFields(ctx)
			if err != nil {
				a.Log.Warn("listing profiles to verify", "err", err)
				continue
			}
			for _, id := range ids {
				if ctx.Err() != nil {
					return
				}
				if err := a.VerifyLinks(ctx, id); err != nil && ctx.Err() == nil {
					a.Log.Warn("verifying profile links", "account", id, "err", err)
				}
			}
		}
	}
}
