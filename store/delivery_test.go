package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"roost/store"
	"roost/store/storetest"
)

func insertSender(t *testing.T, db *store.DB) store.ID {
	t.Helper()
	id := db.NewID()
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		return tx.InsertAccount(&store.Account{ID: id, Username: "alice", URI: "https://roost.example/users/alice",
			PublicKeyID: "https://roost.example/users/alice#main-key", PrivateKeyPEM: "PEM"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestDeliveryInboxes(t *testing.T) {
	accounts := []*store.Account{
		{Domain: "a.example", InboxURL: "https://a.example/users/1/inbox", SharedInboxURL: "https://a.example/inbox"},
		{Domain: "a.example", InboxURL: "https://a.example/users/2/inbox", SharedInboxURL: "https://a.example/inbox"},
		{Domain: "b.example", InboxURL: "https://b.example/users/3/inbox"},
		{Domain: "", InboxURL: "https://roost.example/users/me/inbox"},
		{Domain: "c.example"},
		nil,
	}
	got := strings.Join(store.DeliveryInboxes(accounts), " ")
	if want := "https://a.example/inbox https://b.example/users/3/inbox"; got != want {
		t.Errorf("inboxes = %q, want %q", got, want)
	}
}

func TestDeliveryLifecycle(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	sender := insertSender(t, db)
	err := db.Write(ctx, func(tx *store.Tx) error {
		return tx.EnqueueDeliveries(sender, []string{"https://A.example/inbox", "https://a.example/inbox", "https://A.example/inbox", "http://b.example:8080/inbox"}, []byte(`{}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := db.QueuedDeliveries(ctx); n != 3 {
		t.Fatalf("queued %d, want 3 (duplicates coalesced)", n)
	}
	now := time.Now()
	claimed, err := db.ClaimDeliveries(ctx, now, 10*time.Minute, 10, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 2 {
		t.Fatalf("claimed %d, want one per host (perHost=1)", len(claimed))
	}
	hosts := claimed[0].Host + " " + claimed[1].Host
	if hosts != "a.example b.example:8080" || claimed[0].SenderID != sender || string(claimed[0].Payload) != `{}` {
		t.Errorf("claimed %+v", claimed)
	}
	again, _ := db.ClaimDeliveries(ctx, now, 10*time.Minute, 10, 5, []string{"a.example"})
	if len(again) != 0 {
		t.Errorf("claimed rows again or a skipped host: %+v", again)
	}
	again, _ = db.ClaimDeliveries(ctx, now, 10*time.Minute, 10, 5, nil)
	if len(again) != 1 {
		t.Errorf("want the third row, got %d", len(again))
	}

	d := claimed[0]
	for attempt := 1; ; attempt++ {
		var gaveUp bool
		err := db.Write(ctx, func(tx *store.Tx) (err error) {
			gaveUp, err = tx.RetryDelivery(&d, "HTTP 503", now)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if gaveUp {
			if attempt != 11 {
				t.Errorf("gave up at attempt %d, want 11 (after 10 retries)", attempt)
			}
			if _, err := db.Delivery(ctx, d.ID); err != store.ErrNotFound {
				t.Errorf("row still there: %v", err)
			}
			break
		}
		got, err := db.Delivery(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantDelay, _ := store.DeliveryRetryDelay(attempt)
		if got.Attempts != attempt || got.NextAt.Sub(now).Round(time.Second) != wantDelay || got.LastError != "HTTP 503" {
			t.Fatalf("attempt %d: row %+v", attempt, got)
		}
		d = *got
	}
	if err := db.Write(ctx, func(tx *store.Tx) error { return tx.DeleteDelivery(claimed[1].ID) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Write(ctx, func(tx *store.Tx) error { return tx.EnqueueDelivery(sender, "ftp://x/inbox", nil) }); err == nil {
		t.Error("enqueued a non-http URL")
	}
}

func TestHostAvailability(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	now := time.Now()
	fail := func(host string, at time.Time, policy store.HostFailurePolicy) bool {
		var unavailable bool
		if err := db.Write(ctx, func(tx *store.Tx) (err error) {
			unavailable, err = tx.RecordHostFailure(host, at, policy)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return unavailable
	}
	quick := store.HostFailurePolicy{Failures: 3}
	for i := 1; i <= 3; i++ {
		if got := fail("down.example", now, quick); got != (i == 3) {
			t.Fatalf("after %d failures unavailable = %v", i, got)
		}
	}
	slow := store.HostFailurePolicy{Failures: 2, Span: 24 * time.Hour}
	fail("flaky.example", now, slow)
	if fail("flaky.example", now.Add(time.Hour), slow) {
		t.Error("unavailable after failing for one hour, span is a day")
	}
	if !fail("flaky.example", now.Add(25*time.Hour), slow) {
		t.Error("still available after failing for a day")
	}
	h, err := db.HostByName(ctx, "down.example")
	if err != nil || h.Available() || h.Failures != 3 {
		t.Fatalf("host %+v, %v", h, err)
	}
	if err := db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.SetHostSignatureScheme("down.example", "cavage"); err != nil {
			return err
		}
		return tx.MarkHostReachable("down.example")
	}); err != nil {
		t.Fatal(err)
	}
	h, _ = db.HostByName(ctx, "down.example")
	if !h.Available() || h.Failures != 0 || h.FailingSince != nil || h.SignatureScheme != "cavage" {
		t.Errorf("after reachable: %+v", h)
	}
	if h, err := db.HostByName(ctx, "new.example"); err != nil || !h.Available() {
		t.Errorf("unknown host: %+v %v", h, err)
	}
}

func TestClaimShowsHostState(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	sender := insertSender(t, db)
	err := db.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.RecordHostFailure("down.example", time.Now(), store.HostFailurePolicy{Failures: 1}); err != nil {
			return err
		}
		if err := tx.SetHostSignatureScheme("up.example", "rfc9421"); err != nil {
			return err
		}
		return tx.EnqueueDeliveries(sender, []string{"https://down.example/inbox", "https://up.example/inbox"}, []byte("x"))
	})
	if err != nil {
		t.Fatal(err)
	}
	claimed, err := db.ClaimDeliveries(ctx, time.Now(), time.Minute, 10, 2, nil)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("claimed %v, %v", claimed, err)
	}
	for _, d := range claimed {
		if (d.Host == "down.example") != d.HostUnavailable || (d.Host == "up.example") != (d.HostScheme == "rfc9421") {
			t.Errorf("%s: unavailable=%v scheme=%q", d.Host, d.HostUnavailable, d.HostScheme)
		}
	}
	keyID, pem, err := db.SenderKey(ctx, sender)
	if err != nil || keyID != "https://roost.example/users/alice#main-key" || pem != "PEM" {
		t.Errorf("sender key %q %q %v", keyID, pem, err)
	}
	if next, ok, err := db.NextDeliveryAt(ctx); err != nil || !ok || next.Before(time.Now()) {
		t.Errorf("next delivery at %v %v %v", next, ok, err)
	}
}
