package actions

import (
	"context"
	"encoding/json"
	"errors"

	"roost/federation/ap"
	"roost/store"
)

// This file builds the ActivityStreams documents of local accounts and
// statuses, for both the outbox (inside the writing transaction) and the
// ActivityPub GET endpoints (server/apub), so the two never disagree.

// lookupAccount reads one account: tx.Account in a transaction, or the database.
type lookupAccount func(id store.ID) (*store.Account, error)

func (a *Actions) dbAccount(ctx context.Context) lookupAccount {
	return func(id store.ID) (*store.Account, error) { return a.DB.Account(ctx, id) }
}

// actorDocument is a local account's actor document.
func (a *Actions) actorDocument(acct *store.Account, lookup lookupAccount, featuredTags []string) (*ap.ActorDoc, error) {
	parts := ap.ActorParts{FeaturedTags: featuredTags}
	if acct.MovedToID != nil {
		moved, err := lookup(*acct.MovedToID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if moved != nil {
			parts.MovedTo = moved.URI
		}
	}
	parts.AvatarURL, parts.HeaderURL = a.AvatarURL(acct), a.HeaderURL(acct)
	if acct.AvatarMediaID != nil {
		parts.AvatarMediaType = "image/jpeg" // avatars and headers are stored as JPEGs
	}
	if acct.HeaderMediaID != nil {
		parts.HeaderMediaType = "image/jpeg"
	}
	return ap.NewEmitter(a.Paths).Actor(acct, parts), nil
}

// noteParts gathers what a status's Note shows besides the status row.
func (a *Actions) noteParts(author *store.Account, s *store.Status, mentioned []*store.Account, tags []string,
	media []store.StatusAttachment) ap.NoteParts {
	host := a.Config.Host
	parts := ap.NoteParts{Author: author, InReplyTo: s.InReplyToURI, Hashtags: tags, Attachments: a.noteAttachments(media)}
	for _, m := range mentioned {
		if m == nil {
			continue
		}
		domain := m.Domain
		if domain == "" {
			domain = host
		}
		parts.Mentions = append(parts.Mentions, ap.Mention{Href: m.URI, Name: "@" + m.Username + "@" + domain})
	}
	return parts
}

// txNoteParts reads a status's mentions and tags inside the transaction
// that is writing them.
func (a *Actions) txNoteParts(tx *store.Tx, author *store.Account, s *store.Status, mentionIDs []store.ID) (ap.NoteParts, error) {
	var mentioned []*store.Account
	for _, id := range mentionIDs {
		acc, err := tx.Account(id)
		if err != nil {
			return ap.NoteParts{}, err
		}
		mentioned = append(mentioned, acc)
	}
	tags, err := tx.StatusTagNames(s.ID)
	if err != nil {
		return ap.NoteParts{}, err
	}
	media, err := tx.StatusAttachments(s.ID)
	if err != nil {
		return ap.NoteParts{}, err
	}
	parts := a.noteParts(author, s, mentioned, tags, media)
	emojis, err := tx.TxStatusEmojis(s.ID)
	if err != nil {
		return ap.NoteParts{}, err
	}
	parts.Emojis = a.emojiTags(emojis)
	if s.PollID != nil {
		p, err := tx.Poll(*s.PollID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return ap.NoteParts{}, err
		}
		parts.Poll = pollDoc(p)
	}
	return parts, nil
}

// relatedNoteParts takes a status's mentions and tags from a loaded page,
// and its media from media (see DB.StatusAttachments).
func (a *Actions) relatedNoteParts(rel *Related, media map[store.ID][]store.StatusAttachment, s *store.Status) ap.NoteParts {
	var mentioned []*store.Account
	for _, id := range rel.Mentions[s.ID] {
		mentioned = append(mentioned, rel.Accounts[id])
	}
	var tags []string
	for _, t := range rel.Tags[s.ID] {
		tags = append(tags, t.Name)
	}
	parts := a.noteParts(rel.Accounts[s.AccountID], s, mentioned, tags, media[s.ID])
	parts.Poll = pollDoc(rel.Polls[s.ID])
	parts.Emojis = a.emojiTags(rel.Emojis[s.ID])
	return parts
}

// noteAttachments describes stored media as a Note's Documents; media not
// stored here keeps its origin's URL.
func (a *Actions) noteAttachments(media []store.StatusAttachment) []ap.Attachment {
	out := make([]ap.Attachment, 0, len(media))
	for _, m := range media {
		url := m.RemoteURL
		if m.FilePath != "" {
			url = a.MediaURL(m.FilePath)
		}
		if url == "" {
			continue
		}
		var meta struct {
			Original struct {
				Width    int     `json:"width"`
				Height   int     `json:"height"`
				Duration float64 `json:"duration"`
			} `json:"original"`
		}
		_ = json.Unmarshal([]byte(m.Meta), &meta) // sizes are optional
		kind := m.Kind
		if kind == "gifv" {
			kind = "video"
		}
		out = append(out, ap.Attachment{Kind: kind, MediaType: m.ContentType, URL: url, Description: m.Description,
			Blurhash: m.Blurhash, FocusX: m.FocusX, FocusY: m.FocusY, Width: meta.Original.Width, Height: meta.Original.Height,
			Duration: meta.Original.Duration})
	}
	return out
}

// emojiTags describes custom emojis for a Note's Emoji tags.
func (a *Actions) emojiTags(list []store.CustomEmoji) []store.Emoji {
	out := make([]store.Emoji, 0, len(list))
	for _, e := range list {
		out = append(out, store.Emoji{Shortcode: e.Shortcode, URL: a.EmojiURL(e)})
	}
	return out
}
