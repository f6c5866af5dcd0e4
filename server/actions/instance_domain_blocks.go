package actions

import (
	"context"
	"errors"
	"net"
	"slices"
	"strconv"
	"time"

	"roost/store"
)

// InstanceDomainBlockArgs is an admin's block of a remote domain.
type InstanceDomainBlockArgs struct {
	Domain         string
	Severity       string // silence, suspend (the default) or noop
	RejectMedia    bool
	PublicComment  string
	PrivateComment string
}

// maxDomainBlockComment bounds the comments an admin writes on a block.
const maxDomainBlockComment = 1000

// InstanceDomainBlocks lists the instance's domain blocks for admins.
func (a *Actions) InstanceDomainBlocks(ctx context.Context, by *store.User) ([]*store.InstanceDomainBlock, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	return a.DB.InstanceDomainBlocks(ctx)
}

// InstanceDomainBlock returns one block for admins.
func (a *Actions) InstanceDomainBlock(ctx context.Context, by *store.User, id store.ID) (*store.InstanceDomainBlock, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	b, err := a.DB.InstanceDomainBlock(ctx, id)
	return b, notFoundAs(err)
}

// UpdateInstanceDomainBlock changes the block with id; its domain stays.
func (a *Actions) UpdateInstanceDomainBlock(ctx context.Context, by *store.User, id store.ID, args InstanceDomainBlockArgs) (*store.InstanceDomainBlock, error) {
	old, err := a.InstanceDomainBlock(ctx, by, id)
	if err != nil {
		return nil, err
	}
	args.Domain = old.Domain
	return a.BlockInstanceDomain(ctx, by, args)
}

// BlockInstanceDomain blocks (or changes the block of) a remote domain for
// the whole instance. A suspended domain's activities are refused at the
// inbox before its keys are fetched, nothing is fetched from or delivered
// to it, and the follows between it and local accounts end. A block with
// reject_media (and a suspension) drops the domain's cached media.
func (a *Actions) BlockInstanceDomain(ctx context.Context, by *store.User, args InstanceDomainBlockArgs) (*store.InstanceDomainBlock, error) {
	if !IsAdmin(by) {
		return nil, ErrForbidden
	}
	domain, err := instanceDomain(args.Domain)
	if err != nil {
		return nil, err
	}
	if domain == a.Config.Host {
		return nil, invalid("domain", "can't be your own server")
	}
	if args.Severity == "" {
		args.Severity = store.SeveritySuspend
	}
	if !slices.Contains([]string{store.SeveritySilence, store.SeveritySuspend, store.SeverityNoop}, args.Severity) {
		return nil, invalid("severity", "must be one of silence, suspend, noop")
	}
	if len([]rune(args.PublicComment)) > maxDomainBlockComment || len([]rune(args.PrivateComment)) > maxDomainBlockComment {
		return nil, invalid("public_comment", "is too long (maximum is 1000 characters)")
	}
	b := &store.InstanceDomainBlock{Domain: domain, Severity: args.Severity, RejectMedia: args.RejectMedia,
		PublicComment: args.PublicComment, PrivateComment: args.PrivateComment, CreatedAt: time.Now()}
	var files []string
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.UpsertInstanceDomainBlock(b); err != nil {
			return err
		}
		if b.RejectMedia || b.Severity == store.SeveritySuspend {
			if files, err = tx.RejectDomainMedia(domain); err != nil {
				return err
			}
		}
		if b.Severity != store.SeveritySuspend {
			return nil
		}
		// As Mastodon: a suspension cuts every follow both ways, and what
		// was queued for the domain is never sent.
		if err := tx.CutDomainFollows(domain); err != nil {
			return err
		}
		return tx.DiscardDeliveriesTo(domain)
	})
	if err != nil {
		return nil, err
	}
	a.deleteFiles(files)
	return a.DB.InstanceDomainBlock(ctx, b.ID)
}

// UnblockInstanceDomain lifts a block.
func (a *Actions) UnblockInstanceDomain(ctx context.Context, by *store.User, id store.ID) error {
	if !IsAdmin(by) {
		return ErrForbidden
	}
	err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteInstanceDomainBlock(id) })
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return err
}

// instanceDomain is normalDomain that keeps a port: a server on a
// non-standard port (a test instance on loopback) is a domain of its own.
func instanceDomain(raw string) (string, error) {
	host, port, err := net.SplitHostPort(raw)
	if err != nil {
		return normalDomain(raw)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", invalid("domain", "is not a valid domain name")
	}
	d, err := normalDomain(host)
	if err != nil {
		return "", err
	}
	return net.JoinHostPort(d, port), nil
}

// PublicDomainBlocks lists the domain blocks for anyone when the admins
// chose to show them; otherwise ErrNotFound, as Mastodon answers.
func (a *Actions) PublicDomainBlocks(ctx context.Context) ([]*store.InstanceDomainBlock, error) {
	s, err := a.InstanceSettings(ctx)
	if err != nil {
		return nil, err
	}
	if !s.ShowDomainBlocks {
		return nil, ErrNotFound
	}
	list, err := a.DB.InstanceDomainBlocks(ctx)
	for _, b := range list {
		b.PrivateComment = "" // never leaves the admin area
	}
	return list, err
}

// deleteFiles removes media files whose rows no longer name them; a file
// that cannot be removed is only logged: nothing links to it any more.
func (a *Actions) deleteFiles(names []string) {
	if a.Files == nil {
		return
	}
	for _, name := range names {
		if err := a.Files.Remove(name); err != nil {
			a.Log.Warn("media: removing a rejected file", "file", name, "err", err)
		}
	}
}
