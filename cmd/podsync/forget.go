package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/urfave/cli/v2"
)

func forgetCommand() *cli.Command {
	return &cli.Command{
		Name:  "forget",
		Usage: "erase one person from the pod, at their request",
		Description: "Deletes the member's Responses rows, Members row, Directory entry, open (Proposed) Matches\n" +
			"rows and the Do Not Pair rules that name them, and plans the coming Pairings rounds without\n" +
			"them. Past rounds and decided (Accepted, Done, Declined) Matches rows keep the row and say\n" +
			"\"a former member\" where their name and contact were. The pod keeps only one-way fingerprints\n" +
			"of their email, phone and responses (in the hidden _podsync tab), so a later sync of an\n" +
			"export that still holds their answers leaves them out, and says how many, never whose.\n" +
			"--member is their Member ID, email or phone (a name works when only one member has it).\n" +
			"On Google, podsync cannot delete the response in the form or in the linked \"Form Responses 1\"\n" +
			"tab: it says where to delete them.",
		Flags: append(sourceFlags(),
			&cli.StringFlag{Name: "member", Required: true, Usage: "the member to forget: `ID-EMAIL-OR-PHONE`", EnvVars: env("MEMBER")},
			&cli.BoolFlag{Name: "dry-run", Usage: "show what would be erased and write nothing", EnvVars: env("DRY_RUN")},
		),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("forget takes no arguments, got %q (give the person as --member)", c.Args().First())
			}
			now, err := nowFlag(c)
			if err != nil {
				return err
			}
			if err := podExists(c); err != nil {
				return err
			}
			cy, p, err := openPod(c)
			if err != nil {
				return err
			}
			cy.Now, cy.DryRun, cy.Log = now, c.Bool("dry-run"), cmdLogger(c)
			f, err := cy.Forget(c.Context, c.String("member"))
			if err != nil {
				return err
			}
			cmdLogger(c).Info("forget done", "rows_removed", sum(f.Removed), "rows_rewritten", sum(f.Rewritten), "dry_run", c.Bool("dry-run"))
			printForgot(c.App.Writer, f, p, c.Bool("dry-run"))
			return nil
		},
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// printForgot says what forgetting did, tab by tab. The one person's name
// is printed here, on the organizer's terminal, and nowhere else.
func printForgot(w io.Writer, f *pod.Forgot, p *flagPod, dry bool) {
	head, verb, removed := "forgot", "wrote", "removed"
	if dry {
		head, verb, removed = "would forget", "would write", "remove"
	}
	fmt.Fprintf(w, "%s %s:\n", head, pod.Ref(&f.Member))
	line := func(tab, s string) { fmt.Fprintf(w, "  %-12s %s\n", tab, s) }
	rm := func(tab, noun string) {
		if n := f.Removed[tab]; n > 0 {
			line(tab, sheets.Plural(n, noun)+" removed")
		}
	}
	rm(sheets.TabResponses, "response row")
	rm(sheets.TabMembers, "row")
	if matching.Shares(&f.Member).Empty() {
		line(sheets.TabDirectory, "they were not listed (they shared nothing)")
	} else {
		line(sheets.TabDirectory, "their entry removed")
	}
	var matches []string
	if n := f.Removed[sheets.TabMatches]; n > 0 {
		matches = append(matches, sheets.Plural(n, "open (Proposed) row")+" removed")
	}
	if n := f.Rewritten[sheets.TabMatches]; n > 0 {
		matches = append(matches, sheets.Plural(n, "decided row")+" kept, saying \""+pod.FormerMember+"\" in their place")
	}
	if len(matches) > 0 {
		line(sheets.TabMatches, strings.Join(matches, "; "))
	}
	pair := "coming rounds planned without them"
	if n := f.Rewritten[sheets.TabPairings]; n > 0 {
		pair = sheets.Plural(n, "past group") + " saying \"" + pod.FormerMember + "\"; " + pair
	}
	line(sheets.TabPairings, pair)
	rm(sheets.TabDoNotPair, "rule")
	line(sheets.TabState, "one-way fingerprints kept, so a later sync leaves their answers out")
	rep := f.Report
	if rep.NothingChanged {
		fmt.Fprintln(w, "nothing to write")
	} else {
		fmt.Fprintf(w, "%s %d cells", verb, rep.CellsWritten)
		if n := deletedRows(rep.Plan); n > 0 {
			fmt.Fprintf(w, " and %s %s", removed, sheets.Plural(n, "row"))
		}
		fmt.Fprintln(w)
	}
	for _, row := range f.Accepted {
		fmt.Fprintf(w, "note: tab %q, row %d is Accepted with %s: the need is not matched again until you set its Status to Done or Declined\n",
			sheets.TabMatches, row, pod.FormerMember)
	}
	if len(f.Mentions) > 0 {
		fmt.Fprintf(w, "note: text organizers typed still names them, and podsync does not rewrite it; edit or clear:\n")
		for _, m := range f.Mentions {
			fmt.Fprintf(w, "      %s\n", m)
		}
	}
	if p.workbook == "" {
		fmt.Fprintln(w, "note: podsync cannot delete what Google Forms keeps. Delete the person's response in the form")
		fmt.Fprintln(w, "      (open the form, Responses, Individual, find the response, then the trash icon: Delete response)")
		fmt.Fprintln(w, "      and their row in the linked \"Form Responses 1\" tab (right-click the row number, Delete row).")
		fmt.Fprintln(w, "      Until then podsync leaves them out of every sync.")
	} else {
		fmt.Fprintln(w, "note: the Google Form this pod's exports come from still holds the person's answers, and so does any")
		fmt.Fprintln(w, "      export already downloaded: podsync leaves them out of every sync, but to erase them there,")
		fmt.Fprintln(w, "      delete the response in the form (Responses, Individual, the trash icon: Delete response)")
		fmt.Fprintln(w, "      and delete the export files you kept.")
	}
	for _, warn := range rep.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	if dry {
		fmt.Fprintln(w, "dry run: nothing was written")
	}
}

func deletedRows(p *sheets.Plan) int {
	n := 0
	for _, t := range p.Tabs {
		n += len(t.DeleteRows)
	}
	return n
}
