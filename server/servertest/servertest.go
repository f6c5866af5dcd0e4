// Package servertest starts a real Roost in-process on a loopback port, with
// a temporary data folder, for integration tests.
package servertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"roost/server"
	"roost/server/actions"
	"roost/store"
)

// Instance is a running Roost.
type Instance struct {
	URL    string // e.g. http://127.0.0.1:41234
	Host   string // e.g. 127.0.0.1:41234
	Config server.Config
	Server *server.Server
	DB     *store.DB

	stop    func() error
	once    sync.Once
	stopErr error
}

// Option adjusts the configuration before start.
type Option func(*server.Config)

// WithConfig lets a test change any setting.
func WithConfig(f func(*server.Config)) Option { return Option(f) }

// ListenIP binds another loopback address, e.g. 127.0.0.2, for a second instance.
func ListenIP(ip string) Option {
	return func(c *server.Config) { c.Listen = net.JoinHostPort(ip, "0") }
}

// Start runs a Roost until the test ends. Logs go to the test log only when
// ROOST_TEST_LOG is set, to keep output readable.
func Start(t testing.TB, opts ...Option) *Instance {
	t.Helper()
	cfg := server.DefaultConfig()
	cfg.Data = t.TempDir()
	cfg.Listen = "127.0.0.1:0"
	cfg.Registrations = "open"
	cfg.Federation.AllowPrivate = true
	for _, o := range opts {
		o(&cfg)
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	cfg.Host = ln.Addr().String()
	cfg.Listen = cfg.Host
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config: %v", err)
	}
	if err := cfg.EnsureDataDir(); err != nil {
		t.Fatal(err)
	}
	var out io.Writer = io.Discard
	if os.Getenv("ROOST_TEST_LOG") != "" {
		out = os.Stderr
	}
	log := slog.New(slog.NewTextHandler(out, nil))
	db, err := store.Open(context.Background(), cfg.Data, cfg.Store, nil)
	if err != nil {
		t.Fatalf("store: %v", err)
	}
	srv, err := server.New(cfg, db, log)
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	srv.Actions().Config.BcryptCost = bcrypt.MinCost
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	in := &Instance{URL: cfg.Scheme() + "://" + cfg.Host, Host: cfg.Host, Config: cfg, Server: srv, DB: db}
	in.stop = func() error {
		cancel()
		err := <-done
		db.Close()
		return err
	}
	t.Cleanup(func() {
		if err := in.Stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return in
}

// Stop shuts the instance down gracefully (as SIGTERM does) and closes its
// database; the data folder stays, so a test can start a new instance on it
// with DataDir. Calling it again does nothing.
func (in *Instance) Stop() error {
	in.once.Do(func() { in.stopErr = in.stop() })
	return in.stopErr
}

// DataDir starts the instance on an existing data folder (e.g. after Stop).
func DataDir(dir string) Option {
	return func(c *server.Config) { c.Data = dir }
}

// Listen binds an exact address, e.g. the one a stopped instance used, so
// that other servers' records of its URLs stay valid across a restart.
func Listen(addr string) Option {
	return func(c *server.Config) { c.Listen = addr }
}

// Actions is the instance's operations.
func (in *Instance) Actions() *actions.Actions { return in.Server.Actions() }

// Password is the password CreateUser gives every user.
const Password = "correct horse battery"

// CreateUser makes an approved local user with Password.
func (in *Instance) CreateUser(t testing.TB, username string) (*store.Account, *store.User) {
	t.Helper()
	acct, user, err := in.Actions().CreateAccount(context.Background(), actions.CreateAccountArgs{
		Username: username, Email: username + "@example.com", Password: Password, Approved: true,
	})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return acct, user
}

// Token issues a bearer token for user with scopes (default: read write follow push),
// as if the user had signed in through an app.
func (in *Instance) Token(t testing.TB, user *store.User, scopes ...string) string {
	t.Helper()
	if len(scopes) == 0 {
		scopes = []string{"read", "write", "follow", "push"}
	}
	db := in.DB
	secret := randomSecret()
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		app := &store.App{ID: db.NewID(), Name: "servertest", RedirectURIs: []string{"urn:ietf:wg:oauth:2.0:oob"},
			Scopes: scopes, ClientID: randomSecret(), ClientSecret: randomSecret()}
		if err := tx.InsertApp(app); err != nil {
			return err
		}
		var uid *store.ID
		if user != nil {
			uid = &user.ID
		}
		return tx.InsertToken(&store.Token{ID: db.NewID(), AppID: &app.ID, UserID: uid, Scopes: scopes}, secret)
	})
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	return secret
}

func randomSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}
