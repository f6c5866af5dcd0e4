package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"roost/server"
	"roost/server/actions"
	"roost/store"
	"roost/store/backup"
)

// adminBackup serves `roost admin backup FILE`: a consistent snapshot of
// the running instance's database and media, written to FILE atomically.
func adminBackup(args []string, out, progress io.Writer, environ []string) error {
	cfg, file, err := loadConfigWithFile("admin backup", args, environ)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(cfg.Data, store.FileName)); err != nil {
		return fmt.Errorf("nothing to back up: no database in %s (is ROOST_DATA or --config right?)", cfg.Data)
	}
	if inside(file, cfg.MediaDir()) {
		return fmt.Errorf("write the backup outside the media folder %s, or it would contain itself", cfg.MediaDir())
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	db, err := store.Open(ctx, cfg.Data, cfg.Store, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	// Write beside FILE, then rename: a backup cut short never looks whole.
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	start := time.Now()
	m, err := backup.Create(ctx, db, cfg.MediaDir(), tmp, backup.Options{
		RoostVersion: actions.Version, Progress: progressPrinter(progress, "backed up"),
	})
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return err
	}
	st, _ := os.Stat(file)
	fmt.Fprintf(out, "backed up %d files (schema version %d) to %s: %s archive, %s\n", len(m.Files), m.SchemaVersion, file,
		byteSize(st.Size()), time.Since(start).Round(time.Millisecond))
	return nil
}

// adminRestore serves `roost admin restore FILE` into an empty data folder.
func adminRestore(args []string, out, progress io.Writer, environ []string) error {
	cfg, file, err := loadConfigWithFile("admin restore", args, environ)
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	m, err := backup.Restore(f, cfg.Data, progressPrinter(progress, "restored"))
	if err != nil {
		return fmt.Errorf("restore %s: %w", file, err)
	}
	fmt.Fprintf(out, "restored %d files into %s from a backup made %s by roost %s (schema version %d)\n",
		len(m.Files), cfg.Data, m.CreatedAt.Format(time.RFC3339), m.RoostVersion, m.SchemaVersion)
	if m.SchemaVersion < store.SchemaVersion() {
		fmt.Fprintf(out, "the next roost serve upgrades it to schema version %d, keeping a copy first\n", store.SchemaVersion())
	}
	return nil
}

// loadConfigWithFile parses [--config FILE] and exactly one archive path,
// with the flags before or after it.
func loadConfigWithFile(name string, args []string, environ []string) (server.Config, string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	path := fs.String("config", "", "TOML configuration file")
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return server.Config{}, "", err
		}
		if fs.NArg() == 0 {
			break
		}
		files, args = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	if len(files) != 1 {
		return server.Config{}, "", fmt.Errorf("usage: roost %s [--config FILE] ARCHIVE.tar.gz", name)
	}
	cfg, err := server.LoadConfig(*path, environ)
	return cfg, files[0], err
}

// progressPrinter reports at most once a second, and once at the end of a
// backup (when the totals are reached), so a cron job's mail stays short.
func progressPrinter(w io.Writer, verb string) func(backup.Progress) {
	last := time.Now()
	return func(p backup.Progress) {
		final := p.TotalFiles > 0 && p.Files == p.TotalFiles
		if !final && time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		if p.TotalFiles > 0 {
			fmt.Fprintf(w, "%s %d/%d files, %s/%s\n", verb, p.Files, p.TotalFiles, byteSize(p.Bytes), byteSize(p.TotalBytes))
		} else {
			fmt.Fprintf(w, "%s %d files, %s\n", verb, p.Files, byteSize(p.Bytes))
		}
	}
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// inside says whether path is in dir (both made absolute).
func inside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	return strings.HasPrefix(p, d+string(filepath.Separator))
}
