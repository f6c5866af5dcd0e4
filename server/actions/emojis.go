package actions

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"roost/server/media"
	"roost/store"
)

// Custom emoji limits: Mastodon's 256 KB, and a picture small enough to
// sit in a line of text.
const (
	maxEmojiBytes  = 256 << 10
	maxEmojiPixels = 1024 * 1024
	// maxEmojisPerStatus bounds the lookups one status may cost.
	maxEmojisPerStatus = 100
)

// shortcodeRe is a whole shortcode; shortcodeInText finds :shortcode: in text.
var (
	shortcodeRe     = regexp.MustCompile(`^[A-Za-z0-9_]{2,64}$`)
	shortcodeInText = regexp.MustCompile(`:([A-Za-z0-9_]{2,64}):`)
)

// AddEmojiArgs is a new custom emoji.
type AddEmojiArgs struct {
	Shortcode string
	Category  string
	Data      []byte // PNG or GIF
}

// AddCustomEmoji stores a custom emoji of this instance. Only admins reach
// it (the web admin area and the command line).
func (a *Actions) AddCustomEmoji(ctx context.Context, args AddEmojiArgs) (*store.LocalEmoji, error) {
	if !shortcodeRe.MatchString(args.Shortcode) {
		return nil, invalid("shortcode", "must be 2 to 64 letters, digits or underscores")
	}
	if len(args.Category) > 64 {
		return nil, invalid("category", "is too long (maximum is 64 characters)")
	}
	if len(args.Data) > maxEmojiBytes {
		return nil, invalid("image", "is too big (maximum is 256 KB)")
	}
	t, err := media.Detect(args.Data)
	if err != nil || (t.ContentType != "image/png" && t.ContentType != "image/gif") {
		return nil, invalid("image", "must be a PNG or GIF image")
	}
	if err := media.CheckImage(args.Data, t, maxEmojiPixels); err != nil {
		return nil, invalid("image", "is unreadable or too large")
	}
	e := &store.LocalEmoji{ID: a.DB.NewID(), Shortcode: args.Shortcode, Category: strings.TrimSpace(args.Category),
		ContentType: t.ContentType, VisibleInPicker: true, CreatedAt: time.Now(), MediaPath: media.NewName("emojis", t.Ext)}
	if err := a.Files.Put(e.MediaPath, args.Data); err != nil {
		return nil, err
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertLocalEmoji(e) })
	if err != nil {
		_ = a.Files.Remove(e.MediaPath)
		if errors.Is(err, store.ErrConflict) {
			return nil, invalid("shortcode", "has already been taken")
		}
		return nil, err
	}
	return e, nil
}

// DeleteCustomEmoji removes one of this instance's custom emojis; posts
// that used it show the shortcode as text again.
func (a *Actions) DeleteCustomEmoji(ctx context.Context, id store.ID) error {
	var path string
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		var err error
		path, err = tx.DeleteLocalEmoji(id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if err := a.Files.Remove(path); err != nil {
		a.Log.Warn("removing an emoji's file", "path", path, "err", err)
	}
	return nil
}

// CustomEmojis lists this instance's custom emojis.
func (a *Actions) CustomEmojis(ctx context.Context) ([]*store.LocalEmoji, error) {
	return a.DB.LocalEmojis(ctx)
}

// EmojiURL is where a custom emoji's image is served: the local file, or
// the remote URL.
func (a *Actions) EmojiURL(e store.CustomEmoji) string {
	if e.Path != "" {
		return a.MediaURL(e.Path)
	}
	return e.URL
}

// linkLocalEmojis records which local custom emojis a local status's text
// and content warning use; unknown shortcodes stay plain text.
func (a *Actions) linkLocalEmojis(tx *store.Tx, s *store.Status) error {
	ids, err := tx.LocalEmojiIDs(shortcodesIn(s.Text + " " + s.SpoilerText))
	if err != nil {
		return err
	}
	return tx.LinkStatusEmojis(s.ID, ids)
}

// shortcodesIn lists the distinct :shortcodes: of text, at most maxEmojisPerStatus.
func shortcodesIn(text string) []string {
	var codes []string
	seen := map[string]bool{}
	for _, m := range shortcodeInText.FindAllStringSubmatch(text, -1) {
		if !seen[m[1]] && len(codes) < maxEmojisPerStatus {
			seen[m[1]] = true
			codes = append(codes, m[1])
		}
	}
	return codes
}

// profileEmojis are the local custom emojis a local account's display
// name, bio and fields use (Mastodon's account emojis).
func (a *Actions) profileEmojis(tx *store.Tx, acct *store.Account) ([]store.Emoji, error) {
	text := acct.DisplayName + " " + acct.NoteSource
	for _, f := range acct.Fields {
		text += " " + f.Name + " " + f.Value
	}
	list, err := tx.LocalEmojisNamed(shortcodesIn(text))
	if err != nil {
		return nil, err
	}
	return a.emojiTags(list), nil
}
