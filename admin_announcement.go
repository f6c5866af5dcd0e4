package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"roost/server/actions"
	"roost/store"
)

// adminAnnouncement runs `roost admin announcement create|list|delete`:
// Mastodon's admin API has no announcements, so the command line is the
// scriptable way to manage them besides the web admin area.
func adminAnnouncement(verb string, args []string, out io.Writer, environ []string) error {
	var text, startsAt, endsAt, id string
	var allDay, draft bool
	cfg, err := loadConfig("admin announcement "+verb, args, environ, func(fs *flag.FlagSet) {
		switch verb {
		case "create":
			fs.StringVar(&text, "text", "", "the announcement's text")
			fs.StringVar(&startsAt, "starts-at", "", "when it starts showing (RFC 3339, e.g. 2026-12-01T09:00:00Z)")
			fs.StringVar(&endsAt, "ends-at", "", "when it stops showing (RFC 3339)")
			fs.BoolVar(&allDay, "all-day", false, "the times are whole days")
			fs.BoolVar(&draft, "draft", false, "keep it unpublished")
		case "delete":
			fs.StringVar(&id, "id", "", "the announcement's id (see list)")
		}
	})
	if err != nil {
		return err
	}
	args2 := actions.AnnouncementArgs{Text: text, AllDay: allDay, Publish: !draft}
	if args2.StartsAt, err = cliTime("--starts-at", startsAt); err != nil {
		return err
	}
	if args2.EndsAt, err = cliTime("--ends-at", endsAt); err != nil {
		return err
	}
	ctx := context.Background()
	acts, closeStore, err := openActions(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeStore()
	switch verb {
	case "create":
		a, err := acts.CreateAnnouncement(ctx, actions.Operator(), args2)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "created announcement %s\n", store.FormatID(a.ID))
	case "list":
		list, err := acts.AllAnnouncements(ctx, actions.Operator())
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATE\tTEXT")
		for _, a := range list {
			state := "draft"
			if a.Active(time.Now()) {
				state = "showing"
			} else if a.PublishedAt != nil {
				state = "published"
			}
			fmt.Fprintf(tw, "%s\t%s\t%.60q\n", store.FormatID(a.ID), state, a.Text)
		}
		return tw.Flush()
	case "delete":
		n, ok := store.ParseID(id)
		if !ok {
			return errors.New("--id is required (see roost admin announcement list)")
		}
		if err := acts.DeleteAnnouncement(ctx, actions.Operator(), n); err != nil {
			return err
		}
		fmt.Fprintf(out, "deleted announcement %s\n", id)
	default:
		return fmt.Errorf("unknown admin announcement command %q", verb)
	}
	return nil
}

func cliTime(flag, v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return &t, nil
		}
	}
	return nil, fmt.Errorf("%s: %q is not a time like 2026-12-01T09:00:00Z", flag, v)
}
