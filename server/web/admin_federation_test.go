package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"roost/server/servertest"
	"roost/store"
)

// TestAdminFederationPage: admins see the hosts deliveries wait on and the
// hosts marked unavailable; nobody else sees the page.
func TestAdminFederationPage(t *testing.T) {
	in := servertest.Start(t)
	ctx := context.Background()
	root := createUser(t, in, "root", "admin", true)
	createUser(t, in, "mod", "moderator", true)
	in.CreateUser(t, "alice")
	admin := newBrowser(t, in)
	admin.signIn("root")
	if p := admin.get("/admin/federation"); p.Code != http.StatusOK || !strings.Contains(p.Body, "Every known host is reachable") {
		t.Fatalf("empty queue (%d)", p.Code)
	}
	err := in.DB.Write(ctx, func(tx *store.Tx) error {
		if err := tx.EnqueueDelivery(root.AccountID, "https://slow.example/inbox", []byte(`{}`)); err != nil {
			return err
		}
		_, err := tx.RecordHostFailure("gone.example", time.Now().Add(-time.Hour), store.HostFailurePolicy{Failures: 1})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	p := admin.get("/admin/federation")
	for _, want := range []string{"slow.example", "gone.example", "Unavailable since", `class="unavailable"`} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Index(p.Body, "gone.example") > strings.Index(p.Body, "slow.example") {
		t.Error("the unavailable host is not listed first")
	}
	for _, who := range []string{"mod", "alice"} {
		b := newBrowser(t, in)
		b.signIn(who)
		if p := b.get("/admin/federation"); p.Code == http.StatusOK {
			t.Errorf("%s sees the federation page", who)
		}
	}
}
