package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

var listLink = regexp.MustCompile(`href="/lists/(\d+)"`)

func TestListPages(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	carol, _ := in.CreateUser(t, "carol")
	in.CreateUser(t, "bob")
	in.CreateUser(t, "mallory")
	post(t, in, alice, actions.PostStatusArgs{Text: "from the list", Visibility: "public"})
	b := newBrowser(t, in)
	b.signIn("bob")
	if p := b.submit("/@alice", "/accounts/"+store.FormatID(alice.ID)+"/follow", url.Values{}); p.Code != http.StatusSeeOther {
		t.Fatalf("follow: %d", p.Code)
	}
	if p := b.submit("/lists", "/lists", url.Values{"title": {"  "}}); p.Code != http.StatusUnprocessableEntity {
		t.Errorf("blank title: %d", p.Code)
	}
	p := b.submit("/lists", "/lists", url.Values{"title": {"Friends"}})
	if p.Code != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/lists/") {
		t.Fatalf("create: %d %s", p.Code, p.Location)
	}
	listPath := p.Location
	id := strings.TrimPrefix(listPath, "/lists/")
	if m := listLink.FindStringSubmatch(b.get("/lists").Body); m == nil || m[1] != id {
		t.Errorf("the lists page does not link the new list")
	}
	// Add alice from her profile, which offers bob's lists.
	profile := b.get("/@alice").Body
	if !strings.Contains(profile, `action="/lists/`+id+`/add"`) {
		t.Fatalf("alice's profile offers no list")
	}
	if p := b.submit("/@alice", "/lists/"+id+"/add", url.Values{"account_id": {store.FormatID(alice.ID)}}); p.Code != http.StatusSeeOther {
		t.Fatalf("add from the profile: %d", p.Code)
	}
	body := b.get(listPath).Body
	if !strings.Contains(body, "from the list") || !strings.Contains(body, `action="/lists/`+id+`/remove"`) {
		t.Errorf("the list page lacks alice's post or her remove button")
	}
	if p := b.submit(listPath, "/lists/"+id+"/add", url.Values{"account_id": {store.FormatID(carol.ID)}}); p.Code != http.StatusUnprocessableEntity {
		t.Errorf("adding a non-followed account: %d", p.Code)
	}
	if p := b.submit(listPath, listPath, url.Values{"title": {"Close friends"}, "replies_policy": {"none"}, "exclusive": {"1"}}); p.Code != http.StatusSeeOther {
		t.Errorf("rename: %d", p.Code)
	}
	if !strings.Contains(b.get(listPath).Body, "Close friends") || strings.Contains(b.get("/home").Body, "from the list") {
		t.Errorf("renamed exclusive list: title missing or alice still in home")
	}
	other := newBrowser(t, in)
	other.signIn("mallory")
	if p := other.get(listPath); p.Code != http.StatusNotFound {
		t.Errorf("another's list: %d", p.Code)
	}
	if p := b.submit(listPath, "/lists/"+id+"/remove", url.Values{"account_id": {store.FormatID(alice.ID)}}); p.Code != http.StatusSeeOther {
		t.Errorf("remove: %d", p.Code)
	}
	if p := b.submit(listPath, "/lists/"+id+"/delete", url.Values{}); p.Code != http.StatusSeeOther || b.get(listPath).Code != http.StatusNotFound {
		t.Errorf("delete: %d", p.Code)
	}
}

func TestFilterPages(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	if _, err := in.Actions().Follow(t.Context(), bob, alice.ID, actions.FollowArgs{}); err != nil {
		t.Fatal(err)
	}
	post(t, in, alice, actions.PostStatusArgs{Text: "a grey heron", Visibility: "public"})
	b := newBrowser(t, in)
	b.signIn("bob")
	if p := b.submit("/settings/filters", "/settings/filters", url.Values{"title": {"Birds"}, "keywords": {"heron"}}); p.Code != http.StatusUnprocessableEntity {
		t.Errorf("no context: %d", p.Code)
	}
	if p := b.submit("/settings/filters", "/settings/filters", url.Values{"title": {"Birds"}, "context": {"home"}}); p.Code != http.StatusSeeOther {
		t.Errorf("no keywords (a filter may hold statuses only): %d", p.Code)
	}
	p := b.submit("/settings/filters", "/settings/filters", url.Values{"title": {"Herons"}, "keywords": {"heron\n\nstork"},
		"whole_word": {"1"}, "context": {"home", "public"}, "filter_action": {"warn"}, "expires_in": {""}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("create: %d", p.Code)
	}
	home := b.get("/home").Body
	if !strings.Contains(home, `<details class="filtered">`) || !strings.Contains(home, "Filtered: Herons") || !strings.Contains(home, "a grey heron") {
		t.Errorf("home does not fold the match behind a filtered stub")
	}
	m := regexp.MustCompile(`href="/settings/filters/(\d+)"`).FindAllStringSubmatch(b.get("/settings/filters").Body, -1)
	if len(m) != 2 {
		t.Fatalf("filters listed: %v", m)
	}
	edit := "/settings/filters/" + m[1][1]
	if !strings.Contains(b.get(edit).Body, "heron\nstork") {
		t.Errorf("the edit form does not hold the keywords")
	}
	if p := b.submit(edit, edit, url.Values{"title": {"Herons"}, "keywords": {"heron"}, "context": {"home"}, "filter_action": {"hide"}, "expires_in": {"keep"}}); p.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d", p.Code)
	}
	if strings.Contains(b.get("/home").Body, "a grey heron") {
		t.Errorf("a hide filter left the status in home")
	}
	if !strings.Contains(b.get("/public").Body, "a grey heron") {
		t.Errorf("the filter acts outside its contexts")
	}
	if p := b.submit("/settings/filters", edit+"/delete", url.Values{}); p.Code != http.StatusSeeOther {
		t.Errorf("delete: %d", p.Code)
	}
	mallory := newBrowser(t, in)
	in.CreateUser(t, "mallory")
	mallory.signIn("mallory")
	if p := mallory.get("/settings/filters/" + m[0][1]); p.Code != http.StatusNotFound {
		t.Errorf("another's filter: %d", p.Code)
	}
}

func TestMutesAndBlocksPage(t *testing.T) {
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	carol, _ := in.CreateUser(t, "carol")
	in.CreateUser(t, "bob")
	b := newBrowser(t, in)
	b.signIn("bob")
	aliceID, carolID := store.FormatID(alice.ID), store.FormatID(carol.ID)
	if !strings.Contains(b.get("/@alice").Body, `name="duration"`) {
		t.Errorf("the profile offers no mute duration")
	}
	b.submit("/@alice", "/accounts/"+aliceID+"/mute", url.Values{"options": {"1"}, "duration": {"3600"}})
	b.submit("/@carol", "/accounts/"+carolID+"/block", url.Values{})
	page := b.get("/settings/mutes").Body
	for _, want := range []string{"Muted until", "notifications still shown", `action="/accounts/` + aliceID + `/unmute"`, `action="/accounts/` + carolID + `/unblock"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if p := b.submit("/settings/mutes", "/settings/domain_blocks", url.Values{"domain": {"not a domain"}}); p.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad domain: %d", p.Code)
	}
	b.submit("/settings/mutes", "/settings/domain_blocks", url.Values{"domain": {"Spam.Example"}})
	if !strings.Contains(b.get("/settings/mutes").Body, "<code>spam.example</code>") {
		t.Errorf("the domain block is not listed")
	}
	b.submit("/settings/mutes", "/settings/domain_blocks/delete", url.Values{"domain": {"spam.example"}})
	b.submit("/settings/mutes", "/accounts/"+aliceID+"/unmute", url.Values{})
	b.submit("/settings/mutes", "/accounts/"+carolID+"/unblock", url.Values{})
	page = b.get("/settings/mutes").Body
	if strings.Contains(page, "spam.example") || strings.Contains(page, "/unmute\"") || strings.Contains(page, "/unblock\"") {
		t.Errorf("lifted silences still listed")
	}
}

func TestScheduleFromComposer(t *testing.T) {
	in := servertest.Start(t)
	in.CreateUser(t, "bob")
	b := newBrowser(t, in)
	b.signIn("bob")
	if !strings.Contains(b.get("/home").Body, `type="datetime-local"`) {
		t.Fatal("the composer has no schedule field")
	}
	if p := b.submit("/home", "/statuses", url.Values{"status": {"too soon"}, "scheduled_at": {time.Now().UTC().Format("2006-01-02T15:04")}}); p.Code != http.StatusUnprocessableEntity {
		t.Errorf("a time in the past: %d", p.Code)
	}
	// One hour ahead in a browser at UTC+2: 3 hours ahead on its clock.
	local := time.Now().UTC().Add(3 * time.Hour).Format("2006-01-02T15:04")
	p := b.submit("/home", "/statuses", url.Values{"status": {"later"}, "scheduled_at": {local}, "utc_offset": {"-120"}})
	if p.Code != http.StatusSeeOther || p.Location != "/scheduled?notice=scheduled" {
		t.Fatalf("schedule: %d %s", p.Code, p.Location)
	}
	body := b.get("/scheduled").Body
	want := time.Now().UTC().Add(time.Hour).Format("15:04")
	if !strings.Contains(body, "later") || !strings.Contains(body, want) {
		t.Errorf("the scheduled page lacks the post at %s UTC", want)
	}
	if strings.Contains(b.get("/home").Body, ">later<") {
		t.Errorf("the scheduled post was published at once")
	}
	id := regexp.MustCompile(`action="/scheduled/(\d+)/cancel"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no cancel button")
	}
	if p := b.submit("/scheduled", "/scheduled/"+id[1]+"/cancel", url.Values{}); p.Code != http.StatusSeeOther {
		t.Errorf("cancel: %d", p.Code)
	}
	if strings.Contains(b.get("/scheduled").Body, "later") {
		t.Errorf("the cancelled post is still listed")
	}
}
