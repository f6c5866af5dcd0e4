package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// upload posts a file to the import form as a browser does.
func (b *browser) upload(kind, mode, fileName string, data []byte) page {
	b.t.Helper()
	p := b.get("/settings/import")
	m := csrfField.FindStringSubmatch(p.Body)
	if m == nil {
		b.t.Fatalf("no CSRF token on the import page (%d)", p.Code)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", m[1])
	mw.WriteField("type", kind)
	mw.WriteField("mode", mode)
	part, _ := mw.CreateFormFile("data", fileName)
	part.Write(data)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, b.in.URL+"/settings/import", &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// download fetches one CSV export.
func (b *browser) download(kind string) string {
	b.t.Helper()
	resp, err := b.http.Get(b.in.URL + "/settings/export/" + kind + ".csv")
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		b.t.Fatalf("export %s: %d", kind, resp.StatusCode)
	}
	return string(data)
}

// waitForImports waits until every import of account is finished and
// returns them, newest first.
func waitForImports(t *testing.T, in *servertest.Instance, account store.ID) []*store.ImportJob {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		jobs, err := in.DB.ImportJobs(context.Background(), account, 50)
		if err != nil {
			t.Fatal(err)
		}
		done := len(jobs) > 0
		for _, j := range jobs {
			done = done && j.FinishedAt != nil
		}
		if done {
			return jobs
		}
		if time.Now().After(deadline) {
			t.Fatalf("imports not finished: %+v", jobs[0])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCSVImportRoundTrip exports alice's data with the existing export
// and imports every file into erin's account: her exports then read the
// same. Overwrite mode removes what the file does not list.
func TestCSVImportRoundTrip(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	carol, _ := in.CreateUser(t, "carol")
	dave, _ := in.CreateUser(t, "dave")
	erin, _ := in.CreateUser(t, "erin")
	frank, _ := in.CreateUser(t, "frank")
	gina, _ := in.CreateUser(t, "gina")
	act := in.Actions()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(act.Follow(ctx, alice, bob.ID, actions.FollowArgs{Reblogs: false, Notify: true, Languages: &[]string{"en", "fr"}}))
	must(act.Follow(ctx, alice, carol.ID, actions.FollowArgs{Reblogs: true}))
	must(act.Mute(ctx, alice, carol.ID, actions.MuteArgs{Notifications: false}))
	must(act.Block(ctx, alice, dave.ID))
	must(nil, act.BlockDomain(ctx, alice, "spam.example"))
	s := post(t, in, bob, actions.PostStatusArgs{Text: "keep this", Visibility: "public"})
	must(act.Bookmark(ctx, alice, s.ID, true))
	for _, title := range []string{"Friends", "Work, mostly"} {
		list, err := act.CreateList(ctx, alice, actions.ListArgs{Title: &title})
		must(list, err)
		must(nil, act.AddToList(ctx, alice, list.ID, []store.ID{bob.ID, carol.ID}))
	}
	// What erin has that overwrite imports must remove.
	must(act.Block(ctx, erin, frank.ID))
	must(nil, act.BlockDomain(ctx, erin, "old.example"))
	must(act.Follow(ctx, erin, gina.ID, actions.FollowArgs{}))

	aliceWeb, erinWeb := newBrowserAs(t, in, "alice"), newBrowserAs(t, in, "erin")
	imports := []struct{ export, kind, mode string }{
		{"following", "following", "overwrite"},
		{"blocks", "blocking", "overwrite"},
		{"mutes", "muting", "merge"},
		{"domain_blocks", "domain_blocking", "overwrite"},
		{"bookmarks", "bookmarks", "merge"},
		{"lists", "lists", "merge"},
	}
	exported := map[string]string{}
	for _, im := range imports {
		exported[im.export] = aliceWeb.download(im.export)
		p := erinWeb.upload(im.kind, im.mode, im.export+".csv", []byte(exported[im.export]))
		if p.Code != http.StatusSeeOther || p.Location != "/settings/import?notice=import_queued" {
			t.Fatalf("import %s: %d %s", im.kind, p.Code, p.Body)
		}
		waitForImports(t, in, erin.ID) // one at a time: following before lists
	}
	// Mastodon writes a follow's languages as a list in one cell.
	if want := "bob@" + in.Host + `,false,true,"en, fr"`; !strings.Contains(exported["following"], want) {
		t.Errorf("following export %q lacks %q", exported["following"], want)
	}
	for _, im := range imports {
		if got := erinWeb.download(im.export); got != exported[im.export] {
			t.Errorf("%s: erin's export after the import\n%q\nwant alice's\n%q", im.export, got, exported[im.export])
		}
	}
	page := erinWeb.get("/settings/import")
	if page.Code != http.StatusOK || strings.Count(page.Body, `class="import-state"`) != len(imports) ||
		!strings.Contains(page.Body, "1 of 1 rows done") || strings.Contains(page.Body, "rows failed") {
		t.Errorf("progress page: %d\n%s", page.Code, page.Body)
	}
}

// TestCSVImportMastodonFiles imports files exactly as Mastodon writes
// them (testdata/import), including the old one-column follows file.
func TestCSVImportMastodonFiles(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	carol, _ := in.CreateUser(t, "carol")
	dave, _ := in.CreateUser(t, "dave")
	b := newBrowserAs(t, in, "alice")
	for _, f := range []struct{ file, kind string }{
		{"follows_old_format.csv", "following"},
		{"following_accounts.csv", "following"}, // then the options of the full format
		{"muted_accounts.csv", "muting"},
		{"blocked_accounts.csv", "blocking"},
		{"blocked_domains.csv", "domain_blocking"},
		{"lists.csv", "lists"},
	} {
		data, err := os.ReadFile("testdata/import/" + f.file)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.ReplaceAll(data, []byte("HOST"), []byte(in.Host))
		if p := b.upload(f.kind, "merge", f.file, data); p.Code != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", f.file, p.Code, p.Body)
		}
		if jobs := waitForImports(t, in, alice.ID); jobs[0].Failed != 0 || jobs[0].Processed != jobs[0].Total {
			t.Fatalf("%s: %+v", f.file, jobs[0])
		}
	}
	rels, err := in.DB.Relationships(ctx, alice.ID, []store.ID{bob.ID, carol.ID, dave.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Relationship{
		{TargetID: bob.ID, Following: true, ShowingReblogs: true},
		{TargetID: carol.ID, Following: true, Notifying: true, Muting: true, Languages: []string{"en", "fr"}},
		{TargetID: dave.ID, Blocking: true, Muting: true, MutingNotifications: true},
	}
	for i, w := range want {
		if !reflect.DeepEqual(rels[i], w) {
			t.Errorf("relationship %d: %+v, want %+v", i, rels[i], w)
		}
	}
	if got := b.download("domain_blocks"); got != "ads.example\nspam.example\n" {
		t.Errorf("domain blocks: %q", got)
	}
	if got, want := b.download("lists"), "Friends,bob@"+in.Host+"\nFriends,carol@"+in.Host+"\nWork,carol@"+in.Host+"\n"; got != want {
		t.Errorf("lists: %q, want %q", got, want)
	}
}

// TestCSVImportRejectsBadFiles: a malformed, empty, wrong or oversize
// file is refused with a message on the form, and nothing is queued.
func TestCSVImportRejectsBadFiles(t *testing.T) {
	t.Parallel()
	in := servertest.Start(t)
	alice, _ := in.CreateUser(t, "alice")
	b := newBrowserAs(t, in, "alice")
	tests := []struct {
		name, kind string
		data       []byte
		code       int
		message    string
	}{
		{"unterminated quote", "following", []byte("\"bob@x.example\n"), 422, "not a valid CSV file"},
		{"not UTF-8", "blocking", []byte("\xff\xfe\x00\x01"), 422, "not a valid CSV file"},
		{"empty", "following", []byte("\n\n"), 422, "The file is empty"},
		{"another kind's file", "blocking", []byte("#domain\nspam.example\n"), 422, "did you pick the right kind"},
		{"unknown kind", "passwords", []byte("bob@x.example\n"), 422, "Choose what kind of data"},
		{"no file", "following", nil, 422, "Choose a CSV file"},
		{"just over 20 MB", "blocking", bytes.Repeat([]byte("x"), actions.ImportMaxBytes+1), 413, "The file is too big"},
		{"far over 20 MB", "blocking", bytes.Repeat([]byte("x"), actions.ImportMaxBytes+1<<20), 413, "The file is too big"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "file.csv"
			if tt.data == nil {
				name = "" // a browser's untouched file input
			}
			p := b.upload(tt.kind, "merge", name, tt.data)
			if p.Code != tt.code || !strings.Contains(p.Body, tt.message) {
				t.Fatalf("%d, want %d with %q:\n%s", p.Code, tt.code, tt.message, p.Body)
			}
		})
	}
	if p := b.post("/settings/import", nil); p.Code != http.StatusForbidden {
		t.Errorf("without a CSRF token: %d", p.Code)
	}
	if jobs, err := in.DB.ImportJobs(context.Background(), alice.ID, 10); err != nil || len(jobs) != 0 {
		t.Errorf("jobs queued: %v %v", jobs, err)
	}
}
