package main

import (
	"fmt"
	"io"
	"log/slog"
	"sort"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/urfave/cli/v2"
)

func syncCommand() *cli.Command {
	return &cli.Command{
		Name:  "sync",
		Usage: "run one sync cycle",
		Description: "Reads the pod's responses (--responses FILE, the Forms API with --form, or the linked\n" +
			"\"Form Responses 1\" tab), rebuilds Members, proposes Matches, plans Pairings, and writes\n" +
			"what changed. Organizer columns are never written.",
		Flags: syncFlags(),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("sync takes no arguments, got %q", c.Args().First())
			}
			rep, err := syncOnce(c)
			if err != nil {
				return err
			}
			printReport(c.App.Writer, rep, c.Bool("dry-run"))
			return nil
		},
	}
}

func syncOnce(c *cli.Context) (*pod.Report, error) {
	now, err := nowFlag(c)
	if err != nil {
		return nil, err
	}
	cy, _, err := openPod(c)
	if err != nil {
		return nil, err
	}
	cy.Now, cy.DryRun, cy.Log = now, c.Bool("dry-run"), cmdLogger(c)
	rep, err := runCycle(c.Context, cy)
	if err != nil {
		return nil, err
	}
	logCycle(c, rep)
	return rep, nil
}

func logCycle(c *cli.Context, rep *pod.Report) {
	log := cmdLogger(c)
	log.Info("cycle done", slog.Any("", rep), // the report's counts, as the daemon logs them (pod.Report.LogValue)
		"dry_run", c.Bool("dry-run"))
	// The warnings themselves may quote what organizers typed (a name on
	// Do Not Pair): they go to the organizer's terminal with the summary,
	// never to the log.
}

func printReport(w io.Writer, rep *pod.Report, dry bool) {
	verb := "wrote"
	if dry {
		verb = "would write"
	}
	fmt.Fprintf(w, "responses read: %d (%d new)\n", rep.Responses, rep.NewResponses)
	fmt.Fprintf(w, "members: %d\n", rep.Members)
	fmt.Fprintf(w, "matches: %d new, %d kept; open needs: %d\n", rep.MatchesNew, rep.MatchesKept, rep.OpenNeeds)
	fmt.Fprintf(w, "pairing rounds planned ahead: %d\n", rep.RoundsPlanned)
	if rep.Plan.Empty() {
		fmt.Fprintln(w, "nothing changed")
	} else {
		fmt.Fprintf(w, "%s %d cells:\n", verb, rep.CellsWritten)
		tabs := append([]sheets.TabEdit(nil), rep.Plan.Tabs...)
		sort.SliceStable(tabs, func(i, j int) bool { return tabs[i].Tab < tabs[j].Tab })
		for _, t := range tabs {
			fmt.Fprintf(w, "  %-12s %s\n", t.Tab, t.Summary)
		}
	}
	printChanges(w, rep.Changes, dry)
	for _, warn := range rep.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
}

// perKind is how many changes of one kind the terminal shows; the Changes
// tab has them all.
const perKind = 6

// printChanges prints what the cycle changed, by name, short: a few lines of
// each kind of change, the rest counted and left to the Changes tab.
func printChanges(w io.Writer, changes []pod.Change, dry bool) {
	if len(changes) == 0 {
		return
	}
	head := "changes (also in the Changes tab):"
	if dry {
		head = "would change:"
	}
	fmt.Fprintln(w, head)
	var kinds []string
	byKind := map[string][]pod.Change{}
	for _, c := range changes {
		if byKind[c.What] == nil {
			kinds = append(kinds, c.What)
		}
		byKind[c.What] = append(byKind[c.What], c)
	}
	for _, k := range kinds {
		cs := byKind[k]
		for i, c := range cs {
			if i == perKind-1 && len(cs) > perKind {
				fmt.Fprintf(w, "  %s: %d more (see the Changes tab)\n", k, len(cs)-i)
				break
			}
			line := "  " + c.What
			if c.Who != "" {
				line += ": " + c.Who
			}
			if c.Details != "" {
				line += " — " + c.Details
			}
			fmt.Fprintln(w, line)
		}
	}
}
