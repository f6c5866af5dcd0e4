package apub_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"roost/federation/httpsig"
	"roost/server/servertest"
	"roost/store"
)

// BenchmarkInboxCreates verifies and stores 1,000 signed Creates (Mastodon's
// create-note shape, from an account a local user follows) per iteration,
// posted by 4 concurrent senders as a busy peer would. Signing happens
// before the timer starts: only the receiving side is measured.
// Budget: under 5 s per 1,000 on the 2-core machine.
func BenchmarkInboxCreates(b *testing.B) {
	in := servertest.Start(b)
	alice, _ := in.CreateUser(b, "alice")
	r := newRemote(b)
	bob := r.addActor("Gargron", nil)
	ctx := context.Background()
	acct, err := in.Actions().RemoteAccountByURI(ctx, bob)
	if err != nil {
		b.Fatal(err)
	}
	err = in.DB.Write(ctx, func(tx *store.Tx) error {
		return tx.InsertFollow(&store.Follow{ID: in.DB.NewID(), AccountID: alice.ID, TargetAccountID: acct.ID})
	})
	if err != nil {
		b.Fatal(err)
	}
	const perOp, senders = 1000, 4
	b.ResetTimer()
	for n := range b.N {
		b.StopTimer()
		reqs := make([]*http.Request, perOp)
		bodies := make([][]byte, perOp)
		for i := range reqs {
			body := fixture(b, "mastodon/create-note.json", "https://mastodon.example", r.URL(), "https://roost.example", in.URL,
				"112345678901234567", fmt.Sprintf("%d%06d", n, i))
			bodies[i] = body
			reqs[i] = r.signed(in.URL+"/inbox", bob, body, httpsig.Cavage)
		}
		b.StartTimer()
		var wg sync.WaitGroup
		next := make(chan int)
		for range senders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					req := reqs[i]
					req.Body = ioNopCloser(bodies[i])
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						b.Errorf("create %d: %v", i, err)
						continue
					}
					if resp.StatusCode != http.StatusAccepted {
						b.Errorf("create %d: status %d", i, resp.StatusCode)
					}
					resp.Body.Close()
				}
			}()
		}
		for i := range reqs {
			next <- i
		}
		close(next)
		wg.Wait()
	}
	b.StopTimer()
	var stored int
	in.DB.R().QueryRowContext(ctx, "SELECT COUNT(*) FROM statuses WHERE account_id = ?", acct.ID).Scan(&stored)
	if stored != perOp*b.N {
		b.Fatalf("%d statuses stored, want %d", stored, perOp*b.N)
	}
}
