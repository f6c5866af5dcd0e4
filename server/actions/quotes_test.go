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

// TestQuoteStates: what a viewer is told of a quoted post, by who they
// are to its author. Only "accepted" carries the post.
func TestQuoteStates(t *testing.T) {
	db := storetest.Open(t)
	s := seed{t, db}
	a := actions.New(db, actions.Config{Host: "roost.test", Protocol: "https", MaxStatusChars: 500}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	far := &store.Account{ID: db.NewID(), Username: "far", Domain: "far.example", URI: "https://far.example/users/far"}
	s.write(func(tx *store.Tx) error { return tx.InsertAccount(far) })
	quoter := s.account("quoter")
	viewers := map[string]*store.Account{"anonymous": nil}
	for _, name := range []string{"stranger", "follower", "blocker", "domain-blocker", "muter", "mute-expired", "blocked"} {
		viewers[name] = s.account(name)
	}
	viewers["author"] = far
	past := time.Now().Add(-time.Hour)
	s.write(func(tx *store.Tx) error {
		return errorsOf(
			tx.InsertFollow(&store.Follow{ID: db.NewID(), AccountID: viewers["follower"].ID, TargetAccountID: far.ID, CreatedAt: past}),
			tx.InsertBlock(db.NewID(), viewers["blocker"].ID, far.ID, ""),
			tx.InsertUserDomainBlock(viewers["domain-blocker"].ID, "far.example"),
			tx.InsertMute(db.NewID(), viewers["muter"].ID, far.ID, true, nil),
			tx.InsertMute(db.NewID(), viewers["mute-expired"].ID, far.ID, true, &past),
			tx.InsertBlock(db.NewID(), far.ID, viewers["blocked"].ID, ""))
	})
	quoted := map[string]*store.Status{"public": s.status(far, "public"), "private": s.status(far, "private")}
	quoting := map[string]*store.Status{}
	for name, uri := range map[string]string{"public": quoted["public"].URI, "private": quoted["private"].URI, "missing": "https://far.example/gone"} {
		q := s.status(quoter, "public")
		s.write(func(tx *store.Tx) error {
			_, err := tx.ExecContext(tx.Context(), "UPDATE statuses SET quote_uri = ? WHERE id = ?", uri, q.ID)
			return err
		})
		quoting[name] = q
	}

	tests := []struct {
		viewer, quoted, want string
	}{
		{"anonymous", "public", actions.QuoteAccepted},
		{"anonymous", "private", actions.QuoteUnauthorized},
		{"anonymous", "missing", actions.QuotePending},
		{"stranger", "public", actions.QuoteAccepted},
		{"stranger", "private", actions.QuoteUnauthorized},
		{"follower", "private", actions.QuoteAccepted},
		{"author", "private", actions.QuoteAccepted},
		{"blocked", "public", actions.QuoteUnauthorized},
		{"blocker", "public", actions.QuoteBlockedAccount},
		{"domain-blocker", "public", actions.QuoteBlockedDomain},
		{"muter", "public", actions.QuoteMutedAccount},
		{"mute-expired", "public", actions.QuoteAccepted},
	}
	for _, tt := range tests {
		t.Run(tt.viewer+" on a "+tt.quoted+" post", func(t *testing.T) {
			view, err := a.Status(context.Background(), viewers[tt.viewer], quoting[tt.quoted].ID)
			if err != nil {
				t.Fatal(err)
			}
			q := view.Quotes[view.Status.ID]
			if q == nil || q.State != tt.want {
				t.Fatalf("quote = %+v, want %s", q, tt.want)
			}
			if shown := q.Status != nil; shown != (tt.want == actions.QuoteAccepted) {
				t.Errorf("quoted post handed over: %v", shown)
			}
			if post := quoted[tt.quoted]; post != nil {
				if _, loaded := view.Statuses[post.ID]; loaded != (tt.want == actions.QuoteAccepted) {
					t.Errorf("quoted post in the page: %v", loaded)
				}
			}
		})
	}
}

func errorsOf(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
