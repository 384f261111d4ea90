package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/urfave/cli/v2"
)

func doctorCommand() *cli.Command {
	return &cli.Command{
		Name:  "doctor",
		Usage: "check credentials, access, tabs and headers, and say what to fix",
		Description: "With --responses FILE (a Google Forms export), also checks that every question and\n" +
			"choice answer in it is understood, and says which Settings rows to add if not; alone,\n" +
			"--responses FILE checks an export before a pod's first sync.",
		Flags: append(sourceFlags(), &cli.StringFlag{Name: "responses", Usage: "check this Google Forms response export `FILE` too (.csv, or the linked sheet as .xlsx)", EnvVars: env("RESPONSES")}),
		Action: func(c *cli.Context) error {
			if c.String("workbook") != "" {
				return doctorWorkbook(c)
			}
			if c.String("spreadsheet") == "" {
				if f := c.String("responses"); f != "" {
					return doctorResponses(c, f)
				}
				return usagef("give --spreadsheet ID (a Google Sheet) or --workbook FILE, or --responses FILE to check an export")
			}
			cfg, err := googleConfig(c)
			if err != nil {
				return err
			}
			failed := 0
			for _, ch := range google.Doctor(c.Context, cfg) {
				mark := "ok  "
				if !ch.OK {
					mark = "FAIL"
					failed++
				}
				fmt.Fprintf(c.App.Writer, "%s %s: %s\n", mark, ch.Name, ch.Detail)
				if !ch.OK && ch.Fix != "" {
					fmt.Fprintf(c.App.Writer, "     fix: %s\n", ch.Fix)
				}
			}
			if failed > 0 {
				return cli.Exit(fmt.Sprintf("%d check(s) failed", failed), 1)
			}
			if c.String("responses") != "" {
				// The export against the spreadsheet's Settings.
				return doctorWorkbook(c)
			}
			fmt.Fprintln(c.App.Writer, "all checks passed")
			return nil
		},
	}
}

// doctorWorkbook checks a pod (a local one, or a spreadsheet with
// --responses): it opens and reads every tab and the responses the way a
// sync would (dry run), so a renamed header, a bad setting or an answer
// podsync cannot read is reported with what to do, and nothing is written.
func doctorWorkbook(c *cli.Context) error {
	if err := podExists(c); err != nil {
		return err
	}
	cy, p, err := openPod(c)
	if err != nil {
		return err
	}
	now, err := nowFlag(c)
	if err != nil {
		return err
	}
	cy.Now, cy.DryRun, cy.Log = now, true, cmdLogger(c)
	rep, err := runCycle(c.Context, cy)
	name := p.workbook
	if name == "" {
		name = "spreadsheet " + p.google.SpreadsheetID
	}
	if err != nil {
		fmt.Fprintf(c.App.Writer, "FAIL %s: %v\n", name, err)
		return cli.Exit("", 1)
	}
	fmt.Fprintf(c.App.Writer, "ok   %s: %d members, every tab readable\n", name, rep.Members)
	printWarnings(c, rep.Warnings)
	return nil
}

// podExists fails when --workbook names no file: a sync creates the pod,
// but a check must not say "ok" of a pod that is not there, nor forget
// someone in it.
func podExists(c *cli.Context) error {
	wb := c.String("workbook")
	if wb == "" {
		return nil
	}
	if _, err := os.Stat(wb); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no pod at %s: run podsync init --workbook %s or check the path", wb, wb)
	}
	return nil
}

// doctorResponses checks an export before a pod's first sync: read with
// default Settings, as that sync would.
func doctorResponses(c *cli.Context, file string) error {
	now, err := nowFlag(c)
	if err != nil {
		return err
	}
	rep, err := pod.Check(c.Context, ingest.File(file), now)
	if err != nil {
		fmt.Fprintf(c.App.Writer, "FAIL %s: %v\n", file, err)
		return cli.Exit("", 1)
	}
	fmt.Fprintf(c.App.Writer, "ok   %s: %s, %s\n", file, sheets.Plural(rep.Responses, "response"), sheets.Plural(rep.Members, "member"))
	printWarnings(c, rep.Warnings)
	if len(rep.Warnings) == 0 {
		fmt.Fprintln(c.App.Writer, "every question and answer is understood")
	}
	return nil
}

func printWarnings(c *cli.Context, ws []string) {
	for _, w := range ws {
		fmt.Fprintf(c.App.Writer, "warn %s\n", w)
	}
}
