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

// BenchmarkPostStatus publishes a status with a mention and a hashtag, by an
// author with 200 followers, through the whole operation (format, insert,
// counters, notifications, render bundle).
func BenchmarkPostStatus(b *testing.B) {
	db := storetest.Open(b)
	a := actions.New(db, actions.Config{Host: "roost.test", Protocol: "https", MaxStatusChars: 500}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var author, friend *store.Account
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		for i := 0; i < 201; i++ {
			acct := &store.Account{ID: db.NewID(), Username: "user" + store.FormatID(int64(i)), URI: "https://roost.test/users/" + store.FormatID(int64(i))}
			if err := tx.InsertAccount(acct); err != nil {
				return err
			}
			if i == 0 {
				author = acct
				continue
			}
			friend = acct
			if err := tx.InsertFollow(&store.Follow{ID: db.NewID(), AccountID: acct.ID, TargetAccountID: author.ID, Notify: i%10 == 0, CreatedAt: time.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	args := actions.PostStatusArgs{Text: "Hello @" + friend.Username + ", see https://example.com/a/page #roost", Visibility: "public"}
	b.ResetTimer()
	for b.Loop() {
		if _, err := a.PostStatus(ctx, author, args); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHomeTimelinePage is a home page of 40 with everything the API
// renders loaded (originals, accounts, mentions, tags, viewer flags): 500
// follows among 1,000 accounts posting 100,000 statuses, seeded through the store.
func BenchmarkHomeTimelinePage(b *testing.B) {
	db := storetest.Open(b)
	a := actions.New(db, actions.Config{Host: "roost.test", Protocol: "https", MaxStatusChars: 500}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	accounts := make([]*store.Account, 1000)
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		for i := range accounts {
			accounts[i] = &store.Account{ID: db.NewID(), Username: "user" + store.FormatID(int64(i)), URI: "https://roost.test/users/" + store.FormatID(int64(i))}
			if err := tx.InsertAccount(accounts[i]); err != nil {
				return err
			}
		}
		for i := 1; i <= 500; i++ {
			if err := tx.InsertFollow(&store.Follow{ID: db.NewID(), AccountID: accounts[0].ID, TargetAccountID: accounts[i].ID, ShowReblogs: true, CreatedAt: time.Now()}); err != nil {
				return err
			}
		}
		start := time.Now().Add(-100000 * time.Second)
		for i := 0; i < 100000; i++ {
			id := db.IDAt(start.Add(time.Duration(i) * time.Second))
			s := &store.Status{ID: id, URI: "https://roost.test/s/" + store.FormatID(id), AccountID: accounts[(i*7919)%len(accounts)].ID,
				Local: true, Visibility: "public", Content: "<p>hello</p>", CreatedAt: store.IDTime(id)}
			if err := tx.InsertStatus(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		page, err := a.HomeTimeline(ctx, accounts[0], store.Page{Limit: 40})
		if err != nil || len(page.List) != 40 {
			b.Fatalf("%v statuses, %v", page, err)
		}
	}
}
