package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// relationshipOf is viewer's relationship with target as the API sees it.
func relationshipOf(t *testing.T, in *servertest.Instance, viewer *store.Account, target store.ID) store.Relationship {
	t.Helper()
	rels, err := in.Actions().Relationships(context.Background(), viewer, []store.ID{target})
	if err != nil || len(rels) != 1 {
		t.Fatalf("relationships: %v", err)
	}
	return rels[0]
}

// fetchPost posts a form the way roost.js does: the token in a header,
// asking for the redrawn part of the page.
func fetchPost(b *browser, formPage, action string, form url.Values) page {
	b.t.Helper()
	token := csrfField.FindStringSubmatch(b.get(formPage).Body)
	if token == nil {
		b.t.Fatalf("no CSRF token on %s", formPage)
	}
	req, err := http.NewRequest(http.MethodPost, b.in.URL+action, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", token[1])
	req.Header.Set("X-Requested-With", "fetch")
	return b.do(req)
}

func conversationMutes(t *testing.T, in *servertest.Instance, account store.ID) int {
	t.Helper()
	var n int
	err := in.DB.R().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM conversation_mutes WHERE account_id = ?", account).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMuteConversationForm: the More menu of a status in a thread alice
// takes part in (hers, or one mentioning her) offers to mute the
// conversation, and then to unmute it; a stranger's thread offers nothing
// and the operation refuses it; the form needs its CSRF token.
func TestMuteConversationForm(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	carol, _ := in.CreateUser(t, "carol")
	own := post(t, in, alice, actions.PostStatusArgs{Text: "my own thread", Visibility: "public"})
	mention := post(t, in, bob, actions.PostStatusArgs{Text: "hello @alice", Visibility: "public"})
	stranger := post(t, in, carol, actions.PostStatusArgs{Text: "nothing to do with alice", Visibility: "public"})
	b := newBrowserAs(t, in, "alice")
	muteAction := func(s *store.Status, op string) string { return "/statuses/" + store.FormatID(s.ID) + "/" + op }

	tests := []struct {
		name   string
		page   string
		status *store.Status
		offer  bool
	}{
		{"own status", statusPage(alice, own), own, true},
		{"mentioned", statusPage(bob, mention), mention, true},
		{"a stranger's thread", statusPage(carol, stranger), stranger, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := b.get(tt.page).Body
			if got := strings.Contains(body, `action="`+muteAction(tt.status, "mute")+`"`); got != tt.offer {
				t.Fatalf("mute conversation offered: %v, want %v", got, tt.offer)
			}
			if !tt.offer {
				if p := b.submit(tt.page, muteAction(tt.status, "mute"), url.Values{}); p.Code != http.StatusForbidden {
					t.Errorf("muting a thread alice is not part of: %d, want 403", p.Code)
				}
				return
			}
			if p := b.post(muteAction(tt.status, "mute"), url.Values{}); p.Code != http.StatusForbidden {
				t.Errorf("without a CSRF token: %d, want 403", p.Code)
			}
			if n := conversationMutes(t, in, alice.ID); n != 0 {
				t.Fatalf("%d mutes before the form", n)
			}
			p := b.submit(tt.page, muteAction(tt.status, "mute"), url.Values{})
			if p.Code != http.StatusSeeOther || !strings.HasSuffix(p.Location, "#s-"+store.FormatID(tt.status.ID)) {
				t.Fatalf("mute: %d to %q", p.Code, p.Location)
			}
			if n := conversationMutes(t, in, alice.ID); n != 1 {
				t.Fatalf("%d mutes after muting, want 1", n)
			}
			body = b.get(tt.page).Body
			if !strings.Contains(body, `action="`+muteAction(tt.status, "unmute")+`"`) ||
				!strings.Contains(body, `class="link mute-thread" aria-pressed="true">Unmute conversation`) {
				t.Fatal("the menu does not offer to unmute")
			}
			if p := b.submit(tt.page, muteAction(tt.status, "unmute"), url.Values{}); p.Code != http.StatusSeeOther {
				t.Fatalf("unmute: %d", p.Code)
			}
			if n := conversationMutes(t, in, alice.ID); n != 0 {
				t.Fatalf("%d mutes after unmuting", n)
			}
			p = fetchPost(b, tt.page, muteAction(tt.status, "mute"), url.Values{})
			if p.Code != http.StatusOK || !strings.HasPrefix(strings.TrimSpace(p.Body), "<article") ||
				!strings.Contains(p.Body, `class="link mute-thread" aria-pressed="true"`) {
				t.Errorf("in-place mute: %d %s", p.Code, p.Body)
			}
			if p := fetchPost(b, tt.page, muteAction(tt.status, "unmute"), url.Values{}); p.Code != http.StatusOK || conversationMutes(t, in, alice.ID) != 0 {
				t.Errorf("in-place unmute: %d", p.Code)
			}
		})
	}
}

// TestRemoveFromFollowersForm: on the profile of a follower, alice can
// remove them (the button says what it does and asks first with
// JavaScript); anyone else's profile has no such button.
func TestRemoveFromFollowersForm(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	in.CreateUser(t, "carol")
	if _, err := in.Actions().Follow(ctx, bob, alice.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	b := newBrowserAs(t, in, "alice")
	action := "/accounts/" + store.FormatID(bob.ID) + "/remove_from_followers"
	if strings.Contains(b.get("/@carol").Body, "/remove_from_followers") {
		t.Error("a non-follower's profile offers to remove them from followers")
	}
	body := b.get("/@bob").Body
	if !strings.Contains(body, `action="`+action+`"`) || !strings.Contains(body, "Remove from followers") ||
		!strings.Contains(body, `data-confirm="Remove this person from your followers?`) {
		t.Fatal("bob's profile does not offer to remove him from alice's followers")
	}
	if p := b.post(action, url.Values{}); p.Code != http.StatusForbidden {
		t.Errorf("without a CSRF token: %d, want 403", p.Code)
	}
	if p := b.submit("/@bob", action, url.Values{}); p.Code != http.StatusSeeOther || !strings.HasSuffix(p.Location, "#relationship") {
		t.Fatalf("remove: %d to %q", p.Code, p.Location)
	}
	if r := relationshipOf(t, in, alice, bob.ID); r.FollowedBy {
		t.Fatal("bob still follows alice")
	}
	if strings.Contains(b.get("/@bob").Body, `action="`+action+`"`) {
		t.Error("the button stays once bob no longer follows")
	}
}

// TestEndorseForm: alice features an account she follows from its
// profile; her profile then lists it under "Featured profiles" for every
// visitor, and stops once she takes it back. Features need a follow.
func TestEndorseForm(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	carol, _ := in.CreateUser(t, "carol")
	if _, err := in.Actions().Follow(ctx, alice, bob.ID, actions.FollowArgs{Reblogs: true}); err != nil {
		t.Fatal(err)
	}
	b := newBrowserAs(t, in, "alice")
	endorse := "/accounts/" + store.FormatID(bob.ID) + "/endorse"
	if strings.Contains(b.get("/@carol").Body, "/endorse") {
		t.Error("the profile of someone alice does not follow offers to feature them")
	}
	if p := b.submit("/@carol", "/accounts/"+store.FormatID(carol.ID)+"/endorse", url.Values{}); p.Code != http.StatusUnprocessableEntity {
		t.Errorf("featuring someone not followed: %d, want 422", p.Code)
	}
	if !strings.Contains(b.get("/@bob").Body, `action="`+endorse+`"`) {
		t.Fatal("bob's profile does not offer to feature him")
	}
	if strings.Contains(newBrowser(t, in).get("/@alice").Body, "featured-accounts") {
		t.Error("an empty featured profiles section is drawn")
	}
	if p := b.post(endorse, url.Values{}); p.Code != http.StatusForbidden {
		t.Errorf("without a CSRF token: %d, want 403", p.Code)
	}
	if p := b.submit("/@bob", endorse, url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("endorse: %d", p.Code)
	}
	if !relationshipOf(t, in, alice, bob.ID).Endorsed {
		t.Fatal("bob is not featured")
	}
	if !strings.Contains(b.get("/@bob").Body, `class="button secondary endorse" aria-pressed="true">Stop featuring`) {
		t.Error("the button does not offer to stop featuring")
	}
	for name, visitor := range map[string]*browser{"signed out": newBrowser(t, in), "carol": newBrowserAs(t, in, "carol")} {
		body := visitor.get("/@alice").Body
		section, _, _ := strings.Cut(body[max(strings.Index(body, `class="featured-accounts"`), 0):], "</section>")
		if !strings.Contains(section, `href="/@bob"`) || !strings.Contains(section, "Featured profiles") {
			t.Errorf("%s: alice's profile does not list bob as featured", name)
		}
	}
	if strings.Contains(b.get("/@bob").Body, "featured-accounts") {
		t.Error("bob's profile shows a featured section though he features no one")
	}
	if p := b.submit("/@bob", "/accounts/"+store.FormatID(bob.ID)+"/unendorse", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("unendorse: %d", p.Code)
	}
	if strings.Contains(b.get("/@alice").Body, "featured-accounts") {
		t.Error("bob is still listed after alice stopped featuring him")
	}
}

// TestAccountNoteForm: alice keeps a private note on bob's profile; only
// she sees it, a note past 2000 characters is refused, and saving an
// empty one removes it.
func TestAccountNoteForm(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	b := newBrowserAs(t, in, "alice")
	action := "/accounts/" + store.FormatID(bob.ID) + "/note"
	if !strings.Contains(b.get("/@bob").Body, `action="`+action+`"`) {
		t.Fatal("no note form on bob's profile")
	}
	note := "Met at the <b>bird</b> club & likes owls"
	if p := b.post(action, url.Values{"comment": {note}}); p.Code != http.StatusForbidden {
		t.Errorf("without a CSRF token: %d, want 403", p.Code)
	}
	if p := b.submit("/@bob", action, url.Values{"comment": {note}}); p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d", p.Code)
	}
	if got := relationshipOf(t, in, alice, bob.ID).Note; got != note {
		t.Fatalf("note %q, want %q", got, note)
	}
	if body := b.get("/@bob").Body; !strings.Contains(body, ">"+html.EscapeString(note)+"</textarea>") {
		t.Error("the profile does not show the saved note, escaped, in its form")
	}
	for name, other := range map[string]*browser{"signed out": newBrowser(t, in), "bob": newBrowserAs(t, in, "bob"),
		"carol": func() *browser { in.CreateUser(t, "carol"); return newBrowserAs(t, in, "carol") }()} {
		body := other.get("/@bob").Body
		if strings.Contains(body, "owls") {
			t.Errorf("%s sees alice's private note", name)
		}
		if name != "carol" && strings.Contains(body, `name="comment"`) {
			t.Errorf("%s is offered a note form on bob's profile", name)
		}
	}
	p := fetchPost(b, "/@bob", action, url.Values{"comment": {"in place"}})
	if p.Code != http.StatusOK || !strings.Contains(p.Body, `class="relationship actions"`) || !strings.Contains(p.Body, ">in place</textarea>") {
		t.Errorf("in-place save: %d %s", p.Code, p.Body)
	}
	if p := b.submit("/@bob", action, url.Values{"comment": {strings.Repeat("é", actions.MaxAccountNoteChars+1)}}); p.Code != http.StatusUnprocessableEntity {
		t.Errorf("too long a note: %d, want 422", p.Code)
	}
	if p := b.submit("/@bob", action, url.Values{"comment": {""}}); p.Code != http.StatusSeeOther {
		t.Fatalf("clear: %d", p.Code)
	}
	if got := relationshipOf(t, in, alice, bob.ID).Note; got != "" {
		t.Errorf("note %q after clearing", got)
	}
}
