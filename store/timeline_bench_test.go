package store_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"roost/store"
	"roost/store/storetest"
)

// benchWorld seeds a database straight through the store: accounts,
// the viewer's follows, and statuses spread over every account.
func benchWorld(b *testing.B, accounts, follows, statuses int) (*store.DB, store.ID) {
	b.Helper()
	db := storetest.Open(b)
	ctx := context.Background()
	ids := make([]store.ID, accounts)
	rng := rand.New(rand.NewPCG(1, 2))
	err := db.Write(ctx, func(tx *store.Tx) error {
		for i := range ids {
			ids[i] = db.NewID()
			a := &store.Account{ID: ids[i], Username: "user" + store.FormatID(int64(i)), URI: "https://roost.test/users/" + store.FormatID(int64(i))}
			if err := tx.InsertAccount(a); err != nil {
				return err
			}
		}
		for i := 1; i <= follows; i++ {
			if err := tx.InsertFollow(&store.Follow{ID: db.NewID(), AccountID: ids[0], TargetAccountID: ids[i], ShowReblogs: true, CreatedAt: time.Now()}); err != nil {
				return err
			}
		}
		start := time.Now().Add(-time.Duration(statuses) * time.Second)
		visibilities := []string{"public", "public", "public", "unlisted", "private"}
		for i := 0; i < statuses; i++ {
			id := db.IDAt(start.Add(time.Duration(i) * time.Second))
			s := &store.Status{ID: id, URI: "https://roost.test/s/" + store.FormatID(id), AccountID: ids[rng.IntN(accounts)],
				Local: rng.IntN(2) == 0, Visibility: visibilities[rng.IntN(len(visibilities))], Content: "<p>hello</p>", CreatedAt: store.IDTime(id)}
			if err := tx.InsertStatus(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db, ids[0]
}

// BenchmarkHomeTimeline reads a page of 40 from a home of 500 follows among
// 1,000 accounts posting 100,000 statuses.
func BenchmarkHomeTimeline(b *testing.B) {
	db, viewer := benchWorld(b, 1000, 500, 100000)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		list, err := db.HomeTimeline(ctx, viewer, store.Page{Limit: 40})
		if err != nil || len(list) != 40 {
			b.Fatalf("%d statuses, %v", len(list), err)
		}
	}
}

// BenchmarkHomeTimelineDeepPage reads a page of 40 from the middle of the history.
func BenchmarkHomeTimelineDeepPage(b *testing.B) {
	db, viewer := benchWorld(b, 1000, 500, 100000)
	ctx := context.Background()
	first, err := db.HomeTimeline(ctx, viewer, store.Page{Limit: 40})
	if err != nil {
		b.Fatal(err)
	}
	mid := store.MinIDAt(store.IDTime(first[0].ID).Add(-50000 * time.Second))
	b.ResetTimer()
	for b.Loop() {
		list, err := db.HomeTimeline(ctx, viewer, store.Page{Limit: 40, MaxID: mid})
		if err != nil || len(list) != 40 {
			b.Fatalf("%d statuses, %v", len(list), err)
		}
	}
}

// BenchmarkPublicLocalTimeline reads a page of 20 of the local public timeline.
func BenchmarkPublicLocalTimeline(b *testing.B) {
	db, viewer := benchWorld(b, 1000, 500, 100000)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		list, err := db.PublicTimeline(ctx, viewer, store.PublicFilter{LocalOnly: true}, store.Page{Limit: 20})
		if err != nil || len(list) != 20 {
			b.Fatalf("%d statuses, %v", len(list), err)
		}
	}
}

// BenchmarkHomeTimelineSparse is the fallback plan: 5 follows among 1,000 accounts.
func BenchmarkHomeTimelineSparse(b *testing.B) {
	db, viewer := benchWorld(b, 1000, 5, 100000)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		list, err := db.HomeTimeline(ctx, viewer, store.Page{Limit: 40})
		if err != nil || len(list) != 40 {
			b.Fatalf("%d statuses, %v", len(list), err)
		}
	}
}
