package mastoapi

import (
	"time"

	"roost/store"
)

// Account is Mastodon's Account entity.
type Account struct {
	ID              string   `json:"id"`
	Username        string   `json:"username"`
	Acct            string   `json:"acct"`
	DisplayName     string   `json:"display_name"`
	Locked          bool     `json:"locked"`
	Bot             bool     `json:"bot"`
	Discoverable    bool     `json:"discoverable"`
	Group           bool     `json:"group"`
	CreatedAt       string   `json:"created_at"`
	Note            string   `json:"note"`
	URL             string   `json:"url"`
	URI             string   `json:"uri"`
	Avatar          string   `json:"avatar"`
	AvatarStatic    string   `json:"avatar_static"`
	Header          string   `json:"header"`
	HeaderStatic    string   `json:"header_static"`
	FollowersCount  int      `json:"followers_count"`
	FollowingCount  int      `json:"following_count"`
	StatusesCount   int      `json:"statuses_count"`
	LastStatusAt    *string  `json:"last_status_at"`
	Emojis          []Emoji  `json:"emojis"`
	Fields          []Field  `json:"fields"`
	HideCollections bool     `json:"hide_collections"`
	Indexable       bool     `json:"indexable"`
	Noindex         bool     `json:"noindex"`
	Roles           []Role   `json:"roles"`
	Moved           *Account `json:"moved"`
}

// CredentialAccount is the viewer's own Account with its settings.
type CredentialAccount struct {
	Account
	Source Source `json:"source"`
	Role   *Role  `json:"role,omitempty"`
}

// Source is what the user typed, and its posting defaults.
type Source struct {
	Privacy             string  `json:"privacy"`
	Sensitive           bool    `json:"sensitive"`
	Language            *string `json:"language"`
	Note                string  `json:"note"`
	Fields              []Field `json:"fields"`
	FollowRequestsCount int     `json:"follow_requests_count"`
	HideCollections     bool    `json:"hide_collections"`
	Discoverable        bool    `json:"discoverable"`
	Indexable           bool    `json:"indexable"`
}

// Field is a profile metadata row.
type Field struct {
	Name       string  `json:"name"`
	Value      string  `json:"value"`
	VerifiedAt *string `json:"verified_at"`
}

// Role is a role: a badge on an Account, or with its permissions the
// viewer's own role on a CredentialAccount.
type Role struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Color       string `json:"color"`
	Permissions string `json:"permissions,omitempty"`
	Highlighted bool   `json:"highlighted"`
}

// Emoji is a custom emoji.
type Emoji struct {
	Shortcode       string `json:"shortcode"`
	URL             string `json:"url"`
	StaticURL       string `json:"static_url"`
	VisibleInPicker bool   `json:"visible_in_picker"`
}

// Status is Mastodon's Status entity.
type Status struct {
	ID                 string             `json:"id"`
	CreatedAt          string             `json:"created_at"`
	InReplyToID        *string            `json:"in_reply_to_id"`
	InReplyToAccountID *string            `json:"in_reply_to_account_id"`
	Sensitive          bool               `json:"sensitive"`
	SpoilerText        string             `json:"spoiler_text"`
	Visibility         string             `json:"visibility"`
	Language           *string            `json:"language"`
	URI                string             `json:"uri"`
	URL                *string            `json:"url"`
	RepliesCount       int                `json:"replies_count"`
	ReblogsCount       int                `json:"reblogs_count"`
	FavouritesCount    int                `json:"favourites_count"`
	EditedAt           *string            `json:"edited_at"`
	Favourited         bool               `json:"favourited"`
	Reblogged          bool               `json:"reblogged"`
	Muted              bool               `json:"muted"`
	Bookmarked         bool               `json:"bookmarked"`
	Pinned             *bool              `json:"pinned,omitempty"`
	Content            string             `json:"content"`
	Text               *string            `json:"text,omitempty"`
	Filtered           []FilterResult     `json:"filtered"`
	Reblog             *Status            `json:"reblog"`
	Application        *StatusApplication `json:"application,omitempty"`
	Account            *Account           `json:"account"`
	MediaAttachments   []*MediaAttachment `json:"media_attachments"`
	Mentions           []Mention          `json:"mentions"`
	Tags               []Tag              `json:"tags"`
	Emojis             []Emoji            `json:"emojis"`
	Card               any                `json:"card"`
	Poll               any                `json:"poll"`
	// Quote is a *Quote, or a *ShallowQuote inside a quoted status; nil
	// when the status quotes nothing.
	Quote any `json:"quote"`
}

// Quote is Mastodon 4.5's Quote: the quoted status only when State is
// "accepted", otherwise null and nothing of it.
type Quote struct {
	State        string  `json:"state"`
	QuotedStatus *Status `json:"quoted_status"`
}

// ShallowQuote is a quote nested in a quoted status: its id only.
type ShallowQuote struct {
	State          string  `json:"state"`
	QuotedStatusID *string `json:"quoted_status_id"`
}

// StatusApplication names the app a status was posted with.
type StatusApplication struct {
	Name    string  `json:"name"`
	Website *string `json:"website"`
}

// Mention is an account a status mentions.
type Mention struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	URL      string `json:"url"`
	Acct     string `json:"acct"`
}

// Tag is a hashtag in a status.
type Tag struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Context is a status's thread.
type Context struct {
	Ancestors   []*Status `json:"ancestors"`
	Descendants []*Status `json:"descendants"`
}

// StatusEdit is one version in a status's history.
type StatusEdit struct {
	Content          string             `json:"content"`
	SpoilerText      string             `json:"spoiler_text"`
	Sensitive        bool               `json:"sensitive"`
	CreatedAt        string             `json:"created_at"`
	Account          *Account           `json:"account"`
	Poll             any                `json:"poll"`
	MediaAttachments []*MediaAttachment `json:"media_attachments"`
	Emojis           []Emoji            `json:"emojis"`
}

// StatusSource is what an author typed, for editing.
type StatusSource struct {
	ID          string `json:"id"`
	Text        string `json:"text"`
	SpoilerText string `json:"spoiler_text"`
}

// Relationship is how the viewer relates to an account.
type Relationship struct {
	ID                  string    `json:"id"`
	Following           bool      `json:"following"`
	ShowingReblogs      bool      `json:"showing_reblogs"`
	Notifying           bool      `json:"notifying"`
	Languages           *[]string `json:"languages"`
	FollowedBy          bool      `json:"followed_by"`
	Blocking            bool      `json:"blocking"`
	BlockedBy           bool      `json:"blocked_by"`
	Muting              bool      `json:"muting"`
	MutingNotifications bool      `json:"muting_notifications"`
	Requested           bool      `json:"requested"`
	RequestedBy         bool      `json:"requested_by"`
	DomainBlocking      bool      `json:"domain_blocking"`
	Endorsed            bool      `json:"endorsed"`
	Note                string    `json:"note"`
}

// Notification is Mastodon's Notification entity.
type Notification struct {
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	CreatedAt string   `json:"created_at"`
	GroupKey  string   `json:"group_key"`
	Account   *Account `json:"account"`
	Status    *Status  `json:"status,omitempty"`
}

// GroupedNotifications is GET /api/v2/notifications (Mastodon 4.3).
type GroupedNotifications struct {
	Accounts           []*Account          `json:"accounts"`
	Statuses           []*Status           `json:"statuses"`
	NotificationGroups []NotificationGroup `json:"notification_groups"`
}

// NotificationGroup is one group of notifications.
type NotificationGroup struct {
	GroupKey                 string   `json:"group_key"`
	NotificationsCount       int      `json:"notifications_count"`
	Type                     string   `json:"type"`
	MostRecentNotificationID string   `json:"most_recent_notification_id"`
	PageMinID                string   `json:"page_min_id"`
	PageMaxID                string   `json:"page_max_id"`
	LatestPageNotificationAt string   `json:"latest_page_notification_at"`
	SampleAccountIDs         []string `json:"sample_account_ids"`
	StatusID                 *string  `json:"status_id,omitempty"`
}

// timestamp is Mastodon's time format: ISO 8601 in UTC with milliseconds.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func optID(id *store.ID) *string {
	if id == nil {
		return nil
	}
	s := store.FormatID(*id)
	return &s
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Hashtag is Mastodon's Tag entity, as search and the tags API return it.
type Hashtag struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	URL       string       `json:"url"`
	History   []TagHistory `json:"history"`
	Following *bool        `json:"following,omitempty"`
}

// TagHistory is one day of a hashtag's use.
type TagHistory struct {
	Day      string `json:"day"`
	Uses     string `json:"uses"`
	Accounts string `json:"accounts"`
}

// SearchResults is GET /api/v2/search.
type SearchResults struct {
	Accounts []*Account `json:"accounts"`
	Statuses []*Status  `json:"statuses"`
	Hashtags []*Hashtag `json:"hashtags"`
}

// UnreadCount is GET /api/v1/notifications/unread_count (and v2's).
type UnreadCount struct {
	Count int `json:"count"`
}
