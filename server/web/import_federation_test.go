package web_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"roost/server/actions"
	"roost/server/servertest"
	"roost/store"
)

// TestCSVImportFollowsAcrossInstances: a follows file listing accounts on
// another Roost (B, on 127.0.0.2) is imported on A; the follows arrive on
// B, a locked account gets a follow request, and an unknown account and an
// unreachable server are failures of their rows only.
func TestCSVImportFollowsAcrossInstances(t *testing.T) {
	t.Parallel()
	a := servertest.Start(t)
	b := servertest.Start(t, servertest.ListenIP("127.0.0.2"))
	ctx := context.Background()
	alice, _ := a.CreateUser(t, "alice")
	bob, _ := b.CreateUser(t, "bob")
	carol, _ := b.CreateUser(t, "carol")
	locked := true
	if _, err := b.Actions().UpdateCredentials(ctx, carol, actions.UpdateCredentialsArgs{Locked: &locked}); err != nil {
		t.Fatal(err)
	}
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := closed.Addr().String()
	closed.Close()

	file := "Account address,Show boosts,Notify on new posts,Languages\n" +
		"bob@" + b.Host + ",false,true,\n" +
		"carol@" + b.Host + ",true,false,\n" +
		"ghost@" + b.Host + ",true,false,\n" +
		"someone@" + down + ",true,false,\n"
	web := newBrowserAs(t, a, "alice")
	if p := web.upload("following", "merge", "following_accounts.csv", []byte(file)); p.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", p.Code, p.Body)
	}
	job := waitForImports(t, a, alice.ID)[0]
	if job.Processed != 4 || job.Failed != 2 {
		t.Fatalf("job: %+v", job)
	}
	failures, err := a.DB.ImportFailures(ctx, job.ID, 10)
	if err != nil || len(failures) != 2 || failures[0].Error != "not_found" || failures[1].Error != "unreachable" {
		t.Fatalf("failures: %+v %v", failures, err)
	}

	// On B: alice follows bob (accepted: bob is not locked) and asks carol.
	remoteAlice, err := b.Actions().ResolveAccount(ctx, "alice@"+a.Host)
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool {
		rels, err := b.DB.Relationships(ctx, remoteAlice.ID, []store.ID{bob.ID, carol.ID})
		return err == nil && rels[0].Following && rels[1].Requested
	})
	// And on A, bob's Accept turned the request into a follow with the file's options.
	waitUntil(t, func() bool {
		remoteBob, err := a.DB.AccountByHandle(ctx, "bob", b.Host)
		if err != nil {
			return false
		}
		rels, err := a.DB.Relationships(ctx, alice.ID, []store.ID{remoteBob.ID})
		return err == nil && rels[0].Following && !rels[0].ShowingReblogs && rels[0].Notifying
	})
	page := web.get("/settings/import")
	for _, want := range []string{"4 of 4 rows done", "2 rows failed", "ghost@" + b.Host, "no such account or post",
		"someone@" + down, "its server could not be reached"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the progress page lacks %q", want)
		}
	}

	// A lists file naming remote accounts, as one moving from another
	// server has: bob (followed) and carol (still asked) are both listed,
	// as in Mastodon; dave is followed first, then listed.
	dave, _ := b.CreateUser(t, "dave")
	lists := "Friends,bob@" + b.Host + "\nFriends,carol@" + b.Host + "\nFriends,dave@" + b.Host + "\n"
	if p := web.upload("lists", "merge", "lists.csv", []byte(lists)); p.Code != http.StatusSeeOther {
		t.Fatalf("upload lists: %d %s", p.Code, p.Body)
	}
	waitUntil(t, func() bool {
		jobs, err := a.DB.ImportJobs(ctx, alice.ID, 1)
		return err == nil && jobs[0].FinishedAt != nil
	})
	if jobs, _ := a.DB.ImportJobs(ctx, alice.ID, 1); jobs[0].Failed != 0 {
		failures, _ := a.DB.ImportFailures(ctx, jobs[0].ID, 10)
		t.Fatalf("lists import: %+v failed %+v", jobs[0], failures)
	}
	all, err := a.Actions().Lists(ctx, alice)
	if err != nil || len(all) != 1 {
		t.Fatalf("lists: %v %v", all, err)
	}
	members, err := a.Actions().ListMembers(ctx, alice, all[0].ID, store.Page{Limit: 10})
	if err != nil || len(members.List) != 3 {
		t.Fatalf("members: %d %v", len(members.List), err)
	}
	waitUntil(t, func() bool {
		rels, err := b.DB.Relationships(ctx, remoteAlice.ID, []store.ID{dave.ID})
		return err == nil && rels[0].Following
	})
}

// TestCSVImportResumesAfterRestart: an import stopped halfway by a
// shutdown goes on from the row it was at when Roost starts again on the
// same data, without doing the finished rows twice.
func TestCSVImportResumesAfterRestart(t *testing.T) {
	t.Parallel()
	var answer atomic.Bool // false: hold requests until the client gives up
	var asked atomic.Int32
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		if !answer.Load() {
			<-r.Context().Done()
			return
		}
		http.NotFound(w, r)
	}))
	defer slow.Close()
	slowHost := strings.TrimPrefix(slow.URL, "http://")

	in := servertest.Start(t)
	ctx := context.Background()
	alice, _ := in.CreateUser(t, "alice")
	bob, _ := in.CreateUser(t, "bob")
	carol, _ := in.CreateUser(t, "carol")
	file := "bob@" + in.Host + "\nnobody@" + slowHost + "\ncarol@" + in.Host + "\n"
	job, err := in.Actions().CreateImport(ctx, alice, actions.ImportArgs{Kind: "following", Data: []byte(file)})
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { return asked.Load() > 0 }) // bob done, the second row hangs
	if jobs, err := in.DB.ImportJobs(ctx, alice.ID, 1); err != nil || jobs[0].Processed != 1 || jobs[0].FinishedAt != nil {
		t.Fatalf("before the restart: %+v %v", jobs[0], err)
	}
	if err := in.Stop(); err != nil {
		t.Fatal(err)
	}
	answer.Store(true)

	again := servertest.Start(t, servertest.DataDir(in.Config.Data), servertest.Listen(in.Host))
	done := waitForImports(t, again, alice.ID)[0]
	if done.ID != job.ID || done.Processed != 3 || done.Failed != 1 {
		t.Fatalf("after the restart: %+v", done)
	}
	rels, err := again.DB.Relationships(ctx, alice.ID, []store.ID{bob.ID, carol.ID})
	if err != nil || !rels[0].Following || !rels[1].Following {
		t.Fatalf("relationships: %+v %v", rels, err)
	}
	bobNow, err := again.DB.Account(ctx, bob.ID)
	if err != nil || bobNow.FollowersCount != 1 {
		t.Fatalf("bob's followers: %+v %v", bobNow, err)
	}
	failures, err := again.DB.ImportFailures(ctx, job.ID, 10)
	if err != nil || len(failures) != 1 || failures[0].Position != 1 || failures[0].Error != "not_found" {
		t.Fatalf("failures: %+v %v", failures, err)
	}
}

func waitUntil(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
