package actions

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"roost/store"
)

// Search types, as Mastodon's type parameter names them.
const (
	SearchAccounts = "accounts"
	SearchHashtags = "hashtags"
	SearchStatuses = "statuses"
)

// SearchArgs is a search as a client asks for it (GET /api/v2/search).
type SearchArgs struct {
	Query string
	Type  string // "" for every type
	// Resolve asks to look the query up on the network (a handle or URL).
	Resolve   bool
	Following bool     // accounts the viewer follows only
	AccountID store.ID // statuses by this account only
	// ExcludeUnreviewed would drop hashtags a moderator has not reviewed;
	// Roost has no hashtag review, so every known tag counts as reviewed.
	ExcludeUnreviewed bool
	Limit, Offset     int
	Page              store.Page // max_id / min_id over statuses
}

// SearchResults is what a search found.
type SearchResults struct {
	Accounts   []*store.Account
	Tags       []store.Tag
	TagHistory map[store.ID][]store.TagDay
	*Statuses
}

// tagHistoryDays is how many days of use a hashtag shows, as in Mastodon.
const tagHistoryDays = 7

// hashtagName is a hashtag as text.Format recognises one, without the '#'.
var hashtagName = regexp.MustCompile(`^[\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*$`)

// Search finds accounts by the start of their names, hashtags by the start
// of theirs and statuses containing the query. Statuses are searched only
// for a signed-in viewer, as Mastodon does, and only among those the
// viewer may see.
func (a *Actions) Search(ctx context.Context, viewer *store.Account, args SearchArgs) (*SearchResults, error) {
	out := &SearchResults{Statuses: &Statuses{Related: &Related{}}}
	q := strings.TrimSpace(args.Query)
	if q == "" {
		return nil, invalid("q", "can't be blank")
	}
	wants := func(typ string) bool { return args.Type == "" || args.Type == typ }
	if args.Limit <= 0 {
		args.Limit = 20
	}
	var found []*store.Status
	if args.Resolve && viewer != nil {
		r, err := a.resolveRemote(ctx, viewer, q)
		if err != nil {
			return nil, err
		}
		out.Accounts, found = r.Accounts, r.Statuses
	}
	if strings.HasPrefix(q, "https://") || strings.HasPrefix(q, "http://") {
		return a.searchURL(ctx, viewer, q, wants, out, found)
	}
	if wants(SearchAccounts) && strings.Trim(q, "@") != "" {
		accounts, err := a.DB.SearchAccounts(ctx, a.accountSearch(viewer, q, args.Following, args.Limit, args.Offset))
		if err != nil {
			return nil, err
		}
		for _, f := range accounts {
			if !containsAccount(out.Accounts, f.ID) {
				out.Accounts = append(out.Accounts, f)
			}
		}
	}
	if name := strings.TrimPrefix(q, "#"); wants(SearchHashtags) && hashtagName.MatchString(name) {
		if err := a.searchTags(ctx, name, args, out); err != nil {
			return nil, err
		}
	}
	if wants(SearchStatuses) && viewer != nil && !looksLikeHandle(q) {
		p := args.Page
		p.Limit = args.Limit
		list, err := a.DB.SearchStatuses(ctx, store.StatusSearch{Viewer: viewer.ID, Text: q, Account: args.AccountID, Offset: args.Offset}, p)
		if err != nil {
			return nil, err
		}
		found = append(found, list...)
	}
	if !wants(SearchStatuses) {
		found = nil
	}
	if !wants(SearchAccounts) {
		out.Accounts = nil
	}
	return a.searchStatuses(ctx, viewer, out, found)
}

// searchTags finds hashtags starting with name, with their week of use.
func (a *Actions) searchTags(ctx context.Context, name string, args SearchArgs, out *SearchResults) error {
	tags, err := a.DB.SearchTags(ctx, name, args.Limit, args.Offset)
	if err != nil {
		return err
	}
	ids := make([]store.ID, len(tags))
	for i, t := range tags {
		ids[i] = t.ID
	}
	out.Tags = tags
	out.TagHistory, err = a.DB.TagHistory(ctx, ids, tagHistoryDays, time.Now())
	return err
}

// Resolved is what a network lookup found for a search.
type Resolved struct {
	Accounts []*store.Account
	Statuses []*store.Status
}

// resolveRemote is where search with resolve=true fetches a remote account
// (by handle, through WebFinger) or status (by URL) into the store, with
// Resolve. What cannot be found is no error: search then answers from what
// the instance already knows. searchStatuses checks what the viewer may see.
func (a *Actions) resolveRemote(ctx context.Context, viewer *store.Account, q string) (*Resolved, error) {
	if !looksLikeHandle(q) && !strings.HasPrefix(q, "https://") && !strings.HasPrefix(q, "http://") {
		return &Resolved{}, nil
	}
	r, err := a.Resolve(ctx, q)
	var inv *ErrInvalid
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrRemote) || errors.As(err, &inv) {
		return &Resolved{}, nil
	}
	if err != nil {
		return nil, err
	}
	if len(r.Accounts) == 1 && r.Accounts[0].SuspendedAt != nil {
		r.Accounts = nil
	}
	return r, nil
}

// searchURL answers a query that is a link: the account or status with
// that ActivityPub id, when known and visible.
func (a *Actions) searchURL(ctx context.Context, viewer *store.Account, q string, wants func(string) bool, out *SearchResults, found []*store.Status) (*SearchResults, error) {
	if wants(SearchAccounts) && len(out.Accounts) == 0 {
		acct, err := a.DB.AccountByURI(ctx, q)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if acct != nil && acct.SuspendedAt == nil {
			out.Accounts = append(out.Accounts, acct)
		}
	}
	if wants(SearchStatuses) && len(found) == 0 {
		s, err := a.DB.StatusByURI(ctx, q)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if s != nil {
			found = append(found, s)
		}
	}
	if !wants(SearchAccounts) {
		out.Accounts = nil
	}
	return a.searchStatuses(ctx, viewer, out, found)
}

// searchStatuses keeps the found statuses the viewer may see (a resolved
// or linked status has not been through the store's list rule) and loads
// what rendering them needs.
func (a *Actions) searchStatuses(ctx context.Context, viewer *store.Account, out *SearchResults, found []*store.Status) (*SearchResults, error) {
	var visible []*store.Status
	for _, s := range found {
		ok, err := a.CanSee(ctx, viewer, s)
		if err != nil {
			return nil, err
		}
		if ok {
			visible = append(visible, s)
		}
	}
	page, err := a.statuses(ctx, viewer, visible, nil)
	if err != nil {
		return nil, err
	}
	out.Statuses = page
	return out, nil
}

// looksLikeHandle reports whether q names an account ("@user",
// "user@host"), for which Mastodon does not search statuses.
func looksLikeHandle(q string) bool {
	return !strings.ContainsAny(q, " \t\n") && (strings.HasPrefix(q, "@") || strings.Contains(q, "@"))
}

// accountSearch turns a query into an account search: "user", "@user",
// "user@host" (this host means local accounts only), "user@remote.example".
func (a *Actions) accountSearch(viewer *store.Account, q string, following bool, limit, offset int) store.AccountSearch {
	q = strings.TrimPrefix(q, "@")
	s := store.AccountSearch{Viewer: idOf(viewer), Prefix: q, Following: following && viewer != nil, Limit: limit, Offset: offset}
	if name, domain, ok := strings.Cut(q, "@"); ok {
		s.Prefix, s.Domain = name, domain
		s.LocalOnly = strings.EqualFold(domain, a.Config.Host)
	}
	return s
}

// AccountSearchArgs is GET /api/v1/accounts/search.
type AccountSearchArgs struct {
	Query         string
	Resolve       bool
	Following     bool
	Limit, Offset int
}

// SearchAccounts finds local and known remote accounts whose username or
// display name starts with the query.
func (a *Actions) SearchAccounts(ctx context.Context, viewer *store.Account, args AccountSearchArgs) ([]*store.Account, error) {
	q := strings.TrimSpace(args.Query)
	if strings.Trim(q, "@") == "" {
		return nil, nil
	}
	var out []*store.Account
	if args.Resolve && viewer != nil {
		r, err := a.resolveRemote(ctx, viewer, q)
		if err != nil {
			return nil, err
		}
		out = r.Accounts
	}
	found, err := a.DB.SearchAccounts(ctx, a.accountSearch(viewer, q, args.Following, args.Limit, args.Offset))
	if err != nil {
		return nil, err
	}
	for _, f := range found {
		if !containsAccount(out, f.ID) {
			out = append(out, f)
		}
	}
	return out, nil
}

func containsAccount(list []*store.Account, id store.ID) bool {
	for _, a := range list {
		if a.ID == id {
			return true
		}
	}
	return false
}

// TagView is a hashtag with its recent use.
type TagView struct {
	Tag     store.Tag
	History []store.TagDay // today first
	// Following is whether the viewer follows the tag (FollowedTag).
	Following bool
}

// Tag returns a hashtag by name; a well-formed name not used yet is a tag
// with no id, so apps can show (and later follow) it, as Mastodon does.
func (a *Actions) Tag(ctx context.Context, name string) (*TagView, error) {
	if !hashtagName.MatchString(name) {
		return nil, ErrNotFound
	}
	t, err := a.DB.TagByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		t, err = &store.Tag{Name: name}, nil
	}
	if err != nil {
		return nil, err
	}
	history, err := a.DB.TagHistory(ctx, []store.ID{t.ID}, tagHistoryDays, time.Now())
	if err != nil {
		return nil, err
	}
	return &TagView{Tag: *t, History: history[t.ID]}, nil
}
