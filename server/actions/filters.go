package actions

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"roost/server/text"
	"roost/store"
)

// The contexts a filter applies in, as Mastodon names them.
const (
	FilterHome          = "home"
	FilterNotifications = "notifications"
	FilterPublic        = "public"
	FilterThread        = "thread"
	FilterAccount       = "account"
)

var filterContexts = []string{FilterHome, FilterNotifications, FilterPublic, FilterThread, FilterAccount}

// Bounds on what one filter holds; Mastodon leaves them open, a board cannot.
const (
	maxFilterText     = 256 // characters of a title or a keyword
	maxFilterKeywords = 100
)

// MaxExpirySeconds bounds expires_in and a mute's duration, so that adding
// them to now cannot overflow; callers clamp to it before converting.
const MaxExpirySeconds = 10 * 365 * 24 * 60 * 60

// FilterArgs are a filter as a client sends it; nil fields keep their
// current value on an update.
type FilterArgs struct {
	Title    *string
	Contexts []string // nil: keep
	Action   *string
	// ExpiresIn is seconds from now; a pointer to 0 means never.
	ExpiresIn *int
	Keywords  []KeywordArgs
}

// KeywordArgs add (ID 0), change or, with Destroy, remove a keyword.
type KeywordArgs struct {
	ID        store.ID
	Keyword   string
	WholeWord *bool
	Destroy   bool
}

func (args FilterArgs) apply(f *store.Filter) error {
	if args.Title != nil {
		f.Title = strings.TrimSpace(*args.Title)
	}
	if f.Title == "" {
		return invalid("title", "can't be blank")
	}
	if text.Length(f.Title) > maxFilterText {
		return invalid("title", "is too long (maximum is 256 characters)")
	}
	if len(f.Keywords)+len(args.Keywords) > maxFilterKeywords {
		return invalid("keywords_attributes", "must not be more than 100")
	}
	if args.Contexts != nil {
		f.Contexts = nil
		for _, c := range args.Contexts {
			if !slices.Contains(f.Contexts, c) {
				f.Contexts = append(f.Contexts, c)
			}
		}
	}
	if len(f.Contexts) == 0 {
		return invalid("context", "can't be blank")
	}
	for _, c := range f.Contexts {
		if !slices.Contains(filterContexts, c) {
			return invalid("context", "must be one of home, notifications, public, thread, account")
		}
	}
	if args.Action != nil && *args.Action != "" {
		f.Action = *args.Action
	}
	switch f.Action {
	case "warn", "hide", "blur":
	default:
		return invalid("filter_action", "must be one of warn, hide, blur")
	}
	if args.ExpiresIn != nil {
		f.ExpiresAt = nil
		if *args.ExpiresIn > 0 {
			t := time.Now().Add(time.Duration(min(*args.ExpiresIn, MaxExpirySeconds)) * time.Second)
			f.ExpiresAt = &t
		}
	}
	return nil
}

func checkKeyword(k KeywordArgs) error {
	if !k.Destroy && strings.TrimSpace(k.Keyword) == "" {
		return invalid("keyword", "can't be blank")
	}
	if text.Length(k.Keyword) > maxFilterText {
		return invalid("keyword", "is too long (maximum is 256 characters)")
	}
	return nil
}

// CreateFilter makes a filter with its keywords.
func (a *Actions) CreateFilter(ctx context.Context, viewer *store.Account, args FilterArgs) (*store.Filter, error) {
	f := &store.Filter{ID: a.DB.NewID(), AccountID: viewer.ID, Action: "warn", CreatedAt: time.Now()}
	if err := args.apply(f); err != nil {
		return nil, err
	}
	err := a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertFilter(f); err != nil {
			return err
		}
		return a.writeKeywords(tx, f, args.Keywords)
	})
	if err != nil {
		return nil, err
	}
	return a.Filter(ctx, viewer, f.ID)
}

// writeKeywords applies keywords_attributes to a filter inside tx.
func (a *Actions) writeKeywords(tx *store.Tx, f *store.Filter, keywords []KeywordArgs) error {
	for _, k := range keywords {
		if err := checkKeyword(k); err != nil {
			return err
		}
		if k.ID == 0 {
			if k.Destroy {
				continue
			}
			kw := &store.FilterKeyword{ID: a.DB.NewID(), FilterID: f.ID, Keyword: strings.TrimSpace(k.Keyword), WholeWord: k.WholeWord == nil || *k.WholeWord}
			if err := tx.InsertFilterKeyword(kw); err != nil {
				return err
			}
			continue
		}
		i := slices.IndexFunc(f.Keywords, func(kw store.FilterKeyword) bool { return kw.ID == k.ID })
		if i < 0 {
			return ErrNotFound
		}
		if k.Destroy {
			if err := tx.DeleteFilterKeyword(k.ID); err != nil {
				return err
			}
			continue
		}
		kw := f.Keywords[i]
		kw.Keyword = strings.TrimSpace(k.Keyword)
		if k.WholeWord != nil {
			kw.WholeWord = *k.WholeWord
		}
		if err := tx.UpdateFilterKeyword(&kw); err != nil {
			return err
		}
	}
	return nil
}

// Filter returns one of the viewer's filters; another's is not found.
func (a *Actions) Filter(ctx context.Context, viewer *store.Account, id store.ID) (*store.Filter, error) {
	return valueOrNotFound(a.DB.Filter(ctx, viewer.ID, id))
}

func valueOrNotFound[T any](v T, err error) (T, error) {
	if errors.Is(err, store.ErrNotFound) {
		err = ErrNotFound
	}
	return v, err
}

// Filters returns the viewer's filters, expired ones included.
func (a *Actions) Filters(ctx context.Context, viewer *store.Account) ([]*store.Filter, error) {
	return a.DB.Filters(ctx, viewer.ID)
}

// UpdateFilter changes a filter and its keywords.
func (a *Actions) UpdateFilter(ctx context.Context, viewer *store.Account, id store.ID, args FilterArgs) (*store.Filter, error) {
	f, err := a.Filter(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	if err := args.apply(f); err != nil {
		return nil, err
	}
	err = a.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateFilter(f); err != nil {
			return err
		}
		return a.writeKeywords(tx, f, args.Keywords)
	})
	if err != nil {
		return nil, err
	}
	return a.Filter(ctx, viewer, f.ID)
}

// DeleteFilter removes one of the viewer's filters.
func (a *Actions) DeleteFilter(ctx context.Context, viewer *store.Account, id store.ID) error {
	f, err := a.Filter(ctx, viewer, id)
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteFilter(f.ID) })
}

// AddFilterKeyword adds a keyword to one of the viewer's filters.
func (a *Actions) AddFilterKeyword(ctx context.Context, viewer *store.Account, filterID store.ID, k KeywordArgs) (*store.FilterKeyword, error) {
	f, err := a.Filter(ctx, viewer, filterID)
	if err != nil {
		return nil, err
	}
	k.ID, k.Destroy = 0, false
	if err := checkKeyword(k); err != nil {
		return nil, err
	}
	kw := &store.FilterKeyword{ID: a.DB.NewID(), FilterID: f.ID, Keyword: strings.TrimSpace(k.Keyword), WholeWord: k.WholeWord == nil || *k.WholeWord}
	return kw, a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertFilterKeyword(kw) })
}

// FilterKeyword returns one keyword of the viewer's filters, with its filter.
func (a *Actions) FilterKeyword(ctx context.Context, viewer *store.Account, id store.ID) (*store.FilterKeyword, *store.Filter, error) {
	f, err := valueOrNotFound(a.DB.FilterOfKeyword(ctx, viewer.ID, id))
	if err != nil {
		return nil, nil, err
	}
	for _, kw := range f.Keywords {
		if kw.ID == id {
			return &kw, f, nil
		}
	}
	return nil, nil, ErrNotFound
}

// UpdateFilterKeyword changes one keyword of the viewer's filters.
func (a *Actions) UpdateFilterKeyword(ctx context.Context, viewer *store.Account, id store.ID, k KeywordArgs) (*store.FilterKeyword, error) {
	kw, f, err := a.FilterKeyword(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	k.ID, k.Destroy = kw.ID, false
	if err := a.DB.Write(ctx, func(tx *store.Tx) error { return a.writeKeywords(tx, f, []KeywordArgs{k}) }); err != nil {
		return nil, err
	}
	kw, _, err = a.FilterKeyword(ctx, viewer, id)
	return kw, err
}

// DeleteFilterKeyword removes one keyword of the viewer's filters.
func (a *Actions) DeleteFilterKeyword(ctx context.Context, viewer *store.Account, id store.ID) error {
	kw, _, err := a.FilterKeyword(ctx, viewer, id)
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteFilterKeyword(kw.ID) })
}

// AddFilterStatus adds a status the viewer can see to one of its filters.
func (a *Actions) AddFilterStatus(ctx context.Context, viewer *store.Account, filterID, statusID store.ID) (*store.FilterStatus, error) {
	f, err := a.Filter(ctx, viewer, filterID)
	if err != nil {
		return nil, err
	}
	s, err := a.visibleStatus(ctx, viewer, statusID)
	if err != nil {
		return nil, invalid("status_id", "must be a status you can see")
	}
	fs := &store.FilterStatus{ID: a.DB.NewID(), FilterID: f.ID, StatusID: s.ID}
	return fs, a.DB.Write(ctx, func(tx *store.Tx) error { return tx.InsertFilterStatus(fs) })
}

// FilterStatus returns one status entry of the viewer's filters.
func (a *Actions) FilterStatus(ctx context.Context, viewer *store.Account, id store.ID) (*store.FilterStatus, error) {
	f, err := valueOrNotFound(a.DB.FilterOfStatus(ctx, viewer.ID, id))
	if err != nil {
		return nil, err
	}
	for _, fs := range f.Statuses {
		if fs.ID == id {
			return &fs, nil
		}
	}
	return nil, ErrNotFound
}

// DeleteFilterStatus removes one status entry of the viewer's filters.
func (a *Actions) DeleteFilterStatus(ctx context.Context, viewer *store.Account, id store.ID) error {
	fs, err := a.FilterStatus(ctx, viewer, id)
	if err != nil {
		return err
	}
	return a.DB.Write(ctx, func(tx *store.Tx) error { return tx.DeleteFilterStatus(fs.ID) })
}
