package mastoapi

import (
	"strconv"

	"roost/server/actions"
	"roost/store"
)

// account renders an Account entity. Remote avatars, headers and emojis
// are served from their origin until copied here; accounts without a
// picture get Roost's default.
func (api *API) account(a *store.Account) *Account {
	if a == nil {
		return nil
	}
	out := &Account{
		ID: store.FormatID(a.ID), Username: a.Username, Acct: a.Acct(), DisplayName: a.DisplayName,
		Locked: a.Locked, Bot: a.Bot || a.ActorType == "Service" || a.ActorType == "Application", Discoverable: a.Discoverable,
		Group: a.ActorType == "Group", CreatedAt: timestamp(a.CreatedAt.UTC().Truncate(24 * 60 * 60 * 1e9)),
		Note: a.Note, URL: a.URL, URI: a.URI, Avatar: api.DefaultAvatar, Header: api.DefaultHeader,
		FollowersCount: a.FollowersCount, FollowingCount: a.FollowingCount, StatusesCount: a.StatusesCount,
		Emojis: []Emoji{}, Fields: []Field{}, HideCollections: a.HideCollections, Indexable: a.Indexable,
		Noindex: !a.Indexable, Roles: []Role{},
	}
	if out.URL == "" {
		out.URL = a.URI
	}
	if url := api.Actions.AvatarURL(a); url != "" {
		out.Avatar = url
	}
	if url := api.Actions.HeaderURL(a); url != "" {
		out.Header = url
	}
	out.AvatarStatic, out.HeaderStatic = out.Avatar, out.Header
	if a.LastStatusAt != nil {
		day := a.LastStatusAt.UTC().Format("2006-01-02")
		out.LastStatusAt = &day
	}
	for _, e := range a.Emojis {
		url := api.Actions.AccountEmojiURL(e)
		static := e.StaticURL
		if static == "" || e.Path != "" {
			static = url
		}
		out.Emojis = append(out.Emojis, Emoji{Shortcode: e.Shortcode, URL: url, StaticURL: static, VisibleInPicker: false})
	}
	for _, f := range a.Fields {
		field := Field{Name: f.Name, Value: f.Value}
		if f.VerifiedAt != nil {
			t := timestamp(*f.VerifiedAt)
			field.VerifiedAt = &t
		}
		out.Fields = append(out.Fields, field)
	}
	return out
}

func (api *API) accounts(list []*store.Account) []*Account {
	out := make([]*Account, 0, len(list))
	for _, a := range list {
		out = append(out, api.account(a))
	}
	return out
}

// credentialAccount renders the viewer's own account with its source.
func (api *API) credentialAccount(c *actions.Credentials) *CredentialAccount {
	out := &CredentialAccount{Account: *api.account(c.Account)}
	out.Source = Source{Privacy: c.User.Settings.DefaultPrivacy, Sensitive: c.User.Settings.DefaultSensitive,
		Language: optString(c.User.Settings.DefaultLanguage), Note: c.Account.NoteSource, Fields: []Field{},
		FollowRequestsCount: c.FollowRequestsCount, HideCollections: c.Account.HideCollections,
		Discoverable: c.Account.Discoverable, Indexable: c.Account.Indexable}
	out.Role = userRole(c.User.Role)
	if out.Source.Privacy == "" {
		out.Source.Privacy = store.VisibilityPublic
	}
	for _, f := range c.Account.Fields {
		src := f.Source
		if src == "" {
			src = f.Value
		}
		out.Source.Fields = append(out.Source.Fields, Field{Name: f.Name, Value: src})
	}
	return out
}

// userRole is the viewer's role as Mastodon's default roles describe it;
// permissions are Mastodon's bit flags (apps use them to offer moderation).
func userRole(role string) *Role {
	const invite, administrator = 1 << 16, 1 << 0
	// view_audit_log, view_dashboard, manage_reports, manage_taxonomies,
	// manage_appeals, manage_users
	const moderate = 1<<2 | 1<<3 | 1<<4 | 1<<8 | 1<<9 | 1<<10
	switch role {
	case store.RoleAdmin:
		return &Role{ID: "3", Name: "Admin", Color: "", Permissions: strconv.Itoa(invite | administrator | moderate), Highlighted: true}
	case store.RoleModerator:
		return &Role{ID: "1", Name: "Moderator", Color: "", Permissions: strconv.Itoa(invite | moderate), Highlighted: true}
	}
	return &Role{ID: "-99", Name: "", Color: "", Permissions: strconv.Itoa(invite)}
}

// status renders one status from a batch-loaded page; a reblog nests its
// original, a quote the quoted status.
func (api *API) status(rel *actions.Related, s *store.Status, viewer *store.Account) *Status {
	return api.statusAt(rel, s, viewer, false)
}

// statusAt renders a status; a quoted one (nested) shows its own quote
// shallow, as Mastodon does, which also ends any quote cycle.
func (api *API) statusAt(rel *actions.Related, s *store.Status, viewer *store.Account, nested bool) *Status {
	if s == nil {
		return nil
	}
	out := &Status{
		ID: store.FormatID(s.ID), CreatedAt: timestamp(s.CreatedAt), InReplyToID: optID(s.InReplyToID),
		InReplyToAccountID: optID(s.InReplyToAccountID), Sensitive: s.Sensitive, SpoilerText: s.SpoilerText,
		Visibility: s.Visibility, Language: optString(s.Language), URI: s.URI, URL: optString(s.URL),
		RepliesCount: s.RepliesCount, ReblogsCount: s.ReblogsCount, FavouritesCount: s.FavouritesCount,
		Content: s.Content, Filtered: filterResults(rel.Filtered[s.ID]), Account: api.account(rel.Accounts[s.AccountID]),
		MediaAttachments: api.attachments(rel.Media[s.ID]), Mentions: []Mention{}, Tags: []Tag{}, Emojis: []Emoji{},
	}
	if s.EditedAt != nil {
		t := timestamp(*s.EditedAt)
		out.EditedAt = &t
	}
	if s.ReblogOfID != nil {
		out.Reblog = api.status(rel, rel.Statuses[*s.ReblogOfID], viewer)
		if out.Reblog != nil {
			out.Favourited, out.Reblogged, out.Bookmarked = out.Reblog.Favourited, out.Reblog.Reblogged, out.Reblog.Bookmarked
			out.Muted = out.Reblog.Muted
		}
		return out
	}
	if s.ApplicationID != nil {
		if app := rel.Apps[*s.ApplicationID]; app != nil {
			out.Application = &StatusApplication{Name: app.Name, Website: optString(app.Website)}
		}
	}
	if f := rel.Flags[s.ID]; f != nil {
		out.Favourited, out.Reblogged, out.Bookmarked, out.Muted = f.Favourited, f.Reblogged, f.Bookmarked, f.Muted
		if viewer != nil && viewer.ID == s.AccountID {
			pinned := f.Pinned
			out.Pinned = &pinned
		}
	}
	for _, id := range rel.Mentions[s.ID] {
		if a := rel.Accounts[id]; a != nil {
			url := a.URL
			if url == "" {
				url = a.URI
			}
			out.Mentions = append(out.Mentions, Mention{ID: store.FormatID(a.ID), Username: a.Username, URL: url, Acct: a.Acct()})
		}
	}
	for _, t := range rel.Tags[s.ID] {
		out.Tags = append(out.Tags, Tag{Name: t.Name, URL: api.Actions.Paths.Tag(t.Name)})
	}
	out.Emojis = api.statusEmojis(rel.Emojis[s.ID])
	if p := rel.Polls[s.ID]; p != nil {
		out.Poll = poll(p, s.AccountID, viewer, rel.OwnVotes[p.ID])
	}
	if card := previewCard(actions.ParseCard(s.Card)); card != nil {
		out.Card = card
	}
	out.Quote = api.quote(rel, rel.Quotes[s.ID], viewer, nested)
	return out
}

// quote renders what the viewer may see of a quoted status: never more
// than actions decided (Related.Quotes holds only what CanSee allowed).
func (api *API) quote(rel *actions.Related, q *actions.Quote, viewer *store.Account, nested bool) any {
	if q == nil {
		return nil
	}
	if nested {
		out := &ShallowQuote{State: q.State}
		if q.Status != nil {
			id := store.FormatID(q.Status.ID)
			out.QuotedStatusID = &id
		}
		return out
	}
	out := &Quote{State: q.State}
	if q.Status != nil {
		out.QuotedStatus = api.statusAt(rel, q.Status, viewer, true)
		if out.QuotedStatus != nil && out.QuotedStatus.Account == nil {
			out.State, out.QuotedStatus = actions.QuotePending, nil
		}
	}
	return out
}

func (api *API) statuses(rel *actions.Related, list []*store.Status, viewer *store.Account) []*Status {
	out := make([]*Status, 0, len(list))
	for _, s := range list {
		if st := api.status(rel, s, viewer); st != nil && st.Account != nil {
			out = append(out, st)
		}
	}
	return out
}

func relationship(r *store.Relationship) *Relationship {
	return &Relationship{
		ID: store.FormatID(r.TargetID), Following: r.Following, ShowingReblogs: r.ShowingReblogs, Notifying: r.Notifying,
		FollowedBy: r.FollowedBy, Blocking: r.Blocking, BlockedBy: r.BlockedBy, Muting: r.Muting,
		MutingNotifications: r.MutingNotifications, Requested: r.Requested, RequestedBy: r.RequestedBy,
		Languages: followLanguages(r), Endorsed: r.Endorsed, Note: r.Note,
	}
}

// followLanguages is the relationship's languages: null when the viewer
// neither follows nor asked to, or sees every language.
func followLanguages(r *store.Relationship) *[]string {
	if len(r.Languages) == 0 || !r.Following && !r.Requested {
		return nil
	}
	return &r.Languages
}

func (api *API) notification(rel *actions.Related, n *store.Notification, viewer *store.Account) *Notification {
	out := &Notification{ID: store.FormatID(n.ID), Type: n.Type, CreatedAt: timestamp(n.CreatedAt), GroupKey: n.GroupKey,
		Account: api.account(rel.Accounts[n.FromAccountID])}
	if n.StatusID != nil {
		out.Status = api.status(rel, rel.Statuses[*n.StatusID], viewer)
	}
	return out
}
