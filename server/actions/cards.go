package actions

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"roost/server/media"
	"roost/store"
)

// Link previews. A local post's first link is previewed right after it is
// posted; a remote post's when a page first shows it, after a random
// delay, so that a post going viral does not send every server to the
// same page at the same moment. Previews are cached by URL (link_cards),
// failures too, and are not federated.

const (
	cardTTL        = 7 * 24 * time.Hour // a preview is fetched again after this
	cardFailureTTL = 24 * time.Hour     // a page that gave none is left alone this long
)

// cardQueue remembers the statuses whose preview is on its way, so that a
// page shown again meanwhile does not queue them twice.
type cardQueue struct {
	mu      sync.Mutex
	pending map[store.ID]bool
}

func (q *cardQueue) add(id store.ID) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.pending == nil {
		q.pending = map[store.ID]bool{}
	}
	if q.pending[id] {
		return false
	}
	q.pending[id] = true
	return true
}

func (q *cardQueue) done(id store.ID) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.pending, id)
}

// queueCard previews s's first link in the background, after a random
// delay below CardJitter when jitter is asked for (remote posts).
func (a *Actions) queueCard(s *store.Status, jitter bool) {
	if a.CardWorker == nil || a.CardClient == nil || s.ReblogOfID != nil || s.Card != "" {
		return
	}
	link := FirstLink(s.Content)
	if link == "" || !a.cards.add(s.ID) {
		return
	}
	id := s.ID
	submit := func() {
		err := a.CardWorker.Submit(func(ctx context.Context) {
			defer a.cards.done(id)
			if err := a.AttachCard(ctx, id, link); err != nil {
				a.Log.Debug("cards: previewing a link", "status", id, "err", err)
			}
		})
		if err != nil { // a full queue: the next view asks again
			a.cards.done(id)
		}
	}
	if !jitter || a.CardJitter <= 0 {
		submit()
		return
	}
	time.AfterFunc(rand.N(a.CardJitter), submit)
}

// queueRemoteCards previews the links of the remote statuses a page is
// about to show, if not done yet.
func (a *Actions) queueRemoteCards(statuses map[store.ID]*store.Status) {
	for _, s := range statuses {
		if !s.Local {
			a.queueCard(s, true)
		}
	}
}

// AttachCard previews link and stores the preview on the status, if the
// status still has no card and still links there.
func (a *Actions) AttachCard(ctx context.Context, statusID store.ID, link string) error {
	card, err := a.LinkPreview(ctx, link)
	if err != nil || card == "" {
		return err
	}
	return a.DB.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		s, err := tx.Status(statusID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil || s.Card != "" || FirstLink(s.Content) != link {
			return err
		}
		return tx.SetStatusCard(statusID, card)
	})
}

// LinkPreview returns the preview of link as stored JSON ("" when the page
// has none), from the cache while it is fresh, else fetched and cached.
func (a *Actions) LinkPreview(ctx context.Context, link string) (string, error) {
	card, at, err := a.DB.LinkCard(ctx, link)
	if err == nil && (time.Since(at) < cardFailureTTL || (card != "" && time.Since(at) < cardTTL)) {
		return card, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	fetched, fetchErr := a.fetchCard(ctx, link)
	if fetched != nil {
		card = mustJSON(fetched)
	} else {
		card = ""
	}
	if ctx.Err() != nil {
		return "", ctx.Err() // shutting down: not the page's fault
	}
	err = a.DB.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error { return tx.PutLinkCard(link, card, time.Now()) })
	if err != nil {
		return "", err
	}
	return card, fetchErr
}

// fetchCard reads the page's head (SSRF-safe, bounded in size and time)
// and downloads a small copy of its image.
func (a *Actions) fetchCard(ctx context.Context, link string) (*Card, error) {
	resp, err := a.CardClient.GetPage(ctx, link, "text/html, application/xhtml+xml;q=0.9", isHTML)
	if err != nil {
		return nil, err
	}
	card, imageURL := cardFromPage(link, resp.FinalURL, resp.Body)
	if card == nil {
		return nil, errors.New("cards: the page has no title")
	}
	if imageURL != "" && a.RemoteMedia != nil && a.Files != nil {
		if err := a.cardImage(ctx, card, imageURL); err != nil {
			a.Log.Debug("cards: image", "url", imageURL, "err", err)
		}
	}
	return card, nil
}

// cardImage keeps the small thumbnail of a preview's image (the size of
// an attachment's preview, at most 640 px wide), not the image itself.
func (a *Actions) cardImage(ctx context.Context, card *Card, imageURL string) error {
	img, err := a.fetchRemoteImage(ctx, "", imageURL)
	if err != nil {
		return err
	}
	name := media.NewName("cards", img.ThumbnailExt)
	if err := a.Files.Put(name, img.Thumbnail); err != nil {
		return err
	}
	card.Image, card.Width, card.Height, card.Blurhash = a.MediaURL(name), img.SmallSize.Width, img.SmallSize.Height, img.Blurhash
	return nil
}

// StatusCard is the preview card of a status the viewer may see (nil when
// it has none), for GET /api/v1/statuses/:id/card.
func (a *Actions) StatusCard(ctx context.Context, viewer *store.Account, id store.ID) (*Card, error) {
	s, err := a.visibleStatus(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	if s.ReblogOfID != nil {
		if s, err = a.visibleStatus(ctx, viewer, *s.ReblogOfID); err != nil {
			return nil, err
		}
	}
	return ParseCard(s.Card), nil
}

// cardChanged says whether an edit changed the first link of a status.
func cardChanged(before, after string) bool {
	return FirstLink(before) != FirstLink(after)
}
