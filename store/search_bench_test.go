package store_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"roost/store"
	"roost/store/storetest"
)

// BenchmarkSearchStatuses searches 100,000 statuses by 1,000 indexable
// accounts, each of twelve words drawn from a vocabulary of 5,000, as a
// stranger (the slowest path of the visibility predicate).
func BenchmarkSearchStatuses(b *testing.B) {
	db := storetest.Open(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	vocab := make([]string, 5000)
	for i := range vocab {
		vocab[i] = "w" + store.FormatID(int64(i)*7919)
	}
	var viewer store.ID
	err := db.Write(ctx, func(tx *store.Tx) error {
		ids := make([]store.ID, 1000)
		for i := range ids {
			ids[i] = db.NewID()
			a := &store.Account{ID: ids[i], Username: "user" + store.FormatID(int64(i)), Indexable: true,
				URI: "https://roost.test/users/" + store.FormatID(int64(i))}
			if err := tx.InsertAccount(a); err != nil {
				return err
			}
		}
		viewer = ids[0]
		start := time.Now().Add(-100000 * time.Second)
		visibilities := []string{"public", "public", "public", "unlisted", "private"}
		words := make([]string, 12)
		for i := 0; i < 100000; i++ {
			for j := range words {
				// Squared: a few words are common, most are rare.
				r := rng.Float64()
				words[j] = vocab[int(r*r*float64(len(vocab)))]
			}
			id := db.IDAt(start.Add(time.Duration(i) * time.Second))
			s := &store.Status{ID: id, URI: "https://roost.test/s/" + store.FormatID(id), AccountID: ids[1+rng.IntN(999)],
				Visibility: visibilities[rng.IntN(len(visibilities))], Text: strings.Join(words, " "), CreatedAt: store.IDTime(id)}
			if err := tx.InsertStatus(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, q string }{
		{"common word", vocab[0]},
		{"rare word", vocab[4999]},
		{"two words", vocab[1] + " " + vocab[2]},
		{"prefix", "w12"},
		{"no match", "nothinglikethis"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.SearchStatuses(ctx, store.StatusSearch{Viewer: viewer, Text: bc.q}, store.Page{Limit: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
