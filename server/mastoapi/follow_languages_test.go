package mastoapi_test

import (
	"net/url"
	"reflect"
	"slices"
	"testing"
)

// relationshipLanguages reads the languages of who's relationship with whom.
func (w *world) relationshipLanguages(t *testing.T, who, whom string) any {
	t.Helper()
	rels := w.call(t, who, "GET", "/api/v1/accounts/relationships?id[]="+w.ids[whom], nil).expect(t, 200).list(t)
	return rels[0]["languages"]
}

func TestFollowLanguages(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	rel := w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["alice"]+"/follow",
		url.Values{"languages[]": {"fr", "DE", "fr", ""}}).expect(t, 200).object(t)
	if !reflect.DeepEqual(rel["languages"], []any{"fr", "de"}) {
		t.Fatalf("follow answered languages %v, want [fr de]", rel["languages"])
	}
	if got := w.relationshipLanguages(t, "bob", "alice"); !reflect.DeepEqual(got, []any{"fr", "de"}) {
		t.Fatalf("relationship languages %v, want [fr de]", got)
	}
	english := w.post(t, "alice", map[string]any{"status": "hello", "language": "en"})
	french := w.post(t, "alice", map[string]any{"status": "bonjour", "language": "fr"})
	unknown := w.post(t, "alice", map[string]any{"status": "🙂"})
	if lang := w.call(t, "alice", "GET", "/api/v1/statuses/"+unknown, nil).expect(t, 200).object(t)["language"]; lang != nil {
		t.Fatalf("the status without a language has language %v", lang)
	}
	home := func() []string {
		return ids(w.call(t, "bob", "GET", "/api/v1/timelines/home", nil).expect(t, 200).list(t))
	}
	got := home()
	if slices.Contains(got, english) || !slices.Contains(got, french) || !slices.Contains(got, unknown) {
		t.Fatalf("home = %v; want %s (fr) and %s (no language), not %s (en)", got, french, unknown, english)
	}
	// The author's own home is not limited by anyone's follow.
	if own := ids(w.call(t, "alice", "GET", "/api/v1/timelines/home", nil).expect(t, 200).list(t)); !slices.Contains(own, english) {
		t.Fatalf("alice's home = %v, lacks her own %s", own, english)
	}

	t.Run("following again without languages keeps them", func(t *testing.T) {
		w.follow(t, "bob", "alice")
		if got := w.relationshipLanguages(t, "bob", "alice"); !reflect.DeepEqual(got, []any{"fr", "de"}) {
			t.Fatalf("languages %v, want [fr de]", got)
		}
	})
	t.Run("following again with other languages changes them", func(t *testing.T) {
		w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["alice"]+"/follow",
			map[string]any{"languages": []string{"en"}}).expect(t, 200)
		if got := home(); !slices.Contains(got, english) || slices.Contains(got, french) {
			t.Fatalf("home = %v; want %s (en), not %s (fr)", got, english, french)
		}
	})
	t.Run("an empty list means all languages", func(t *testing.T) {
		rel := w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["alice"]+"/follow",
			map[string]any{"languages": nil}).expect(t, 200).object(t)
		if v, ok := rel["languages"]; !ok || v != nil {
			t.Fatalf("languages = %v (present %v), want null", v, ok)
		}
		if got := home(); !slices.Contains(got, english) || !slices.Contains(got, french) {
			t.Fatalf("home = %v, want both", got)
		}
	})
	t.Run("an invalid code is refused", func(t *testing.T) {
		w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["alice"]+"/follow",
			url.Values{"languages[]": {"english!"}}).expect(t, 422)
	})
	t.Run("no follow, no languages", func(t *testing.T) {
		if got := w.relationshipLanguages(t, "alice", "bob"); got != nil {
			t.Fatalf("languages %v, want null", got)
		}
	})
}

func TestFollowLanguagesLockedAccount(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	w.call(t, "alice", "PATCH", "/api/v1/accounts/update_credentials", map[string]any{"locked": true}).expect(t, 200)
	rel := w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["alice"]+"/follow",
		url.Values{"languages[]": {"fr"}}).expect(t, 200).object(t)
	if rel["requested"] != true || !reflect.DeepEqual(rel["languages"], []any{"fr"}) {
		t.Fatalf("relationship %v, want requested with [fr]", rel)
	}
	w.call(t, "alice", "POST", "/api/v1/follow_requests/"+w.ids["bob"]+"/authorize", nil).expect(t, 200)
	if got := w.relationshipLanguages(t, "bob", "alice"); !reflect.DeepEqual(got, []any{"fr"}) {
		t.Fatalf("after acceptance languages %v, want [fr]", got)
	}
}

func TestStreamingLeavesOutUnwantedLanguages(t *testing.T) {
	w := newWorld(t, "alice", "bob")
	w.call(t, "bob", "POST", "/api/v1/accounts/"+w.ids["alice"]+"/follow",
		url.Values{"languages[]": {"fr"}}).expect(t, 200)
	ws := w.dial(t, w.tokens["bob"], "?stream=user")
	english := w.post(t, "alice", map[string]any{"status": "hello", "language": "en"})
	french := w.post(t, "alice", map[string]any{"status": "bonjour", "language": "fr"})
	unknown := w.post(t, "alice", map[string]any{"status": "🙂"})
	marker := w.post(t, "bob", map[string]any{"status": "marker"})
	var got []string
	for _, m := range ws.until(marker) {
		got = append(got, m.statusID(t))
	}
	if slices.Contains(got, english) || !slices.Contains(got, french) || !slices.Contains(got, unknown) {
		t.Fatalf("user stream carried %v; want %s and %s, not %s", got, french, unknown, english)
	}
}
