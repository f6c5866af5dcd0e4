package actions

import (
	"context"
	"errors"
	"regexp"

	"roost/server/text"
	"roost/store"
)

// formatted is a status's text as HTML, with its mentions resolved to
// known accounts and its hashtags.
type formatted struct {
	HTML     string
	Mentions []*store.Account
	Tags     []string
}

// format renders what a local user typed. Mentions of accounts Roost does not
// know stay plain text until remote lookup (webfinger) is wired in.
func (a *Actions) format(ctx context.Context, src string) (*formatted, error) {
	var lookupErr error
	found := map[text.Handle]*store.Account{}
	res := text.Format(src, text.Options{
		Resolve: func(h text.Handle) (string, bool) {
			if acct, ok := found[h]; ok {
				return acct.URL, acct != nil
			}
			domain := h.Domain
			if domain == a.Config.Host {
				domain = ""
			}
			acct, err := a.DB.AccountByHandle(ctx, h.Username, domain)
			if err != nil {
				if !errors.Is(err, store.ErrNotFound) {
					lookupErr = err
				}
				found[h] = nil
				return "", false
			}
			found[h] = acct
			url := acct.URL
			if url == "" {
				url = acct.URI
			}
			return url, true
		},
		TagURL: a.Paths.Tag,
	})
	if lookupErr != nil {
		return nil, lookupErr
	}
	out := &formatted{HTML: res.HTML, Tags: res.Tags}
	seen := map[store.ID]bool{}
	for _, h := range res.Mentions {
		if acct := found[h]; acct != nil && !seen[acct.ID] {
			seen[acct.ID] = true
			out.Mentions = append(out.Mentions, acct)
		}
	}
	return out, nil
}

var languagePattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z]{2,4})?$`)

func checkLanguage(lang string) error {
	if lang != "" && !languagePattern.MatchString(lang) {
		return invalid("language", "is not a valid language code")
	}
	return nil
}

// writeMentionsAndTags stores a status's mentions and tags, replacing any
// it had. A local account that blocks the author is not mentioned at all:
// it is dropped from f.Mentions, so it is neither notified nor addressed.
func (a *Actions) writeMentionsAndTags(tx *store.Tx, author store.ID, statusID store.ID, f *formatted) error {
	if err := tx.DeleteMentions(statusID); err != nil {
		return err
	}
	kept := f.Mentions[:0:0]
	for _, m := range f.Mentions {
		blocked, err := tx.Blocking(m.ID, author)
		if err != nil {
			return err
		}
		if !blocked || !m.Local() {
			kept = append(kept, m)
		}
	}
	f.Mentions = kept
	for _, m := range f.Mentions {
		if err := tx.InsertMention(statusID, m.ID); err != nil {
			return err
		}
	}
	var tagIDs []store.ID
	for _, name := range f.Tags {
		tag, err := tx.EnsureTag(a.DB.NewID(), name)
		if err != nil {
			return err
		}
		tagIDs = append(tagIDs, tag.ID)
	}
	return tx.SetStatusTags(statusID, tagIDs)
}
