// Command roost is a small, single-binary, Mastodon-compatible social server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"roost/server"
	"roost/server/actions"
	"roost/store"
)

const usage = `roost: a small, single-binary, Mastodon-compatible social server

Usage:
  roost serve [--config FILE]                 run the server (no file: embedded defaults)
  roost config check [--config FILE]          validate the configuration and exit
  roost version                               print the version and build info
  roost admin account create --username U --email E --password P [--role user|moderator|admin]
  roost admin account password --username U --password P
  roost admin account disable-2fa --username U   for a user locked out of two-factor sign-in
  roost admin account suspend --username U
  roost admin account unsuspend --username U
  roost admin account list
  roost admin backup [--config FILE] ARCHIVE.tar.gz    snapshot database and media (safe while serving)
  roost admin restore [--config FILE] ARCHIVE.tar.gz   unpack a backup into an empty data folder
  roost admin announcement create --text T [--starts-at TIME] [--ends-at TIME] [--all-day] [--draft]
  roost admin announcement list
  roost admin announcement delete --id ID
  roost admin media prune [--remote-older-than 30d]
  roost admin emoji add --shortcode S [--category C] FILE   a PNG or GIF custom emoji
  roost admin emoji import [--category C] DIR-or-TAR        every NAME.png / NAME.gif, named by shortcode
                                              remove day-old unattached uploads and old remote media copies
  roost admin relay add URL      subscribe to a relay: a Mastodon-style relay's inbox (https://relay.example/inbox)
                                 or a LitePub relay's actor (https://relay.example/actor)
  roost admin relay list
  roost admin relay remove URL

Every config key can be set by a ROOST_* variable (see config.example.toml).
`

func main() {
	// Roost never serves heap profiles; the profiler's bucket table would
	// otherwise cost over a megabyte of a small board's idle memory.
	runtime.MemProfileRate = 0
	if err := run(os.Args[1:], os.Stdout, os.Environ()); err != nil {
		fmt.Fprintln(os.Stderr, "roost:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer, environ []string) error {
	if len(args) == 0 {
		fmt.Fprint(out, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], environ)
	case "config":
		if len(args) < 2 || args[1] != "check" {
			return errors.New("usage: roost config check [--config FILE]")
		}
		cfg, err := loadConfig("config check", args[2:], environ, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "configuration is valid: %s://%s, data in %s\n", cfg.Scheme(), cfg.Host, cfg.Data)
		return nil
	case "version":
		fmt.Fprintln(out, versionLine())
		return nil
	case "admin":
		return admin(args[1:], out, environ)
	case "help", "-h", "--help":
		fmt.Fprint(out, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q (try roost help)", args[0])
}

// commit is the revision .ci/crossbuild stamps with -X main.commit=..., for
// builds where Go's own VCS stamp is missing: Go does not recognise a git
// worktree (whose .git is a file) as a repository.
var commit string

func versionLine() string {
	info, _ := debug.ReadBuildInfo()
	return formatVersion(info, commit)
}

// formatVersion adds the commit a binary was built from to the version:
// Go's VCS stamp (with -buildvcs in a checkout) if present, else stamped.
func formatVersion(info *debug.BuildInfo, stamped string) string {
	line := fmt.Sprintf("roost %s (Mastodon API %s) %s %s/%s", actions.Version, actions.MastodonAPIVersion,
		runtime.Version(), runtime.GOOS, runtime.GOARCH)
	vcs := map[string]string{}
	if info != nil {
		for _, s := range info.Settings {
			vcs[s.Key] = s.Value
		}
	}
	if vcs["vcs.revision"] == "" && stamped != "" {
		rev, dirty := strings.CutSuffix(stamped, "-dirty")
		vcs["vcs.revision"], vcs["vcs.modified"] = rev, strconv.FormatBool(dirty)
	}
	if rev := vcs["vcs.revision"]; rev != "" {
		line += " commit " + rev[:min(12, len(rev))]
		if vcs["vcs.modified"] == "true" {
			line += "-dirty"
		}
		if t := vcs["vcs.time"]; t != "" {
			line += " " + t
		}
	}
	return line
}

// loadConfig parses --config from args (plus any extra flags set up by
// define) and loads the configuration.
func loadConfig(name string, args []string, environ []string, define func(*flag.FlagSet)) (server.Config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	path := fs.String("config", "", "TOML configuration file")
	if define != nil {
		define(fs)
	}
	if err := fs.Parse(args); err != nil {
		return server.Config{}, err
	}
	if fs.NArg() > 0 {
		return server.Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return server.LoadConfig(*path, environ)
}

func newLogger(cfg server.Config, w io.Writer) *slog.Logger {
	level, _ := cfg.LogLevel()
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func serve(args []string, environ []string) error {
	start := time.Now()
	cfg, err := loadConfig("serve", args, environ, nil)
	if err != nil {
		return err
	}
	log := newLogger(cfg, os.Stderr)
	if limit, _ := server.ParseSize(cfg.MemoryLimit); limit > 0 {
		debug.SetMemoryLimit(limit)
	}
	// Collect garbage when the heap grows by half rather than doubling:
	// on a small board memory is scarcer than CPU (measured: peak RSS under
	// a 16-connection load 41 -> 37 MB); low_memory goes further. GOGC in
	// the environment still wins.
	if _, set := os.LookupEnv("GOGC"); !set {
		gc := 50
		if cfg.LowMemory {
			gc = server.LowMemoryGCPercent
		}
		debug.SetGCPercent(gc)
	}
	cfg.ApplyLowMemory()
	if err := cfg.EnsureDataDir(); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	db, err := store.Open(ctx, cfg.Data, cfg.Store, func(line string) { log.Info(line) })
	if err != nil {
		return err
	}
	defer db.Close()
	srv, err := server.New(cfg, db, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	// Start-up (migrations, parsing every template to check it) leaves
	// garbage: collect it and hand its pages back now, so that the board
	// sees the idle footprint rather than the start-up peak.
	if err := db.ShrinkMemory(ctx); err != nil {
		log.Warn("shrinking the database cache", "err", err)
	}
	debug.FreeOSMemory()
	log.Info("roost is running", "version", actions.Version, "url", cfg.Scheme()+"://"+cfg.Host,
		"listen", ln.Addr().String(), "data", cfg.Data, "memory_limit", cfg.MemoryLimit,
		"startup", time.Since(start).Round(time.Millisecond))
	err = srv.Serve(ctx, ln)
	log.Info("roost stopped")
	return err
}

// openActions opens the data folder's database for an admin command, and
// the operations on it. The server may be running: WAL lets both write.
func openActions(ctx context.Context, cfg server.Config) (*actions.Actions, func(), error) {
	if err := cfg.EnsureDataDir(); err != nil {
		return nil, nil, err
	}
	db, err := store.Open(ctx, cfg.Data, cfg.Store, nil)
	if err != nil {
		return nil, nil, err
	}
	return server.NewActions(cfg, db, newLogger(cfg, io.Discard)), func() { db.Close() }, nil
}

func admin(args []string, out io.Writer, environ []string) error {
	topic := ""
	if len(args) > 0 {
		topic = args[0]
	}
	switch {
	case topic == "backup":
		return adminBackup(args[1:], out, os.Stderr, environ)
	case topic == "restore":
		return adminRestore(args[1:], out, os.Stderr, environ)
	case topic == "announcement" && len(args) >= 2:
		return adminAnnouncement(args[1], args[2:], out, environ)
	case topic == "media":
		return adminMedia(args[1:], out, environ)
	case topic == "emoji":
		return adminEmoji(args[1:], out, os.Stderr, environ)
	case topic == "relay":
		return adminRelay(args[1:], out, environ)
	case topic != "account" || len(args) < 2:
		return errors.New("usage: roost admin account|backup|restore|announcement|media|emoji|relay ... (see roost help)")
	}
	verb := args[1]
	var username, email, password, role string
	cfg, err := loadConfig("admin account "+verb, args[2:], environ, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "username")
		if verb == "create" {
			fs.StringVar(&email, "email", "", "email address")
			fs.StringVar(&role, "role", "user", "user, moderator or admin")
		}
		if verb == "create" || verb == "password" {
			fs.StringVar(&password, "password", "", "password (at least 8 characters)")
		}
	})
	if err != nil {
		return err
	}
	if verb != "list" && username == "" {
		return errors.New("--username is required")
	}
	ctx := context.Background()
	acts, closeStore, err := openActions(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeStore()
	switch verb {
	case "create":
		acct, _, err := acts.CreateAccount(ctx, actions.CreateAccountArgs{
			Username: username, Email: email, Password: password, Role: role, Approved: true,
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "created %s (%s) as %s\n", acct.Acct(), acct.URI, role)
	case "password":
		if err := acts.SetPassword(ctx, username, password); err != nil {
			return err
		}
		fmt.Fprintf(out, "password changed for %s; their sessions were signed out\n", username)
	case "disable-2fa":
		if err := acts.DisableTOTPFor(ctx, username); err != nil {
			return err
		}
		fmt.Fprintf(out, "two-factor authentication is off for %s; they sign in with their password alone\n", username)
	case "suspend", "unsuspend":
		if err := acts.SetSuspended(ctx, username, verb == "suspend"); err != nil {
			return err
		}
		fmt.Fprintf(out, "%sed %s\n", verb, username)
	case "list":
		users, err := acts.DB.LocalUsers(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tEMAIL\tROLE\tSTATE\tCREATED")
		for _, u := range users {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Account.Username, u.User.Email, u.User.Role,
				userState(u), u.User.CreatedAt.Format("2006-01-02"))
		}
		return tw.Flush()
	default:
		return fmt.Errorf("unknown admin account command %q", verb)
	}
	return nil
}

func userState(u store.LocalUser) string {
	var s []string
	if u.Account.SuspendedAt != nil {
		s = append(s, "suspended")
	}
	if u.User.ApprovedAt == nil {
		s = append(s, "pending approval")
	}
	if u.User.DisabledAt != nil {
		s = append(s, "disabled")
	}
	if len(s) == 0 {
		return "active"
	}
	return strings.Join(s, ", ")
}
