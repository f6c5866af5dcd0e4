package actions

import (
	"context"

	"roost/store"
)

// V1FilterArgs are a filter as apps written for Mastodon before 4.0 send
// it: one phrase. Roost keeps it as a filter with one keyword, and the v1
// filter's id is the keyword's, as in Mastodon.
type V1FilterArgs struct {
	Phrase       string
	Contexts     []string
	Irreversible bool // drop matches rather than warn
	WholeWord    bool
	ExpiresIn    *int
}

// V1Filter is one keyword seen as a v1 filter.
type V1Filter struct {
	Keyword store.FilterKeyword
	Filter  *store.Filter
}

func (args V1FilterArgs) filterArgs() FilterArgs {
	action := "warn"
	if args.Irreversible {
		action = "hide"
	}
	contexts := args.Contexts
	if contexts == nil {
		contexts = []string{}
	}
	return FilterArgs{Title: &args.Phrase, Contexts: contexts, Action: &action, ExpiresIn: args.ExpiresIn}
}

// CreateV1Filter makes a filter of one phrase.
func (a *Actions) CreateV1Filter(ctx context.Context, viewer *store.Account, args V1FilterArgs) (*V1Filter, error) {
	fa := args.filterArgs()
	fa.Keywords = []KeywordArgs{{Keyword: args.Phrase, WholeWord: &args.WholeWord}}
	if err := checkKeyword(fa.Keywords[0]); err != nil {
		return nil, invalid("phrase", "can't be blank")
	}
	f, err := a.CreateFilter(ctx, viewer, fa)
	if err != nil {
		return nil, err
	}
	return &V1Filter{Keyword: f.Keywords[0], Filter: f}, nil
}

// V1Filters lists every keyword of the viewer's filters as a v1 filter.
func (a *Actions) V1Filters(ctx context.Context, viewer *store.Account) ([]*V1Filter, error) {
	filters, err := a.Filters(ctx, viewer)
	if err != nil {
		return nil, err
	}
	var out []*V1Filter
	for _, f := range filters {
		for _, kw := range f.Keywords {
			out = append(out, &V1Filter{Keyword: kw, Filter: f})
		}
	}
	return out, nil
}

// GetV1Filter returns one keyword of the viewer's as a v1 filter.
func (a *Actions) GetV1Filter(ctx context.Context, viewer *store.Account, id store.ID) (*V1Filter, error) {
	kw, f, err := a.FilterKeyword(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	return &V1Filter{Keyword: *kw, Filter: f}, nil
}

// UpdateV1Filter changes the phrase and, for its whole filter, the
// contexts, action and expiry.
func (a *Actions) UpdateV1Filter(ctx context.Context, viewer *store.Account, id store.ID, args V1FilterArgs) (*V1Filter, error) {
	kw, f, err := a.FilterKeyword(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	fa := args.filterArgs()
	fa.Title = &f.Title
	fa.Keywords = []KeywordArgs{{ID: kw.ID, Keyword: args.Phrase, WholeWord: &args.WholeWord}}
	if err := checkKeyword(fa.Keywords[0]); err != nil {
		return nil, invalid("phrase", "can't be blank")
	}
	if _, err := a.UpdateFilter(ctx, viewer, f.ID, fa); err != nil {
		return nil, err
	}
	return a.GetV1Filter(ctx, viewer, id)
}

// DeleteV1Filter removes the keyword, and its filter when nothing is left in it.
func (a *Actions) DeleteV1Filter(ctx context.Context, viewer *store.Account, id store.ID) error {
	kw, f, err := a.FilterKeyword(ctx, viewer, id)
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error {
		if len(f.Keywords) == 1 && len(f.Statuses) == 0 {
			return tx.DeleteFilter(f.ID)
		}
		return tx.DeleteFilterKeyword(kw.ID)
	})
}
