package actions

import (
	"context"
	"errors"
	"sync"
	"time"

	"roost/server/media"
	"roost/store"
)

// Remote accounts' avatars and headers, and remote custom emojis, follow
// the remote attachments' rule: shown from their origin until a page shows
// them, then copied here in the background (SSRF-safe fetch, size and
// pixel limits, re-encoded without metadata), served locally, dropped by
// `roost admin media prune --remote-older-than` and copied again when next
// shown. Pictures are cropped like local ones; a new avatar URL in a
// refreshed profile drops the link to the old copy.

// remoteTries remembers which remote accounts and emojis were queued for
// copying, so a page that shows one account forty times queues it once
// and a failing origin is asked again only after retryRemoteAfter.
// Profiles are shown far more often than attachments: an in-memory memo
// spares a database write per view. It forgets everything on restart.
type remoteTries struct {
	mu   sync.Mutex
	byID map[string]time.Time
}

// maxRemoteTries bounds the memo; when full, old entries go first and
// nothing new is queued until some have.
const maxRemoteTries = 10000

// claim reports whether key may be queued now, and records it.
func (r *remoteTries) claim(key string, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byID == nil {
		r.byID = map[string]time.Time{}
	}
	if at, ok := r.byID[key]; ok && now.Sub(at) < retryRemoteAfter {
		return false
	}
	if len(r.byID) >= maxRemoteTries {
		for k, at := range r.byID {
			if now.Sub(at) >= retryRemoteAfter {
				delete(r.byID, k)
			}
		}
		if len(r.byID) >= maxRemoteTries {
			return false
		}
	}
	r.byID[key] = now
	return true
}

// done forgets key after a complete copy, so that a later prune lets the
// next view queue it again at once.
func (r *remoteTries) done(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.byID, key)
}

// needsCopies tells whether a remote account shows anything from its origin.
func needsCopies(acct *store.Account) bool {
	if acct.Local() || acct.SuspendedAt != nil {
		return false
	}
	if acct.AvatarRemoteURL != "" && acct.AvatarMediaID == nil || acct.HeaderRemoteURL != "" && acct.HeaderMediaID == nil {
		return true
	}
	for _, e := range copiedEmojis(acct) {
		if e.Path == "" {
			return true
		}
	}
	return false
}

// copiedEmojis are the emojis of a remote profile that get local copies:
// a profile may name any number, a page draws only so many.
func copiedEmojis(acct *store.Account) []store.Emoji {
	return acct.Emojis[:min(len(acct.Emojis), maxEmojisPerStatus)]
}

// queueRemoteProfile asks for local copies of a remote account's pictures
// and emojis; a full queue skips it (the next view asks again).
func (a *Actions) queueRemoteProfile(acct *store.Account) {
	if a.RemoteMediaWorker == nil || a.RemoteMedia == nil || !needsCopies(acct) {
		return
	}
	key := "account:" + store.FormatID(acct.ID)
	if !a.remoteTries.claim(key, time.Now()) {
		return
	}
	id := acct.ID
	err := a.RemoteMediaWorker.Submit(func(ctx context.Context) {
		if err := a.CacheRemoteProfile(ctx, id); err != nil {
			a.Log.Debug("media: caching a remote profile", "id", id, "err", err)
			return
		}
		a.remoteTries.done(key)
	})
	if err != nil {
		a.remoteTries.done(key)
	}
}

// CacheRemoteProfile copies a remote account's avatar, header and custom
// emojis here. It goes on past a failure and returns the first one.
func (a *Actions) CacheRemoteProfile(ctx context.Context, id store.ID) error {
	acct, err := a.DB.Account(ctx, id)
	if err != nil || !needsCopies(acct) {
		return err
	}
	var errs []error
	for _, p := range []struct {
		name, url string
		cached    bool
	}{{store.PictureAvatar, acct.AvatarRemoteURL, acct.AvatarMediaID != nil},
		{store.PictureHeader, acct.HeaderRemoteURL, acct.HeaderMediaID != nil}} {
		if p.url != "" && !p.cached {
			errs = append(errs, a.cacheRemotePicture(ctx, acct.ID, acct.Domain, p.name, p.url))
		}
	}
	paths := map[string]string{}
	for _, e := range copiedEmojis(acct) {
		if e.Path != "" {
			continue
		}
		var emojiID store.ID
		err := a.DB.Write(ctx, func(tx *store.Tx) error {
			var err error
			emojiID, err = tx.UpsertRemoteEmoji(acct.Domain, e, a.DB.NewID)
			return err
		})
		if err == nil {
			var path string
			if path, err = a.CacheRemoteEmoji(ctx, emojiID); path != "" {
				paths[e.URL] = path
			}
		}
		errs = append(errs, err)
	}
	if len(paths) > 0 {
		errs = append(errs, a.DB.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
			return tx.SetAccountEmojiPaths(acct.ID, paths)
		}))
	}
	return errors.Join(errs...)
}

// cacheRemotePicture downloads one avatar or header, crops it as an upload
// would be and links the copy to the account.
func (a *Actions) cacheRemotePicture(ctx context.Context, accountID store.ID, domain, picture, url string) error {
	data, t, err := a.fetchRemoteBytes(ctx, domain, url, a.Config.Media.MaxImageBytes)
	if err != nil {
		return err
	}
	w, h, path := avatarSide, avatarSide, avatarPath
	if picture == store.PictureHeader {
		w, h, path = headerWidth, headerHeight, headerPath
	}
	var out []byte
	var cropErr error
	done, err := a.MediaWorker.Do(ctx, time.Hour, func(context.Context) {
		out, cropErr = media.FillImage(data, t, a.Config.Media.MaxPixels, w, h)
	})
	if err != nil || cropErr != nil {
		return errors.Join(err, cropErr)
	}
	if !done {
		return ctx.Err()
	}
	now := time.Now()
	m := &store.MediaAttachment{ID: a.DB.NewID(), AccountID: accountID, Kind: media.KindImage, ContentType: "image/jpeg",
		RemoteURL: url, FileSize: int64(len(out)), CreatedAt: now, CachedAt: &now,
		Meta: mustJSON(MediaMeta{Original: mediaSize(media.Size{Width: w, Height: h})})}
	m.FilePath = path(m.ID)
	if err := a.Files.Put(m.FilePath, out); err != nil {
		return err
	}
	var linked bool
	err = a.DB.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		if err := tx.InsertMedia(m); err != nil {
			return err
		}
		if linked, err = tx.SetRemotePicture(accountID, picture, m); err != nil || linked {
			return err
		}
		return tx.DeleteMedia(m.ID) // the profile changed meanwhile
	})
	if err != nil || !linked {
		return errors.Join(err, a.Files.Remove(m.FilePath))
	}
	return nil
}

// queueRemoteEmojis asks for local copies of the remote custom emojis a
// page of statuses is about to show.
func (a *Actions) queueRemoteEmojis(pages map[store.ID][]store.CustomEmoji) {
	if a.RemoteMediaWorker == nil || a.RemoteMedia == nil {
		return
	}
	for _, list := range pages {
		for _, e := range list {
			key := "emoji:" + store.FormatID(e.ID)
			if e.Domain == "" || e.Path != "" || !a.remoteTries.claim(key, time.Now()) {
				continue
			}
			id := e.ID
			err := a.RemoteMediaWorker.Submit(func(ctx context.Context) {
				if _, err := a.CacheRemoteEmoji(ctx, id); err != nil {
					a.Log.Debug("media: caching a remote emoji", "id", id, "err", err)
					return
				}
				a.remoteTries.done(key)
			})
			if err != nil {
				a.remoteTries.done(key)
				return
			}
		}
	}
}

// CacheRemoteEmoji copies a remote custom emoji's image here (within the
// limits of a local emoji) and returns the copy's path.
func (a *Actions) CacheRemoteEmoji(ctx context.Context, id store.ID) (string, error) {
	e, err := a.DB.RemoteEmoji(ctx, id)
	if err != nil || e.Path != "" {
		if e != nil {
			return e.Path, err
		}
		return "", err
	}
	data, t, err := a.fetchRemoteBytes(ctx, e.Domain, e.URL, maxEmojiBytes)
	if err != nil {
		return "", err
	}
	var img *media.Image
	var processErr error
	done, err := a.MediaWorker.Do(ctx, time.Hour, func(context.Context) {
		img, processErr = media.ProcessImage(data, t, maxEmojiPixels)
	})
	if err != nil || processErr != nil {
		return "", errors.Join(err, processErr)
	}
	if !done {
		return "", ctx.Err()
	}
	e.Path = media.NewName("cache", img.OriginalType.Ext)
	if err := a.Files.Put(e.Path, img.Original); err != nil {
		return "", err
	}
	var stale string
	var saved bool
	err = a.DB.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		var err error
		stale, saved, err = tx.SetEmojiCache(e, time.Now())
		return err
	})
	if err != nil || !saved {
		return "", errors.Join(err, a.Files.Remove(e.Path))
	}
	return e.Path, a.Files.Remove(stale)
}

// errMediaRejected is a download refused by an admin's domain block.
var errMediaRejected = errors.New("media from this domain is rejected")

// fetchRemoteBytes downloads a remote image of an account of domain
// (SSRF-safe, at most maxBytes) and names its type, refusing anything
// else. The owner's domain decides (media often sit on a CDN), and so
// does the file's host: nothing is fetched from a domain whose media an
// admin rejected or that federation refuses.
func (a *Actions) fetchRemoteBytes(ctx context.Context, domain, url string, maxBytes int64) ([]byte, media.Type, error) {
	for _, d := range []string{domain, hostOf(url)} {
		if d == "" {
			continue
		}
		rejected, err := a.DB.DomainRejectsMedia(ctx, d)
		if err == nil && !rejected {
			rejected, err = a.refuses(ctx, d)
		}
		if err != nil {
			return nil, media.Type{}, err
		}
		if rejected {
			return nil, media.Type{}, errMediaRejected
		}
	}
	resp, err := a.RemoteMedia.Get(ctx, url, "image/*", nil)
	if err != nil {
		return nil, media.Type{}, err
	}
	t, err := media.Detect(resp.Body)
	if err != nil || t.Kind != media.KindImage || int64(len(resp.Body)) > maxBytes {
		return nil, media.Type{}, errors.New("not an image within the limits")
	}
	return resp.Body, t, nil
}

// keepCopies carries a refreshed remote profile's local copies over from
// before: a picture whose URL changed is copied anew when next shown (the
// old copy goes with the next prune), an emoji whose image did not change
// keeps its copy.
func (a *Actions) keepCopies(before store.Account, after *store.Account) {
	changed := false
	if after.AvatarRemoteURL != before.AvatarRemoteURL {
		after.AvatarMediaID, changed = nil, true
	}
	if after.HeaderRemoteURL != before.HeaderRemoteURL {
		after.HeaderMediaID, changed = nil, true
	}
	paths := map[store.Emoji]string{}
	for _, e := range before.Emojis {
		if e.Path != "" {
			paths[store.Emoji{Shortcode: e.Shortcode, URL: e.URL}] = e.Path
		}
	}
	for i, e := range after.Emojis {
		after.Emojis[i].Path = paths[store.Emoji{Shortcode: e.Shortcode, URL: e.URL}]
		changed = changed || after.Emojis[i].Path == ""
	}
	if changed {
		a.remoteTries.done("account:" + store.FormatID(after.ID))
	}
}

// AccountEmojiURL is where one of an account's custom emojis is served:
// the local copy of a remote one once made, else its own URL.
func (a *Actions) AccountEmojiURL(e store.Emoji) string {
	if e.Path != "" {
		return a.MediaURL(e.Path)
	}
	return e.URL
}
