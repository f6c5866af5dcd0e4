package actions

import (
	"context"
	"strings"
	"time"

	"roost/server/media"
	"roost/store"
)

// Remote attachments are shown from their origin until a page that shows
// them asks for a local copy; the copy is then made in the background
// (images only, within the image size and pixel limits, re-encoded without
// metadata like an upload). `roost admin media prune` drops old copies.

// retryRemoteAfter is how long a failed download is left alone.
const retryRemoteAfter = 24 * time.Hour

// queueRemoteMedia asks for local copies of the remote images a page is
// about to show. A full queue skips them: the next view asks again.
func (a *Actions) queueRemoteMedia(pages map[store.ID][]store.StatusAttachment) {
	if a.RemoteMediaWorker == nil || a.RemoteMedia == nil {
		return
	}
	for _, list := range pages {
		for _, m := range list {
			if m.RemoteURL == "" || m.FilePath != "" || m.Kind != media.KindImage {
				continue
			}
			id := m.ID
			if err := a.RemoteMediaWorker.Submit(func(ctx context.Context) {
				if err := a.CacheRemoteMedia(ctx, id); err != nil {
					a.Log.Debug("media: caching a remote file", "id", id, "err", err)
				}
			}); err != nil {
				return
			}
		}
	}
}

// CacheRemoteMedia downloads one remote image and keeps a processed copy.
// A failure is recorded, so the file is not asked for again for a day.
func (a *Actions) CacheRemoteMedia(ctx context.Context, id store.ID) error {
	m, err := a.DB.Media(ctx, id)
	if err != nil {
		return err
	}
	if m.RemoteURL == "" || m.FilePath != "" || (m.CachedAt != nil && time.Since(*m.CachedAt) < retryRemoteAfter) {
		return nil
	}
	owner, err := a.DB.Account(ctx, m.AccountID)
	if err != nil {
		return err
	}
	// Judged by the owner's domain, not the file's: media often sit on a CDN.
	if reject, err := a.DB.DomainRejectsMedia(ctx, hostOf(owner.URI)); err != nil || reject {
		return err
	}
	if refused, err := a.refuses(ctx, hostOf(owner.URI)); err != nil || refused {
		return err
	}
	img, err := a.fetchRemoteImage(ctx, "", m.RemoteURL)
	now := time.Now()
	if err != nil {
		if werr := a.DB.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error { return tx.SetMediaCache(m, &now) }); werr != nil {
			return werr
		}
		return err
	}
	name := media.NewName("cache", img.OriginalType.Ext)
	small := strings.TrimSuffix(name, img.OriginalType.Ext) + "_small" + img.ThumbnailExt
	if err := a.Files.Put(name, img.Original); err != nil {
		return err
	}
	if err := a.Files.Put(small, img.Thumbnail); err != nil {
		return err
	}
	m.FilePath, m.ThumbnailPath, m.FileSize = name, small, int64(len(img.Original))
	if m.Blurhash == "" {
		m.Blurhash = img.Blurhash
	}
	m.Meta = mustJSON(MediaMeta{Original: mediaSize(img.OriginalSize), Small: mediaSize(img.SmallSize)})
	return a.DB.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error { return tx.SetMediaCache(m, &now) })
}

// fetchRemoteImage downloads (SSRF-safe, size-limited) and processes a
// remote image on the media worker, where images are decoded one at a time.
func (a *Actions) fetchRemoteImage(ctx context.Context, domain, url string) (*media.Image, error) {
	data, t, err := a.fetchRemoteBytes(ctx, domain, url, a.Config.Media.MaxImageBytes)
	if err != nil {
		return nil, err
	}
	var img *media.Image
	var processErr error
	done, err := a.MediaWorker.Do(ctx, time.Hour, func(context.Context) {
		img, processErr = media.ProcessImage(data, t, a.Config.Media.MaxPixels)
	})
	if err != nil {
		return nil, err
	}
	if !done {
		return nil, ctx.Err()
	}
	return img, processErr
}

// PruneRemoteMedia drops local copies of remote files made before before:
// attachments, profile pictures and custom emojis then show from their
// origin again (and are copied anew if viewed). progress, if not nil,
// hears done out of total after each file.
func (a *Actions) PruneRemoteMedia(ctx context.Context, before time.Time, progress func(done, total int)) (files int, bytes int64, err error) {
	_, mediaCount, err := a.DB.CachedRemoteMedia(ctx, before, 0)
	if err != nil {
		return 0, 0, err
	}
	_, emojiCount, err := a.DB.CachedRemoteEmojis(ctx, before, 0)
	if err != nil {
		return 0, 0, err
	}
	total := mediaCount + emojiCount
	step := func(paths []string, size int64) error {
		for _, p := range paths {
			if err := a.Files.Remove(p); err != nil {
				return err
			}
		}
		files++
		bytes += size
		if progress != nil {
			progress(min(files, total), max(files, total))
		}
		return nil
	}
	for {
		list, _, err := a.DB.CachedRemoteMedia(ctx, before, 100)
		if err != nil || len(list) == 0 {
			if err != nil {
				return files, bytes, err
			}
			break
		}
		for _, m := range list {
			paths, size := []string{m.FilePath, m.ThumbnailPath}, m.FileSize
			if err := a.DB.Write(ctx, func(tx *store.Tx) error { return dropRemoteCopy(tx, m) }); err != nil {
				return files, bytes, err
			}
			if err := step(paths, size); err != nil {
				return files, bytes, err
			}
		}
	}
	for {
		list, _, err := a.DB.CachedRemoteEmojis(ctx, before, 100)
		if err != nil || len(list) == 0 {
			return files, bytes, err
		}
		for _, e := range list {
			if err := a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DropEmojiCache(e) }); err != nil {
				return files, bytes, err
			}
			if err := step([]string{e.Path}, a.fileSize(e.Path)); err != nil {
				return files, bytes, err
			}
		}
	}
}

// fileSize is a stored file's size, 0 if it cannot be read.
func (a *Actions) fileSize(name string) int64 {
	f, err := a.Files.Open(name)
	if err != nil {
		return 0
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0
	}
	return info.Size()
}

// dropRemoteCopy forgets the local copy of a remote attachment, or the
// copied profile picture row itself (a new copy gets a new row).
func dropRemoteCopy(tx *store.Tx, m *store.MediaAttachment) error {
	if m.StatusID == nil && (strings.HasPrefix(m.FilePath, "accounts/avatars/") || strings.HasPrefix(m.FilePath, "accounts/headers/")) {
		return tx.DropRemotePicture(m.ID)
	}
	m.FilePath, m.ThumbnailPath, m.FileSize = "", "", 0
	return tx.SetMediaCache(m, nil)
}
