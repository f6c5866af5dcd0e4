package actions

import (
	"context"
	"errors"
	"fmt"
	"time"

	"roost/server/media"
	"roost/store"
)

// Avatars and headers are cropped to Mastodon's sizes and kept as JPEGs
// named after their media row, so an account's picture URL follows from
// the account row alone and pages of accounts need no extra query.
const (
	avatarSide   = 400
	headerWidth  = 1500
	headerHeight = 500
)

func avatarPath(id store.ID) string { return fmt.Sprintf("accounts/avatars/%d.jpg", id) }
func headerPath(id store.ID) string { return fmt.Sprintf("accounts/headers/%d.jpg", id) }

// AvatarURL is an account's own picture: uploaded or copied here, or at
// its origin; "" means the default picture. A remote account shown with
// anything from its origin is queued for local copies (see remote_profile.go).
func (a *Actions) AvatarURL(acct *store.Account) string {
	a.queueRemoteProfile(acct)
	if acct.AvatarMediaID != nil {
		return a.MediaURL(avatarPath(*acct.AvatarMediaID))
	}
	return acct.AvatarRemoteURL
}

// HeaderURL is an account's own header picture, or "".
func (a *Actions) HeaderURL(acct *store.Account) string {
	if acct.HeaderMediaID != nil {
		return a.MediaURL(headerPath(*acct.HeaderMediaID))
	}
	return acct.HeaderRemoteURL
}

// profilePicture crops an uploaded avatar or header on the media worker
// and stores the file; the caller records the returned row.
func (a *Actions) profilePicture(ctx context.Context, owner *store.Account, field string, data []byte) (*store.MediaAttachment, error) {
	t, err := a.checkUpload(data)
	var inv *ErrInvalid
	if errors.As(err, &inv) {
		return nil, invalid(field, inv.Reason)
	}
	if err != nil {
		return nil, err
	}
	if t.Kind != media.KindImage {
		return nil, invalid(field, "must be an image (JPEG, PNG, GIF or WebP)")
	}
	w, h, path := avatarSide, avatarSide, avatarPath
	if field == "header" {
		w, h, path = headerWidth, headerHeight, headerPath
	}
	var out []byte
	var cropErr error
	if _, err := a.MediaWorker.Do(ctx, time.Hour, func(context.Context) {
		out, cropErr = media.FillImage(data, t, a.Config.Media.MaxPixels, w, h)
	}); err != nil {
		return nil, ErrRateLimited
	}
	if cropErr != nil {
		if err := imageError(cropErr); errors.As(err, &inv) {
			return nil, invalid(field, inv.Reason)
		}
		return nil, cropErr
	}
	if out == nil {
		return nil, ctx.Err()
	}
	m := &store.MediaAttachment{ID: a.DB.NewID(), AccountID: owner.ID, Kind: media.KindImage, ContentType: "image/jpeg",
		FileSize: int64(len(out)), CreatedAt: time.Now(),
		Meta: mustJSON(MediaMeta{Original: mediaSize(media.Size{Width: w, Height: h})})}
	m.FilePath = path(m.ID)
	return m, a.Files.Put(m.FilePath, out)
}

// Profile pictures DeleteProfilePicture removes.
const (
	PictureAvatar = "avatar"
	PictureHeader = "header"
)

// DeleteProfilePicture removes the viewer's avatar or header, so the
// default one shows, and tells followers' servers with an Update as a
// profile edit does. The old picture's row is left to pruning.
func (a *Actions) DeleteProfilePicture(ctx context.Context, viewer *store.Account, which string) (*Credentials, error) {
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		acct, err := tx.Account(viewer.ID)
		if err != nil {
			return err
		}
		switch which {
		case PictureAvatar:
			if acct.AvatarMediaID == nil && acct.AvatarRemoteURL == "" {
				return nil
			}
			acct.AvatarMediaID, acct.AvatarRemoteURL = nil, ""
		case PictureHeader:
			if acct.HeaderMediaID == nil && acct.HeaderRemoteURL == "" {
				return nil
			}
			acct.HeaderMediaID, acct.HeaderRemoteURL = nil, ""
		default:
			return ErrNotFound
		}
		if err := tx.UpdateAccount(acct); err != nil {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityUpdateAccount, Actor: acct})
	})
	if err != nil {
		return nil, err
	}
	return a.VerifyCredentials(ctx, viewer)
}
