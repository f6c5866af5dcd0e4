package actions

import (
	"context"

	"golang.org/x/text/language"

	"roost/store"
)

// SetLocale chooses the language Roost speaks to a user in its web pages.
// Any BCP 47 tag is kept as given, so a language the UI learns later is
// picked up without asking the user again.
func (a *Actions) SetLocale(ctx context.Context, userID store.ID, locale string) error {
	tag, err := language.Parse(locale)
	if err != nil || len(locale) > 35 {
		return invalid("locale", "is not a known language")
	}
	u, err := a.DB.User(ctx, userID)
	if err != nil {
		return err
	}
	u.Locale = tag.String()
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.UpdateUser(u) })
}

// SetWebPreferences saves the web interface's preferences: its language,
// and whether content warnings open by themselves.
func (a *Actions) SetWebPreferences(ctx context.Context, userID store.ID, locale string, expandSpoilers bool) error {
	tag, err := language.Parse(locale)
	if err != nil || len(locale) > 35 {
		return invalid("locale", "is not a known language")
	}
	u, err := a.DB.User(ctx, userID)
	if err != nil {
		return err
	}
	u.Locale = tag.String()
	u.Settings.ExpandSpoilers = expandSpoilers
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.UpdateUser(u) })
}
