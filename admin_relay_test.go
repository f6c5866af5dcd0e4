package main

import (
	"context"
	"strings"
	"testing"

	"roost/server"
	"roost/store"
)

// TestAdminRelayCommands: add queues the Follow for the running server (or
// the next start) to send, list shows the subscription, remove queues the Undo.
func TestAdminRelayCommands(t *testing.T) {
	data := t.TempDir()
	env := []string{"ROOST_DATA=" + data, "ROOST_HOST=roost.example"}
	const inbox = "https://relay.example/inbox"
	cases := []cliCase{
		{"add a Mastodon-style relay", []string{"admin", "relay", "add", inbox}, "mastodon relay", ""},
		{"add it again", []string{"admin", "relay", "add", inbox}, "", "already subscribed"},
		{"not a URL", []string{"admin", "relay", "add", "relay.example"}, "", "url must be"},
		{"an actor that cannot be fetched", []string{"admin", "relay", "add", "http://127.0.0.1:9/actor"}, "", "neither a relay inbox"},
		{"no URL", []string{"admin", "relay", "add"}, "", "exactly one URL"},
		{"list", []string{"admin", "relay", "list"}, inbox + "  mastodon  pending", ""},
		{"remove unknown", []string{"admin", "relay", "remove", "https://other.example/inbox"}, "", "no such relay"},
		{"unknown verb", []string{"admin", "relay", "frobnicate"}, "", "usage"},
	}
	runCLICases(t, env, cases)
	if out, err := runCLI(t, env, "admin", "relay", "remove", inbox); err != nil || !strings.Contains(out, "unsubscribed") {
		t.Fatalf("remove: %q %v", out, err)
	}
	if out, _ := runCLI(t, env, "admin", "relay", "list"); strings.Contains(out, inbox) {
		t.Errorf("removed relay still listed:\n%s", out)
	}
	cfg, err := server.LoadConfig("", env)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), data, cfg.Store, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The Undo embeds the Follow: two deliveries, one of them an Undo.
	var queued, undos int
	err = db.R().QueryRowContext(context.Background(), `SELECT COUNT(*), COUNT(*) FILTER (WHERE CAST(payload AS TEXT) LIKE '%"type":"Undo"%')
		FROM deliveries WHERE target_url = ? AND CAST(payload AS TEXT) LIKE '%"type":"Follow"%'`, inbox).Scan(&queued, &undos)
	if err != nil {
		t.Fatal(err)
	}
	if queued != 2 || undos != 1 {
		t.Errorf("queued %d activities (%d Undo) for the relay, want the Follow and its Undo", queued, undos)
	}
}
