package actions

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"path"
	"sync"
	"time"

	"roost/federation/ap"
	"roost/store"
)

// A posts archive is shaped like Mastodon's ("Request your archive"), so
// that tools reading one read the other: actor.json, outbox.json (Create
// and Announce activities with the Notes as they federate), likes.json,
// bookmarks.json and the media, named by relative path from the
// documents. It holds every status of the owner, direct ones included:
// only the owner can ask for it.
const (
	archiveInterval = 10 * time.Minute // one archive per account per interval
	archivePage     = 40
	archiveMedia    = "media_attachments/"
)

// archiveStarts remembers when each account last asked for an archive, in
// memory: building one reads every status, which a board should not do
// over and over for a reloading browser.
type archiveStarts struct {
	mu sync.Mutex
	at map[store.ID]time.Time
}

// begin records a start for id now, or refuses one inside the interval.
func (s *archiveStarts) begin(id store.ID, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.at == nil {
		s.at = map[store.ID]time.Time{}
	}
	if last, ok := s.at[id]; ok && now.Sub(last) < archiveInterval {
		return &ErrTooManyAttempts{RetryAfter: last.Add(archiveInterval).Sub(now)}
	}
	for k, t := range s.at {
		if now.Sub(t) >= archiveInterval {
			delete(s.at, k)
		}
	}
	s.at[id] = now
	return nil
}

// PostsArchive is one archive on its way to its owner.
type PostsArchive struct {
	a     *Actions
	owner *store.Account
	// media are the stored files the documents name, written last.
	media []string
}

// FileName is the name to download the archive as.
func (p *PostsArchive) FileName() string {
	return "archive-" + time.Now().UTC().Format("20060102150405") + "-" + p.owner.Username + ".zip"
}

// ArchivePosts starts the viewer's posts archive; nothing is read until
// Write, so the caller can refuse (rate limit) before sending headers.
func (a *Actions) ArchivePosts(ctx context.Context, viewer *store.Account) (*PostsArchive, error) {
	if viewer == nil || !viewer.Local() {
		return nil, ErrUnauthorized
	}
	if err := a.archives.begin(viewer.ID, time.Now()); err != nil {
		return nil, err
	}
	return &PostsArchive{a: a, owner: viewer}, nil
}

// Write streams the zip to w a page of statuses at a time, so a large
// account never sits in memory whole.
func (p *PostsArchive) Write(ctx context.Context, w io.Writer) error {
	z := zip.NewWriter(w)
	steps := []func(context.Context, *zip.Writer) error{p.writeActor, p.writeOutbox,
		p.uriList("likes.json", p.a.DB.FavouritedStatuses), p.uriList("bookmarks.json", p.a.DB.BookmarkedStatuses), p.writeMedia}
	for _, step := range steps {
		if err := step(ctx, z); err != nil {
			return err
		}
	}
	return z.Close()
}

// writeActor writes the actor document, its pictures named by file.
func (p *PostsArchive) writeActor(ctx context.Context, z *zip.Writer) error {
	tags, err := p.a.featuredTagNames(ctx, p.owner.ID)
	if err != nil {
		return err
	}
	doc, err := p.a.actorDocument(p.owner, p.a.dbAccount(ctx), tags)
	if err != nil {
		return err
	}
	if p.owner.AvatarMediaID != nil && doc.Icon != nil {
		doc.Icon.URL = "avatar.jpg"
		p.media = append(p.media, avatarPath(*p.owner.AvatarMediaID))
	}
	if p.owner.HeaderMediaID != nil && doc.Image != nil {
		doc.Image.URL = "header.jpg"
		p.media = append(p.media, headerPath(*p.owner.HeaderMediaID))
	}
	return writeJSON(z, "actor.json", doc)
}

// writeOutbox writes every status and reblog of the owner, newest first.
func (p *PostsArchive) writeOutbox(ctx context.Context, z *zip.Writer) error {
	f, err := z.Create("outbox.json")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, `{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json","type":"OrderedCollection","orderedItems":[`); err != nil {
		return err
	}
	total, page := 0, store.Page{Limit: archivePage}
	em := ap.NewEmitter(p.a.Paths)
	for {
		list, err := p.a.AccountStatuses(ctx, p.owner, p.owner.ID, store.AccountFilter{}, "", page)
		if err != nil {
			return err
		}
		media, err := p.a.mediaOf(ctx, list.List)
		if err != nil {
			return err
		}
		for _, s := range list.List {
			item := p.outboxItem(em, list, media, s)
			if item == nil {
				continue
			}
			b, err := ap.Marshal(item)
			if err != nil {
				return err
			}
			if total > 0 {
				b = append([]byte{','}, b...)
			}
			if _, err := f.Write(b); err != nil {
				return err
			}
			total++
		}
		if len(list.List) < page.Limit {
			break
		}
		page.MaxID = list.List[len(list.List)-1].ID
	}
	tail, _ := json.Marshal(total)
	_, err = io.WriteString(f, `],"totalItems":`+string(tail)+"}")
	return err
}

// outboxItem is a status's Create, its media named by path in the archive,
// or a reblog's Announce.
func (p *PostsArchive) outboxItem(em ap.Emitter, list *Statuses, media map[store.ID][]store.StatusAttachment, s *store.Status) any {
	if s.ReblogOfID != nil {
		orig := list.Statuses[*s.ReblogOfID]
		if orig == nil || list.Accounts[orig.AccountID] == nil {
			return nil
		}
		return em.Announce(announced(s), p.owner, orig.URI, list.Accounts[orig.AccountID].URI)
	}
	parts := p.a.relatedNoteParts(list.Related, media, s)
	stored := map[string]string{} // public URL -> file
	for _, m := range media[s.ID] {
		if m.FilePath != "" {
			stored[p.a.MediaURL(m.FilePath)] = m.FilePath
		}
	}
	for i, m := range parts.Attachments {
		if name, ok := stored[m.URL]; ok {
			parts.Attachments[i].URL = archiveMedia + name
			p.media = append(p.media, name)
		}
	}
	return em.Create(em.Note(s, parts))
}

// uriList writes the URIs of the statuses list pages through as an
// OrderedCollection (likes.json, bookmarks.json).
func (p *PostsArchive) uriList(name string,
	list func(context.Context, store.ID, store.Page) ([]*store.Status, []store.ID, error)) func(context.Context, *zip.Writer) error {
	return func(ctx context.Context, z *zip.Writer) error {
		uris := []any{}
		page := store.Page{Limit: archivePage}
		for {
			statuses, cursors, err := list(ctx, p.owner.ID, page)
			if err != nil {
				return err
			}
			for _, s := range statuses {
				uris = append(uris, s.URI)
			}
			if len(statuses) < page.Limit || len(cursors) == 0 {
				break
			}
			page.MaxID = cursors[len(cursors)-1]
		}
		doc := ap.NewEmitter(p.a.Paths).OrderedCollectionItems(name, uris)
		return writeJSON(z, name, doc)
	}
}

// writeMedia copies the files the documents name; a file gone from
// storage is left out rather than failing the whole archive.
func (p *PostsArchive) writeMedia(ctx context.Context, z *zip.Writer) error {
	seen := map[string]bool{}
	for _, name := range p.media {
		if seen[name] || ctx.Err() != nil {
			continue
		}
		seen[name] = true
		src, err := p.a.Files.Open(name)
		if err != nil {
			p.a.Log.Warn("archive: media file missing", "file", name, "err", err)
			continue
		}
		dst, err := z.CreateHeader(&zip.FileHeader{Name: p.archiveName(name), Method: zip.Store})
		if err == nil {
			_, err = io.Copy(dst, src)
		}
		src.Close()
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

// archiveName is where a stored file sits in the archive: the pictures
// at the top, as Mastodon puts them, the rest under media_attachments/.
func (p *PostsArchive) archiveName(stored string) string {
	switch {
	case p.owner.AvatarMediaID != nil && stored == avatarPath(*p.owner.AvatarMediaID):
		return "avatar" + path.Ext(stored)
	case p.owner.HeaderMediaID != nil && stored == headerPath(*p.owner.HeaderMediaID):
		return "header" + path.Ext(stored)
	}
	return archiveMedia + stored
}

func writeJSON(z *zip.Writer, name string, doc any) error {
	b, err := ap.Marshal(doc)
	if err != nil {
		return err
	}
	f, err := z.Create(name)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	return err
}
