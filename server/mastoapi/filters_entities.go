package mastoapi

import (
	"roost/server/actions"
	"roost/store"
)

// List is Mastodon's List entity.
type List struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	RepliesPolicy string `json:"replies_policy"`
	Exclusive     bool   `json:"exclusive"`
}

func listEntity(l *store.List) *List {
	return &List{ID: store.FormatID(l.ID), Title: l.Title, RepliesPolicy: l.RepliesPolicy, Exclusive: l.Exclusive}
}

// Filter is Mastodon's (v2) Filter entity.
type Filter struct {
	ID           string          `json:"id"`
	Title        string          `json:"title"`
	Context      []string        `json:"context"`
	ExpiresAt    *string         `json:"expires_at"`
	FilterAction string          `json:"filter_action"`
	Keywords     []FilterKeyword `json:"keywords"`
	Statuses     []FilterStatus  `json:"statuses"`
}

// FilterKeyword is a keyword of a Filter.
type FilterKeyword struct {
	ID        string `json:"id"`
	Keyword   string `json:"keyword"`
	WholeWord bool   `json:"whole_word"`
}

// FilterStatus is a status a Filter names.
type FilterStatus struct {
	ID       string `json:"id"`
	StatusID string `json:"status_id"`
}

// FilterResult is one entry of status.filtered.
type FilterResult struct {
	Filter         *Filter  `json:"filter"`
	KeywordMatches []string `json:"keyword_matches"`
	StatusMatches  []string `json:"status_matches"`
}

// V1Filter is the filter entity of Mastodon before 4.0.
type V1Filter struct {
	ID           string   `json:"id"`
	Phrase       string   `json:"phrase"`
	Context      []string `json:"context"`
	WholeWord    bool     `json:"whole_word"`
	ExpiresAt    *string  `json:"expires_at"`
	Irreversible bool     `json:"irreversible"`
}

func filterKeyword(k *store.FilterKeyword) FilterKeyword {
	return FilterKeyword{ID: store.FormatID(k.ID), Keyword: k.Keyword, WholeWord: k.WholeWord}
}

func filterStatus(fs *store.FilterStatus) FilterStatus {
	return FilterStatus{ID: store.FormatID(fs.ID), StatusID: store.FormatID(fs.StatusID)}
}

func filterEntity(f *store.Filter) *Filter {
	out := &Filter{ID: store.FormatID(f.ID), Title: f.Title, Context: f.Contexts, FilterAction: f.Action,
		Keywords: []FilterKeyword{}, Statuses: []FilterStatus{}}
	if out.Context == nil {
		out.Context = []string{}
	}
	if f.ExpiresAt != nil {
		t := timestamp(*f.ExpiresAt)
		out.ExpiresAt = &t
	}
	for i := range f.Keywords {
		out.Keywords = append(out.Keywords, filterKeyword(&f.Keywords[i]))
	}
	for i := range f.Statuses {
		out.Statuses = append(out.Statuses, filterStatus(&f.Statuses[i]))
	}
	return out
}

func v1FilterEntity(v *actions.V1Filter) *V1Filter {
	f := filterEntity(v.Filter)
	return &V1Filter{ID: store.FormatID(v.Keyword.ID), Phrase: v.Keyword.Keyword, Context: f.Context,
		WholeWord: v.Keyword.WholeWord, ExpiresAt: f.ExpiresAt, Irreversible: v.Filter.Action == "hide"}
}

// filterResults renders a status's filter matches; never null.
func filterResults(matches []actions.FilterMatch) []FilterResult {
	out := make([]FilterResult, 0, len(matches))
	for _, m := range matches {
		r := FilterResult{Filter: filterEntity(m.Filter), KeywordMatches: m.KeywordMatches, StatusMatches: []string{}}
		for _, id := range m.StatusMatches {
			r.StatusMatches = append(r.StatusMatches, store.FormatID(id))
		}
		out = append(out, r)
	}
	return out
}

// ScheduledStatus is Mastodon's ScheduledStatus entity.
type ScheduledStatus struct {
	ID               string          `json:"id"`
	ScheduledAt      string          `json:"scheduled_at"`
	Params           ScheduledParams `json:"params"`
	MediaAttachments []any           `json:"media_attachments"`
}

// ScheduledParams are the params of a ScheduledStatus.
type ScheduledParams struct {
	Text          string   `json:"text"`
	Poll          any      `json:"poll"`
	MediaIDs      []string `json:"media_ids"`
	Sensitive     bool     `json:"sensitive"`
	SpoilerText   *string  `json:"spoiler_text"`
	Visibility    string   `json:"visibility"`
	InReplyToID   *string  `json:"in_reply_to_id"`
	Language      *string  `json:"language"`
	ApplicationID *string  `json:"application_id"`
	ScheduledAt   *string  `json:"scheduled_at"`
	Idempotency   *string  `json:"idempotency"`
	WithRateLimit bool     `json:"with_rate_limit"`
}

func scheduledEntity(s *actions.ScheduledStatus) *ScheduledStatus {
	p := s.Params
	out := &ScheduledStatus{ID: store.FormatID(s.ID), ScheduledAt: timestamp(s.ScheduledAt), MediaAttachments: []any{},
		Params: ScheduledParams{Text: p.Text, MediaIDs: []string{}, Sensitive: p.Sensitive, SpoilerText: optString(p.SpoilerText),
			Visibility: p.Visibility, Language: optString(p.Language), ApplicationID: optID(p.ApplicationID)}}
	if p.InReplyToID != 0 {
		out.Params.InReplyToID = optID(&p.InReplyToID)
	}
	for _, id := range p.MediaIDs {
		out.Params.MediaIDs = append(out.Params.MediaIDs, store.FormatID(id))
	}
	return out
}
