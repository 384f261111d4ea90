package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/podsync/podsync/exporter"
	"github.com/podsync/podsync/sheets/ingest/lang"
	"github.com/urfave/cli/v2"
)

func exportCommand() *cli.Command {
	return &cli.Command{
		Name:  "export",
		Usage: "write the offline, print-ready handout (.xlsx)",
		Description: "Prints only what each member agreed to share. The pod is read as a sync would leave it;\n" +
			"nothing is written to the pod.",
		Flags: append(sourceFlags(),
			&cli.StringFlag{Name: "out", Usage: "handout `FILE.xlsx` to write", Required: true, EnvVars: env("OUT")},
			&cli.BoolFlag{Name: "per-member", Usage: "add a private page per active member (each starting a new printed page), for organizers to print and deliver", EnvVars: env("PER_MEMBER")},
			&cli.StringFlag{Name: "paper", Value: "letter", Usage: "paper size: letter or a4", EnvVars: env("PAPER")},
			&cli.StringFlag{Name: "language", Usage: "the handout's language, a BCP 47 `TAG` (en, bn, es, ht, zh-Hans; default: the pod's Settings Language); members' own pages follow the first language they listed", EnvVars: env("LANGUAGE")},
			&cli.StringFlag{Name: "responses", Usage: "also read this response export `FILE` first", EnvVars: env("RESPONSES")},
		),
		Action: func(c *cli.Context) error {
			out := c.String("out")
			if !strings.HasSuffix(strings.ToLower(out), ".xlsx") {
				return usagef("--out %q: the handout is an .xlsx file", out)
			}
			opt := exporter.Options{PerMember: c.Bool("per-member"), Words: lang.Words{}}
			if l := c.String("language"); l != "" {
				tag, ok := lang.Lookup(l)
				if !ok {
					return usagef("--language %q: podsync has words for %s", l, strings.Join(lang.Tags(), ", "))
				}
				opt.Language = tag
			}
			switch strings.ToLower(c.String("paper")) {
			case "letter", "":
				opt.Paper = exporter.Letter
			case "a4":
				opt.Paper = exporter.A4
			default:
				return usagef("--paper %q: use letter or a4", c.String("paper"))
			}
			if wb := c.String("workbook"); wb != "" {
				if sameFile(wb, out) {
					return usagef("--out %q is the pod itself; write the handout to another file", out)
				}
				if _, err := os.Stat(wb); err != nil {
					return fmt.Errorf("no pod at %s (%v): run podsync sync --workbook %s --responses FILE first", wb, err, wb)
				}
			}
			now, err := nowFlag(c)
			if err != nil {
				return err
			}
			opt.Now = now
			cy, _, err := openPod(c)
			if err != nil {
				return err
			}
			cy.Now, cy.DryRun, cy.Log = now, true, cmdLogger(c)
			rep, err := runCycle(c.Context, cy)
			if err != nil {
				return err
			}
			if opt.Language == "" {
				// The pod's Settings say its language; a tag podsync has
				// no words for falls back to English.
				opt.Language, _ = lang.Lookup(rep.Pod.Settings.Language)
			}
			if err := exporter.WriteFile(c.Context, out, rep.Pod, opt); err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "wrote %s\n", out)
			return nil
		},
	}
}

// sameFile reports whether two paths name one file, even through different
// spellings or links.
func sameFile(a, b string) bool {
	if sa, err := os.Stat(a); err == nil {
		if sb, err := os.Stat(b); err == nil {
			return os.SameFile(sa, sb)
		}
	}
	pa, _ := filepath.Abs(a)
	pb, _ := filepath.Abs(b)
	return pa == pb
}
