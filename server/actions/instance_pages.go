package actions

import (
	"context"
	"errors"
	"strconv"
	"time"

	"roost/store"
)

// DefaultPrivacyPolicy stands until an admin writes the instance's own.
const DefaultPrivacyPolicy = `This server keeps what it needs to run your account and nothing more.

What we keep: your e-mail address and a hash of your password; the posts, pictures and profile you publish; whom you follow, mute and block; and, for each sign-in, the app, browser and address used, so you can review and revoke them.

Who sees it: public and unlisted posts are visible to anyone and are sent to the servers of your followers. Followers-only posts go only to your followers; direct posts only to the people they mention. Your e-mail address and sign-ins are seen by no one but you and the administrators.

Deleting: you can delete any post, or your whole account; the deletion is sent to the other servers that received them. You can export your data from the settings at any time.

We use no advertising, no tracking and no third-party analytics. Questions go to the administrators of this server.`

// InstanceDocument is a text of the instance, in HTML, with when it last changed.
type InstanceDocument struct {
	UpdatedAt time.Time
	HTML      string
}

// ExtendedDescription is the instance's description as a document.
func (a *Actions) ExtendedDescription(ctx context.Context) (*InstanceDocument, error) {
	s, err := a.InstanceSettings(ctx)
	if err != nil {
		return nil, err
	}
	return a.instanceDocument(ctx, settingDescription, s.Description)
}

// PrivacyPolicy is the instance's privacy policy as a document.
func (a *Actions) PrivacyPolicy(ctx context.Context) (*InstanceDocument, error) {
	s, err := a.InstanceSettings(ctx)
	if err != nil {
		return nil, err
	}
	return a.instanceDocument(ctx, settingPrivacyPolicy, s.PrivacyPolicy)
}

// instanceDocument formats an admin's plain text as a status would be;
// a text never edited is dated from the instance's start.
func (a *Actions) instanceDocument(ctx context.Context, key, src string) (*InstanceDocument, error) {
	f, err := a.format(ctx, src)
	if err != nil {
		return nil, err
	}
	doc := &InstanceDocument{HTML: f.HTML}
	raw, err := a.DB.Setting(ctx, key+updatedSuffix)
	if ms, perr := strconv.ParseInt(raw, 10, 64); err == nil && perr == nil {
		doc.UpdatedAt = time.UnixMilli(ms).UTC()
		return doc, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	doc.UpdatedAt, err = a.DB.InstanceStartedAt(ctx)
	return doc, err
}

// Peers lists the domains the instance has met. An allowlist-only
// instance keeps its peers and activity to itself, as Mastodon's limited
// federation mode does (404).
func (a *Actions) Peers(ctx context.Context) ([]string, error) {
	if a.Config.AllowlistOnly {
		return nil, ErrNotFound
	}
	return a.DB.Peers(ctx)
}

// activityWeeks is how many weeks /api/v1/instance/activity covers, as in Mastodon.
const activityWeeks = 12

// InstanceActivity counts the local activity of the last 12 weeks, the
// current one first; weeks start on Monday, 00:00 UTC.
func (a *Actions) InstanceActivity(ctx context.Context, now time.Time) ([]store.WeekActivity, error) {
	if a.Config.AllowlistOnly {
		return nil, ErrNotFound
	}
	day := now.UTC().Truncate(24 * time.Hour)
	start := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	out := make([]store.WeekActivity, 0, activityWeeks)
	for i := range activityWeeks {
		w, err := a.DB.WeekActivityFrom(ctx, start.AddDate(0, 0, -7*i))
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// Language is a language posts may be written in.
type Language struct {
	Code string
	Name string // in English, as Mastodon names them
}

// Languages are the ISO 639-1 languages the instance knows (a fresh
// slice each time: callers may not change a shared one).
func Languages() []Language {
	return []Language{{"ar", "Arabic"}, {"be", "Belarusian"}, {"bg", "Bulgarian"}, {"bn", "Bengali"},
		{"br", "Breton"}, {"ca", "Catalan"}, {"cs", "Czech"}, {"cy", "Welsh"}, {"da", "Danish"}, {"de", "German"},
		{"el", "Greek"}, {"en", "English"}, {"eo", "Esperanto"}, {"es", "Spanish"}, {"et", "Estonian"},
		{"eu", "Basque"}, {"fa", "Persian"}, {"fi", "Finnish"}, {"fr", "French"}, {"fy", "Frisian"},
		{"ga", "Irish"}, {"gd", "Scottish Gaelic"}, {"gl", "Galician"}, {"he", "Hebrew"}, {"hi", "Hindi"},
		{"hr", "Croatian"}, {"hu", "Hungarian"}, {"hy", "Armenian"}, {"id", "Indonesian"}, {"is", "Icelandic"},
		{"it", "Italian"}, {"ja", "Japanese"}, {"ka", "Georgian"}, {"kk", "Kazakh"}, {"ko", "Korean"},
		{"la", "Latin"}, {"lt", "Lithuanian"}, {"lv", "Latvian"}, {"ms", "Malay"}, {"nb", "Norwegian Bokmål"},
		{"nl", "Dutch"}, {"nn", "Norwegian Nynorsk"}, {"oc", "Occitan"}, {"pl", "Polish"}, {"pt", "Portuguese"},
		{"ro", "Romanian"}, {"ru", "Russian"}, {"sk", "Slovak"}, {"sl", "Slovenian"}, {"sq", "Albanian"},
		{"sr", "Serbian"}, {"sv", "Swedish"}, {"ta", "Tamil"}, {"th", "Thai"}, {"tr", "Turkish"},
		{"uk", "Ukrainian"}, {"ur", "Urdu"}, {"vi", "Vietnamese"}, {"zh", "Chinese"}}
}
