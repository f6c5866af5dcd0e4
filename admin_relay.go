package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"roost/server/actions"
)

// adminRelay runs `roost admin relay add URL`, `list` and `remove URL`.
// The Follow or Undo is queued in the database: a running server sends it
// within its delivery poll interval, a stopped one when it next starts.
func adminRelay(args []string, out io.Writer, environ []string) error {
	if len(args) < 1 || (args[0] != "add" && args[0] != "list" && args[0] != "remove") {
		return errors.New("usage: roost admin relay add URL | list | remove URL (see roost help)")
	}
	verb := args[0]
	rest := remainingArgs(args[1:])
	cfg, err := loadConfig("admin relay "+verb, args[1:len(args)-len(rest)], environ, nil)
	if err != nil {
		return err
	}
	if verb == "list" && len(rest) != 0 {
		return errors.New("admin relay list takes no argument")
	}
	if verb != "list" && len(rest) != 1 {
		return fmt.Errorf("admin relay %s: give exactly one URL", verb)
	}
	ctx := context.Background()
	acts, closeStore, err := openActions(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeStore()
	switch verb {
	case "add":
		r, err := acts.AddRelay(ctx, actions.Operator(), rest[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "subscribing to %s (%s relay); the Follow is queued for %s\n", r.URL, r.Kind, r.InboxURL)
	case "remove":
		relays, err := acts.Relays(ctx, actions.Operator())
		if err != nil {
			return err
		}
		for _, r := range relays {
			if r.URL == rest[0] {
				if err := acts.RemoveRelay(ctx, actions.Operator(), r.ID); err != nil {
					return err
				}
				fmt.Fprintf(out, "unsubscribed from %s; the Undo is queued\n", r.URL)
				return nil
			}
		}
		return fmt.Errorf("%s: no such relay (see roost admin relay list)", rest[0])
	case "list":
		relays, err := acts.Relays(ctx, actions.Operator())
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "URL\tKIND\tSTATE\tADDED")
		for _, r := range relays {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.URL, r.Kind, r.State, r.CreatedAt.Format("2006-01-02"))
		}
		return tw.Flush()
	}
	return nil
}
