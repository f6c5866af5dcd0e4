package actions

import (
	"context"
	"errors"
	"strings"
	"unicode"

	"roost/federation/ap"
	"roost/store"
)

// MaxFeaturedTags is how many hashtags an account may feature, as in Mastodon.
const MaxFeaturedTags = 10

// maxTagChars bounds a hashtag's name.
const maxTagChars = 100

// FeaturedTags lists the hashtags an account features on its profile;
// anyone may read them, as the profile is public.
func (a *Actions) FeaturedTags(ctx context.Context, accountID store.ID) ([]*store.FeaturedTag, error) {
	acct, err := a.targetAccount(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return a.DB.FeaturedTags(ctx, acct.ID)
}

// validTagName accepts what Mastodon accepts as a hashtag: letters,
// digits, underscores and the middle dot, not digits alone.
func validTagName(name string) bool {
	if name == "" || len([]rune(name)) > maxTagChars {
		return false
	}
	letter := false
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || r == '_' || r == '·' || unicode.Is(unicode.Mn, r):
			letter = true
		case unicode.IsDigit(r):
		default:
			return false
		}
	}
	return letter
}

// FeatureTag features a hashtag on the viewer's profile and tells its
// followers' servers. Featuring one twice, or more than ten, is refused.
func (a *Actions) FeatureTag(ctx context.Context, viewer *store.Account, name string) (*store.FeaturedTag, error) {
	name = strings.TrimPrefix(strings.TrimSpace(name), "#")
	if !validTagName(name) {
		return nil, invalid("", "Tag is invalid")
	}
	var id store.ID
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.FeaturedTagCount(viewer.ID)
		if err != nil {
			return err
		}
		if n >= MaxFeaturedTags {
			return invalid("", "You have already featured the maximum number of hashtags")
		}
		tag, err := tx.EnsureTag(a.DB.NewID(), name)
		if err != nil {
			return err
		}
		id = a.DB.NewID()
		added, err := tx.InsertFeaturedTag(id, viewer.ID, tag.ID)
		if err != nil {
			return err
		}
		if !added {
			return invalid("", "Tag has already been taken")
		}
		return a.federate(tx, outgoing{Kind: activityFeatureTag, Actor: viewer, FeaturedTag: &store.FeaturedTag{ID: id, Name: tag.Name}})
	})
	if err != nil {
		return nil, err
	}
	return a.DB.FeaturedTag(ctx, viewer.ID, id)
}

// UnfeatureTag takes a hashtag off the viewer's profile.
func (a *Actions) UnfeatureTag(ctx context.Context, viewer *store.Account, id store.ID) error {
	ft, err := a.DB.FeaturedTag(ctx, viewer.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		removed, err := tx.DeleteFeaturedTag(viewer.ID, id)
		if err != nil || !removed {
			return err
		}
		return a.federate(tx, outgoing{Kind: activityUnfeatureTag, Actor: viewer, FeaturedTag: ft})
	})
}

// FeaturedTagSuggestions are the hashtags the viewer uses most and does
// not feature yet.
func (a *Actions) FeaturedTagSuggestions(ctx context.Context, viewer *store.Account) ([]store.Tag, error) {
	return a.DB.MostUsedTags(ctx, viewer.ID, MaxFeaturedTags)
}

func (a *Actions) featuredTagNames(ctx context.Context, account store.ID) ([]string, error) {
	list, err := a.DB.FeaturedTags(ctx, account)
	names := make([]string, 0, len(list))
	for _, f := range list {
		names = append(names, f.Name)
	}
	return names, err
}

// FeaturedTagsCollection is a local account's featuredTags collection:
// Hashtag objects, as Mastodon serves them.
func (a *Actions) FeaturedTagsCollection(ctx context.Context, username string) ([]any, error) {
	acct, err := a.LocalAccount(ctx, username)
	if err != nil {
		return nil, err
	}
	names, err := a.featuredTagNames(ctx, acct.ID)
	if err != nil {
		return nil, err
	}
	return ap.NewEmitter(a.Paths).Hashtags(names), nil
}
