package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"roost/server/actions"
	"roost/server/servertest"
)

func TestProfileSettings(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	b := newBrowser(t, in)
	b.signIn("alice")
	p := b.submit("/settings/profile", "/settings/profile", url.Values{"display_name": {"Alice Liddell"},
		"note": {"Curiouser\nand curiouser"}, "locked": {"1"}, "bot": {"1"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Code, p.Body)
	}
	p = b.get(p.Location)
	for _, want := range []string{`value="Alice Liddell"`, "Your changes were saved.", "Curiouser\nand curiouser"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("settings page lacks %q", want)
		}
	}
	acct, err := in.DB.AccountByHandle(context.Background(), "alice", "")
	if err != nil {
		t.Fatal(err)
	}
	if acct.DisplayName != "Alice Liddell" || !acct.Locked || !acct.Bot || acct.Discoverable || acct.ActorType != "Service" ||
		acct.Note != "<p>Curiouser<br />and curiouser</p>" {
		t.Errorf("account after save: %+v", acct)
	}
	p = b.submit("/settings/profile", "/settings/profile", url.Values{"display_name": {strings.Repeat("x", 31)}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "at most 30 characters") {
		t.Errorf("too long a name: %d", p.Code)
	}
}

func TestChangePassword(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	b, elsewhere := newBrowser(t, in), newBrowser(t, in)
	b.signIn("alice")
	elsewhere.signIn("alice")
	p := b.submit("/settings/password", "/settings/password", url.Values{"current_password": {"not it"},
		"password": {"a new password"}, "password_confirmation": {"a new password"}})
	if p.Code != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "This is not your current password.") {
		t.Fatalf("wrong current password: %d", p.Code)
	}
	p = b.submit("/settings/password", "/settings/password", url.Values{"current_password": {servertest.Password},
		"password": {"a new password"}, "password_confirmation": {"a new password"}})
	if p.Code != http.StatusSeeOther {
		t.Fatalf("change: %d %s", p.Code, p.Body)
	}
	if p := b.get(p.Location); p.Code != http.StatusOK || !strings.Contains(p.Body, "Your password was changed.") {
		t.Errorf("this browser was signed out: %d", p.Code)
	}
	if p := elsewhere.get("/settings/profile"); p.Code != http.StatusSeeOther {
		t.Errorf("another browser is still signed in: %d", p.Code)
	}
	if _, err := in.Actions().Authenticate(context.Background(), "alice", "a new password"); err != nil {
		t.Errorf("new password does not work: %v", err)
	}
}

func TestLanguage(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	_, _, err := in.Actions().CreateAccount(context.Background(), actions.CreateAccountArgs{Username: "amelie",
		Email: "amelie@example.com", Password: servertest.Password, Approved: true, Locale: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		accept string
		login  string
		says   string
		lang   string
	}{
		{"default", "", "", "Sign in", "en"},
		{"browser asks French", "fr-CA,fr;q=0.9,en;q=0.5", "", "Se connecter", "fr"},
		{"browser asks German", "de-DE,de;q=0.9", "", "Sign in", "en"},
		{"user locale wins over browser", "en-US", "amelie", "Se déconnecter", "fr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBrowser(t, in)
			b.lang = tt.accept
			if tt.login != "" {
				b.signIn(tt.login)
			}
			p := b.get("/")
			if !strings.Contains(p.Body, tt.says) || !strings.Contains(p.Body, `<html lang="`+tt.lang+`">`) {
				t.Errorf("page is not in %s (wanted %q)", tt.lang, tt.says)
			}
		})
	}
}

func TestPreferencesLanguage(t *testing.T) {
	in := servertest.Start(t)
	createUser(t, in, "alice", "user", true)
	b := newBrowser(t, in)
	b.lang = "en-US"
	b.signIn("alice")
	tests := []struct {
		name   string
		locale string
		code   int
		says   string
	}{
		{"french", "fr", http.StatusSeeOther, "Vos modifications ont été enregistrées."},
		{"not a language", "klingon-but-too-long-to-be-a-tag", http.StatusUnprocessableEntity, "Choisissez une langue dans la liste."},
		{"back to english", "en", http.StatusSeeOther, "Your changes were saved."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := b.submit("/settings/preferences", "/settings/preferences", url.Values{"locale": {tt.locale}})
			if p.Code != tt.code {
				t.Fatalf("status %d, want %d", p.Code, tt.code)
			}
			if p.Location != "" {
				p = b.get(p.Location)
			}
			if !strings.Contains(p.Body, tt.says) {
				t.Errorf("page does not say %q", tt.says)
			}
		})
	}
}
