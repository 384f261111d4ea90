package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/xlsx"
	"github.com/urfave/cli/v2"
)

func env(name string) []string { return []string{"PODSYNC_" + name} }

// Flags shared by the commands that open a pod.
func sourceFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "workbook", Usage: "local pod `FILE` (.xlsx; created when missing)", EnvVars: env("WORKBOOK")},
		&cli.StringFlag{Name: "spreadsheet", Usage: "Google spreadsheet `ID` of the pod", EnvVars: env("SPREADSHEET")},
		&cli.StringFlag{Name: "form", Usage: "Google Form `ID` to read responses from (default: the linked \"Form Responses 1\" tab)", EnvVars: env("FORM")},
		&cli.StringFlag{Name: "credentials", Usage: "service account or OAuth client JSON `FILE` (default: Application Default Credentials)", EnvVars: env("CREDENTIALS")},
		&cli.StringFlag{Name: "token", Usage: "OAuth token cache `FILE` (default: under your config directory)", EnvVars: env("TOKEN")},
		&cli.StringFlag{Name: "endpoint", Usage: "base `URL` of an emulator serving the Sheets v4 and Forms v1 REST paths", EnvVars: env("ENDPOINT")},
		&cli.BoolFlag{Name: "no-auth", Usage: "send no credentials (for --endpoint emulators)", EnvVars: env("NO_AUTH")},
		&cli.StringFlag{Name: "now", Usage: "behave as if today were `YYYY-MM-DD` (reproducible runs)", EnvVars: env("NOW")},
		&cli.StringFlag{Name: "log-format", Value: "text", Usage: "log format: text or json", EnvVars: env("LOG_FORMAT")},
		&cli.BoolFlag{Name: "verbose", Usage: "log more", EnvVars: env("VERBOSE")},
	}
}

func syncFlags() []cli.Flag {
	return append(sourceFlags(),
		&cli.StringFlag{Name: "responses", Usage: "Google Forms response export `FILE` (.csv, or the linked sheet as .xlsx)", EnvVars: env("RESPONSES")},
		&cli.BoolFlag{Name: "dry-run", Usage: "print what would change and write nothing", EnvVars: env("DRY_RUN")},
	)
}

// openedPod is an opened pod: where it is kept and where its responses come from.
type openedPod struct {
	store  sheets.Store
	source ingest.Source // nil: the linked tab
	name   string        // for messages: the file or spreadsheet
}

// openPod opens the pod the flags name (exactly one of --workbook or
// --spreadsheet) and where its responses come from: --responses FILE,
// --form ID, or neither for the linked tab.
func openPod(c *cli.Context) (*openedPod, error) {
	p, err := openStore(c)
	if err != nil {
		return nil, err
	}
	if f := c.String("responses"); f != "" {
		if p.source != nil {
			return nil, usagef("give --responses FILE or --form ID, not both")
		}
		p.source = ingest.File(f)
	}
	return p, nil
}

// openStore opens the pod's store and, with --form, the form.
func openStore(c *cli.Context) (*openedPod, error) {
	wb, ss := c.String("workbook"), c.String("spreadsheet")
	switch {
	case wb != "" && ss != "":
		return nil, usagef("give --workbook or --spreadsheet, not both")
	case wb == "" && ss == "":
		return nil, usagef("give --workbook FILE (a local pod) or --spreadsheet ID (a Google Sheet)")
	case wb != "":
		if c.String("form") != "" {
			return nil, usagef("--form works with --spreadsheet; for a local pod give --responses FILE")
		}
		s, err := xlsx.Open(wb)
		if err != nil {
			return nil, err
		}
		return &openedPod{store: s, name: wb}, nil
	}
	return openGooglePod(c)
}

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
	p, err := openPod(c)
	if err != nil {
		return nil, err
	}
	cy := &pod.Cycle{Store: p.store, Source: p.source,
		Now: now, DryRun: c.Bool("dry-run"), Log: logger(c)}
	rep, err := cy.Run(c.Context)
	if err != nil {
		return nil, err
	}
	logCycle(c, rep)
	return rep, nil
}

func logCycle(c *cli.Context, rep *pod.Report) {
	log := logger(c)
	log.Info("cycle done",
		"responses", rep.Responses, "new_responses", rep.NewResponses, "members", rep.Members,
		"matches_new", rep.MatchesNew, "matches_kept", rep.MatchesKept, "open_needs", rep.OpenNeeds,
		"rounds_planned", rep.RoundsPlanned, "cells_written", rep.CellsWritten, "warnings", len(rep.Warnings),
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
	for _, warn := range rep.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
}

func initCommand() *cli.Command {
	return &cli.Command{
		Name:  "init",
		Usage: "create the pod's tabs (and, with --create-form, the Google Form)",
		Flags: append(sourceFlags(),
			&cli.BoolFlag{Name: "create-form", Usage: "also build the questionnaire as a new Google Form", EnvVars: env("CREATE_FORM")},
			&cli.BoolFlag{Name: "create", Usage: "create a new Google spreadsheet for the pod", EnvVars: env("CREATE")},
			&cli.StringFlag{Name: "title", Value: "Our pod", Usage: "`TITLE` of a spreadsheet or form created", EnvVars: env("TITLE")},
		),
		Action: func(c *cli.Context) error {
			if c.String("spreadsheet") != "" || c.Bool("create") {
				return initGoogle(c)
			}
			if c.Bool("create-form") {
				return usagef("--create-form needs --spreadsheet (forms live in Google)")
			}
			p, err := openPod(c)
			if err != nil {
				return err
			}
			plan, err := pod.InitPlan(c.Context, p.store)
			if err != nil {
				return err
			}
			if err := p.store.Apply(c.Context, plan); err != nil {
				return err
			}
			if plan.Empty() {
				fmt.Fprintf(c.App.Writer, "%s already has every tab\n", p.name)
				return nil
			}
			fmt.Fprintf(c.App.Writer, "created in %s: %s\n", p.name, strings.Join(plan.SortedTabs(), ", "))
			return nil
		},
	}
}
