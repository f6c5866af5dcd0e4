package actions

import (
	"context"
	"html"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"roost/server/events"
	"roost/store"
)

// FilterMatch is why one filter caught a status: Mastodon's FilterResult.
type FilterMatch struct {
	Filter         *store.Filter
	KeywordMatches []string
	StatusMatches  []store.ID
}

// activeFilter is a filter ready to match, with its keywords compiled.
type activeFilter struct {
	filter   *store.Filter
	keywords []*regexp.Regexp
}

// filteredStatuses renders a page of statuses in a filter context: the
// page's cursors stay those of every status read, so paging goes on past
// statuses a filter removed.
func (a *Actions) filteredStatuses(ctx context.Context, viewer *store.Account, where string, list []*store.Status) (*Statuses, error) {
	page, err := a.statuses(ctx, viewer, list, nil)
	if err != nil {
		return nil, err
	}
	page.List, err = a.applyFilters(ctx, viewer, where, page.Related, page.List)
	return page, err
}

// applyFilters is the one place the viewer's keyword filters act on what
// it is shown: statuses matched by a "hide" filter leave the list, and
// the others' matches are recorded in rel.Filtered for the presenters
// (status.filtered in the API, a "show anyway" fold on the web). The
// viewer's own statuses are never filtered, as in Mastodon.
func (a *Actions) applyFilters(ctx context.Context, viewer *store.Account, where string, rel *Related, list []*store.Status) ([]*store.Status, error) {
	if viewer == nil || len(list) == 0 {
		return list, nil
	}
	filters, err := a.activeFilters(ctx, viewer, where)
	if err != nil || len(filters) == 0 {
		return list, err
	}
	if rel.Filtered == nil {
		rel.Filtered = map[store.ID][]FilterMatch{}
	}
	kept := list[:0:0]
	for _, s := range list {
		target := s
		if s.ReblogOfID != nil && rel.Statuses[*s.ReblogOfID] != nil {
			target = rel.Statuses[*s.ReblogOfID]
		}
		if target.AccountID == viewer.ID {
			kept = append(kept, s)
			continue
		}
		matches := matchFilters(filters, target)
		if slices.ContainsFunc(matches, func(m FilterMatch) bool { return m.Filter.Action == "hide" }) {
			continue
		}
		if len(matches) > 0 {
			rel.Filtered[s.ID], rel.Filtered[target.ID] = matches, matches
		}
		kept = append(kept, s)
	}
	return kept, nil
}

// filterStreamItem applies the viewer's filters to a streamed status: the
// home context on the user and list streams, the public one on the others.
// Direct messages are not filtered.
func (a *Actions) filterStreamItem(ctx context.Context, viewer *store.Account, item *StreamItem) error {
	if viewer == nil || item.Kind == events.Conversation {
		return nil
	}
	where := FilterPublic
	for _, st := range item.Streams {
		if !st.IsPublic() {
			where = FilterHome
		}
	}
	kept, err := a.applyFilters(ctx, viewer, where, item.Status.Related, []*store.Status{item.Status.Status})
	if err == nil && len(kept) == 0 {
		return ErrNotFound
	}
	return err
}

// activeFilters loads the viewer's unexpired filters for one context.
func (a *Actions) activeFilters(ctx context.Context, viewer *store.Account, where string) ([]activeFilter, error) {
	all, err := a.DB.Filters(ctx, viewer.ID)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	var out []activeFilter
	for _, f := range all {
		if !f.Active(now) || !slices.Contains(f.Contexts, where) {
			continue
		}
		af := activeFilter{filter: f}
		for _, kw := range f.Keywords {
			af.keywords = append(af.keywords, keywordPattern(kw))
		}
		out = append(out, af)
	}
	return out, nil
}

// keywordPattern matches a keyword without regard to case; a whole-word
// keyword must not touch a letter or digit on a side where it starts or
// ends with one (so "#tag" and "c++" still match as whole words).
func keywordPattern(kw store.FilterKeyword) *regexp.Regexp {
	p := regexp.QuoteMeta(kw.Keyword)
	if kw.WholeWord {
		first, _ := utf8.DecodeRuneInString(kw.Keyword)
		last, _ := utf8.DecodeLastRuneInString(kw.Keyword)
		if isWordChar(first) {
			p = `(?:^|[^\pL\pN_])` + p
		}
		if isWordChar(last) {
			p += `(?:$|[^\pL\pN_])`
		}
	}
	return regexp.MustCompile(`(?is)` + p)
}

func isWordChar(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) }

// paragraphBreak keeps paragraphs and lines apart once tags are gone, so
// words on either side do not run together.
var paragraphBreak = strings.NewReplacer("</p><p>", "\n", "<br>", "\n", "<br/>", "\n", "<br />", "\n")

// matchFilters returns each filter that catches s, by keyword or by status.
func matchFilters(filters []activeFilter, s *store.Status) []FilterMatch {
	body := s.SpoilerText + "\n" + html.UnescapeString(htmlTag.ReplaceAllString(paragraphBreak.Replace(s.Content), ""))
	var out []FilterMatch
	for _, af := range filters {
		m := FilterMatch{Filter: af.filter, KeywordMatches: []string{}, StatusMatches: []store.ID{}}
		for i, re := range af.keywords {
			if re.MatchString(body) {
				m.KeywordMatches = append(m.KeywordMatches, af.filter.Keywords[i].Keyword)
			}
		}
		for _, fs := range af.filter.Statuses {
			if fs.StatusID == s.ID {
				m.StatusMatches = append(m.StatusMatches, fs.StatusID)
			}
		}
		if len(m.KeywordMatches) > 0 || len(m.StatusMatches) > 0 {
			out = append(out, m)
		}
	}
	return out
}
