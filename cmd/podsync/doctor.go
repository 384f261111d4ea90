package main

import (
	"fmt"

	"github.com/podsync/podsync/sheets/google"
	"github.com/urfave/cli/v2"
)

func doctorCommand() *cli.Command {
	return &cli.Command{
		Name:  "doctor",
		Usage: "check credentials, access, tabs and headers, and say what to fix",
		Flags: sourceFlags(),
		Action: func(c *cli.Context) error {
			if c.String("workbook") != "" {
				return doctorWorkbook(c)
			}
			if c.String("spreadsheet") == "" {
				return usagef("give --spreadsheet ID (a Google Sheet) or --workbook FILE")
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
			fmt.Fprintln(c.App.Writer, "all checks passed")
			return nil
		},
	}
}

// doctorWorkbook checks a local pod: it opens and reads every tab the way a
// sync would (dry run), so a renamed header or a bad setting is reported
// with what to do, and nothing is written.
func doctorWorkbook(c *cli.Context) error {
	cy, p, err := openPod(c)
	if err != nil {
		return err
	}
	now, err := nowFlag(c)
	if err != nil {
		return err
	}
	cy.Now, cy.DryRun, cy.Log = now, true, logger(c)
	rep, err := cy.Run(c.Context)
	if err != nil {
		fmt.Fprintf(c.App.Writer, "FAIL %s: %v\n", p.workbook, err)
		return cli.Exit("", 1)
	}
	fmt.Fprintf(c.App.Writer, "ok   %s: %d members, every tab readable\n", p.workbook, rep.Members)
	for _, w := range rep.Warnings {
		fmt.Fprintf(c.App.Writer, "warn %s\n", w)
	}
	return nil
}
