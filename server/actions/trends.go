package actions

import (
	"context"
	"sync"
	"time"

	"roost/store"
)

// Trends and suggestions come from local activity only. The thresholds
// keep a small instance honest: an empty list rather than one person's
// hashtag presented as a trend.
const (
	trendWindow       = 7 * 24 * time.Hour // "recently"
	trendMinAccounts  = 3                  // distinct accounts using a tag or link
	trendMinScore     = 3                  // favourites + reblogs of a status
	trendLimitDefault = 10
	trendLimitMax     = 20
	suggestionsMax    = 80
	directoryMax      = 80
)

// TrendArgs pages a list of trends (limit/offset, as Mastodon does).
type TrendArgs struct {
	Limit, Offset int
}

func (t TrendArgs) bounded(def, most int) TrendArgs {
	if t.Limit <= 0 {
		t.Limit = def
	}
	t.Limit = min(t.Limit, most)
	t.Offset = max(t.Offset, 0)
	return t
}

// TrendingTags are hashtags many accounts used lately, with their history.
type TrendingTags struct {
	Tags    []store.Tag
	History map[store.ID][]store.TagDay
}

// TrendingTags lists the hashtags used in public statuses by the most
// distinct accounts over the last week.
func (a *Actions) TrendingTags(ctx context.Context, args TrendArgs) (*TrendingTags, error) {
	args = args.bounded(trendLimitDefault, trendLimitMax)
	tags, err := a.DB.TrendingTags(ctx, time.Now().Add(-trendWindow), trendMinAccounts, args.Limit, args.Offset)
	if err != nil {
		return nil, err
	}
	ids := make([]store.ID, len(tags))
	for i, t := range tags {
		ids[i] = t.ID
	}
	history, err := a.DB.TagHistory(ctx, ids, tagHistoryDays, time.Now())
	if err != nil {
		return nil, err
	}
	return &TrendingTags{Tags: tags, History: history}, nil
}

// The web UI's sidebar shows a few trending hashtags on every page, read
// from memory and refreshed at most every sidebarTrendsTTL, so a page
// view does not run the trends query.
const (
	sidebarTrends    = 5
	sidebarTrendsTTL = 5 * time.Minute
)

type trendsCache struct {
	mu   sync.Mutex
	at   time.Time
	tags []store.Tag
}

// SidebarTrends is the first few trending hashtags, at most a few minutes old.
func (a *Actions) SidebarTrends(ctx context.Context) ([]store.Tag, error) {
	c := &a.trends
	c.mu.Lock() // held during a refresh, so concurrent pages wait for one query
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < sidebarTrendsTTL {
		return c.tags, nil
	}
	tags, err := a.DB.TrendingTags(ctx, time.Now().Add(-trendWindow), trendMinAccounts, sidebarTrends, 0)
	if err != nil {
		return nil, err
	}
	c.tags, c.at = tags, time.Now()
	return tags, nil
}

// TrendingStatuses lists recent public statuses with the most favourites
// and reblogs that the viewer may see, with what rendering them needs.
func (a *Actions) TrendingStatuses(ctx context.Context, viewer *store.Account, args TrendArgs) (*Statuses, error) {
	args = args.bounded(20, 40)
	list, err := a.DB.TrendingStatuses(ctx, idOf(viewer), time.Now().Add(-trendWindow), trendMinScore, args.Limit, args.Offset)
	if err != nil {
		return nil, err
	}
	return a.filteredStatuses(ctx, viewer, FilterPublic, list)
}

// TrendingLinks lists the links (preview cards) shared publicly by the
// most distinct accounts over the last week.
func (a *Actions) TrendingLinks(ctx context.Context, args TrendArgs) ([]store.LinkTrend, error) {
	args = args.bounded(trendLimitDefault, trendLimitMax)
	return a.DB.TrendingLinks(ctx, time.Now().Add(-trendWindow), tagHistoryDays, trendMinAccounts, args.Limit, args.Offset)
}

// Suggestions lists accounts the viewer's follows follow.
func (a *Actions) Suggestions(ctx context.Context, viewer *store.Account, limit int) ([]*store.Account, error) {
	if limit <= 0 {
		limit = 40
	}
	return a.DB.SuggestedAccounts(ctx, viewer.ID, min(limit, suggestionsMax))
}

// DismissSuggestion stops suggesting an account to the viewer.
func (a *Actions) DismissSuggestion(ctx context.Context, viewer *store.Account, id store.ID) error {
	target, err := a.targetAccount(ctx, id)
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DismissSuggestion(viewer.ID, target.ID) })
}

// DirectoryArgs is a profile directory request (GET /api/v1/directory).
type DirectoryArgs struct {
	Local  bool
	Newest bool // order=new; otherwise order=active
	TrendArgs
}

// Directory lists discoverable accounts.
func (a *Actions) Directory(ctx context.Context, args DirectoryArgs) ([]*store.Account, error) {
	p := args.TrendArgs.bounded(40, directoryMax)
	return a.DB.Directory(ctx, args.Local, args.Newest, p.Limit, p.Offset)
}
