package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// adminMedia runs `roost admin media prune`: unattached uploads older than
// a day always go; with --remote-older-than, so do local copies of remote
// files made before then (they show from their origin again).
func adminMedia(args []string, out io.Writer, environ []string) error {
	if len(args) < 1 || args[0] != "prune" {
		return errors.New("usage: roost admin media prune [--remote-older-than 30d] (see roost help)")
	}
	var olderThan string
	cfg, err := loadConfig("admin media prune", args[1:], environ, func(fs *flag.FlagSet) {
		fs.StringVar(&olderThan, "remote-older-than", "", "also drop copies of remote media cached before this age, e.g. 30d or 12h")
	})
	if err != nil {
		return err
	}
	var age time.Duration
	if olderThan != "" {
		if age, err = parseAge(olderThan); err != nil {
			return err
		}
	}
	ctx := context.Background()
	acts, closeStore, err := openActions(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeStore()
	n, err := acts.PruneUploads(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "removed %d unattached uploads older than a day\n", n)
	if olderThan == "" {
		return nil
	}
	bar := progressBar{out: out, label: "remote media"}
	files, size, err := acts.PruneRemoteMedia(ctx, time.Now().Add(-age), bar.show)
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "removed %d cached remote files (%.1f MiB) older than %s\n", files, float64(size)/(1<<20), olderThan)
	return nil
}

// parseAge reads an age like 30d, 12h or 90m.
func parseAge(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err == nil && n >= 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return d, nil
	}
	return 0, fmt.Errorf("--remote-older-than: must be an age like 30d or 12h, got %q", s)
}

// progressBar redraws one line as work advances.
type progressBar struct {
	out     io.Writer
	label   string
	percent int
	drawn   bool
}

func (p *progressBar) show(done, total int) {
	if total <= 0 {
		return
	}
	percent := done * 100 / total
	if p.drawn && percent == p.percent && done != total {
		return // redraw only when the bar moves
	}
	p.percent, p.drawn = percent, true
	const width = 30
	filled := width * done / total
	fmt.Fprintf(p.out, "\r%s [%s%s] %3d%% %d/%d", p.label, strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		percent, done, total)
}

func (p *progressBar) done() {
	if p.drawn {
		fmt.Fprintln(p.out)
	}
}
