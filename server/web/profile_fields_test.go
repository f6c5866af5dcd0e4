package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server/servertest"
)

// TestProfileFieldsAndHiddenCollections: the profile form saves up to four
// metadata rows and the hide-followers choice, and shows them back.
func TestProfileFieldsAndHiddenCollections(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	b := newBrowser(t, in)
	b.signIn("alice")
	form := url.Values{"display_name": {"Alice"}, "note": {"hi"}, "hide_collections": {"1"},
		"fields_attributes[0][name]": {"Pronouns"}, "fields_attributes[0][value]": {"she/her"},
		"fields_attributes[2][name]": {"Site"}, "fields_attributes[2][value]": {"<b>bold</b>"}}
	if p := b.submit("/settings/profile", "/settings/profile", form); p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Code, p.Body)
	}
	a, err := in.DB.Account(context.Background(), alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Fields) != 2 || a.Fields[0].Name != "Pronouns" || a.Fields[1].Source != "<b>bold</b>" || !a.HideCollections {
		t.Fatalf("saved %+v hide=%v", a.Fields, a.HideCollections)
	}
	p := b.get("/settings/profile")
	for _, want := range []string{`value="Pronouns"`, `value="she/her"`, `value="&lt;b&gt;bold&lt;/b&gt;"`,
		`name="fields_attributes[3][name]"`, `name="hide_collections" value="1" checked`} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	if body := newBrowser(t, in).get("/@alice").Body; !strings.Contains(body, "she/her") {
		t.Error("the profile does not show the field")
	}
	if body := newBrowser(t, in).get("/@alice/followers").Body; strings.Contains(body, `class="people"`) {
		t.Error("hidden followers are listed to others")
	}
	t.Run("too long a field is refused on the form", func(t *testing.T) {
		p := b.submit("/settings/profile", "/settings/profile", url.Values{"fields_attributes[0][name]": {strings.Repeat("x", 256)}})
		if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "at most 255 characters") {
			t.Errorf("%d", p.Code)
		}
	})
}
