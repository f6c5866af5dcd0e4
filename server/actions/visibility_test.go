package actions_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"roost/server/actions"
	"roost/store"
	"roost/store/storetest"
)

// seed builds accounts and statuses straight through the store, so the
// matrix runs in milliseconds.
type seed struct {
	t  *testing.T
	db *store.DB
}

func (s seed) account(name string) *store.Account {
	s.t.Helper()
	a := &store.Account{ID: s.db.NewID(), Username: name, URI: "https://roost.test/users/" + name}
	s.write(func(tx *store.Tx) error { return tx.InsertAccount(a) })
	return a
}

func (s seed) status(author *store.Account, visibility string, mentions ...*store.Account) *store.Status {
	s.t.Helper()
	st := &store.Status{ID: s.db.NewID(), AccountID: author.ID, Local: true, Visibility: visibility, Content: "<p>x</p>"}
	st.URI = "https://roost.test/statuses/" + store.FormatID(st.ID)
	s.write(func(tx *store.Tx) error {
		if err := tx.InsertStatus(st); err != nil {
			return err
		}
		for _, m := range mentions {
			if err := tx.InsertMention(st.ID, m.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return st
}

func (s seed) write(f func(tx *store.Tx) error) {
	s.t.Helper()
	if err := s.db.Write(context.Background(), f); err != nil {
		s.t.Fatal(err)
	}
}

// TestVisibilityMatrix runs the one visibility rule in both its forms,
// actions.CanSee and store.VisibleTo, over the same viewers and statuses,
// and checks they agree with the table and with each other.
func TestVisibilityMatrix(t *testing.T) {
	db := storetest.Open(t)
	s := seed{t, db}
	a := actions.New(db, actions.Config{Host: "roost.test", Protocol: "https", MaxStatusChars: 500}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	author, follower, mentioned, stranger, blocked := s.account("author"), s.account("follower"), s.account("mentioned"), s.account("stranger"), s.account("blocked")
	now := time.Now()
	s.write(func(tx *store.Tx) error {
		for _, f := range []*store.Account{follower, blocked} {
			if err := tx.InsertFollow(&store.Follow{ID: db.NewID(), AccountID: f.ID, TargetAccountID: author.ID, CreatedAt: now}); err != nil {
				return err
			}
		}
		return tx.InsertBlock(db.NewID(), author.ID, blocked.ID, "")
	})
	statuses := map[string]*store.Status{}
	for _, v := range []string{"public", "unlisted", "private", "direct"} {
		statuses[v] = s.status(author, v, mentioned, blocked)
	}
	// A stranger's reblog of the author's public status: visible only where the original is.
	reblog := s.status(stranger, "public")
	s.write(func(tx *store.Tx) error {
		_, err := tx.ExecContext(tx.Context(), "UPDATE statuses SET reblog_of_id = ? WHERE id = ?", statuses["public"].ID, reblog.ID)
		return err
	})
	reblog.ReblogOfID = &statuses["public"].ID
	statuses["reblog"] = reblog

	viewers := map[string]*store.Account{"author": author, "follower": follower, "mentioned": mentioned, "stranger": stranger, "blocked": blocked, "anonymous": nil}
	want := map[string]map[string]bool{
		"author":    {"public": true, "unlisted": true, "private": true, "direct": true, "reblog": true},
		"follower":  {"public": true, "unlisted": true, "private": true, "direct": false, "reblog": true},
		"mentioned": {"public": true, "unlisted": true, "private": true, "direct": true, "reblog": true},
		"stranger":  {"public": true, "unlisted": true, "private": false, "direct": false, "reblog": true},
		"anonymous": {"public": true, "unlisted": true, "private": false, "direct": false, "reblog": true},
		"blocked":   {"public": false, "unlisted": false, "private": false, "direct": false, "reblog": false},
	}
	var allIDs []store.ID
	for _, st := range statuses {
		allIDs = append(allIDs, st.ID)
	}
	ctx := context.Background()
	for viewerName, viewer := range viewers {
		var viewerID store.ID
		if viewer != nil {
			viewerID = viewer.ID
		}
		inSQL, err := db.VisibleStatusIDs(ctx, viewerID, allIDs)
		if err != nil {
			t.Fatal(err)
		}
		for statusName, st := range statuses {
			t.Run(viewerName+"/"+statusName, func(t *testing.T) {
				got, err := a.CanSee(ctx, viewer, st)
				if err != nil {
					t.Fatal(err)
				}
				if got != want[viewerName][statusName] {
					t.Errorf("CanSee = %v, want %v", got, want[viewerName][statusName])
				}
				if inSQL[st.ID] != got {
					t.Errorf("store.VisibleTo says %v, CanSee says %v", inSQL[st.ID], got)
				}
			})
		}
	}
}

// TestSuspendedAuthorIsInvisible: nothing of a suspended account shows, in either form of the rule.
func TestSuspendedAuthorIsInvisible(t *testing.T) {
	db := storetest.Open(t)
	s := seed{t, db}
	a := actions.New(db, actions.Config{Host: "roost.test", Protocol: "https", MaxStatusChars: 500}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	author, viewer := s.account("author"), s.account("viewer")
	st := s.status(author, "public")
	now := time.Now()
	s.write(func(tx *store.Tx) error { return tx.SetAccountSuspended(author.ID, &now) })
	for name, v := range map[string]*store.Account{"viewer": viewer, "anonymous": nil} {
		got, err := a.CanSee(context.Background(), v, st)
		if err != nil {
			t.Fatal(err)
		}
		inSQL, err := db.VisibleStatusIDs(context.Background(), idOrZero(v), []store.ID{st.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got || inSQL[st.ID] {
			t.Errorf("%s sees a suspended author's status (CanSee %v, SQL %v)", name, got, inSQL[st.ID])
		}
	}
}

func idOrZero(a *store.Account) store.ID {
	if a == nil {
		return 0
	}
	return a.ID
}
