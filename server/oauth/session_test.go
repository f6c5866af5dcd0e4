package oauth_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"roost/server/actions"
	"roost/server/oauth"
	"roost/server/web"
	"roost/store"
	"roost/store/storetest"
)

// TestSessionUserSkipsPassword checks the seam web sessions will use: a
// person already signed in to the web UI only has to press Authorize,
// unless the app asks for force_login.
func TestSessionUserSkipsPassword(t *testing.T) {
	db := storetest.Open(t)
	acts := actions.New(db, actions.Config{Host: "roost.example", Protocol: "https", InstanceName: "Roost", BcryptCost: 4}, slog.Default())
	ctx := context.Background()
	_, alice, err := acts.CreateAccount(ctx, actions.CreateAccountArgs{Username: "alice", Email: "alice@example.com",
		Password: "correct horse battery", Approved: true})
	if err != nil {
		t.Fatal(err)
	}
	app, err := acts.CreateApp(ctx, actions.CreateAppArgs{Name: "App", RedirectURIs: []string{callback}, Scopes: []string{"read"}})
	if err != nil {
		t.Fatal(err)
	}
	renderer, err := web.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	o := oauth.NewHandlers(acts, &web.Handlers{Actions: acts, Renderer: renderer})
	o.SessionUser = func(echo.Context) (*store.User, error) { return alice, nil }
	e := echo.New()
	e.GET("/oauth/authorize", o.Authorize)
	e.POST("/oauth/authorize", o.SubmitAuthorization)
	srv := httptest.NewServer(e)
	defer srv.Close()
	q := url.Values{"response_type": {"code"}, "client_id": {app.ClientID}, "redirect_uri": {callback}, "scope": {"read"}, "state": {"xyz-state"}}

	b := newBrowser(t)
	page := b.get(srv.URL+"/oauth/authorize?"+q.Encode(), "")
	if !strings.Contains(string(page.Body), "signed in as <strong>@alice</strong>") || strings.Contains(string(page.Body), `name="password"`) {
		t.Fatalf("session page:\n%s", page.Body)
	}
	f := parseForm(t, page.Body)
	f.Fields.Set("decision", "approve")
	codeFrom(t, b.postForm(srv.URL+f.Action, f.Fields, ""), callback)

	q.Set("force_login", "true")
	page = b.get(srv.URL+"/oauth/authorize?"+q.Encode(), "")
	if !strings.Contains(string(page.Body), `name="password"`) {
		t.Fatalf("force_login did not ask for the password:\n%s", page.Body)
	}
	f = parseForm(t, page.Body)
	f.Fields.Set("decision", "approve")
	if r := b.postForm(srv.URL+f.Action, f.Fields, ""); r.Status != http.StatusUnauthorized {
		t.Fatalf("force_login without a password: %d", r.Status)
	}
}
