package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/podsync/podsync/exporter"
	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/lang"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/xlsx"
	"github.com/urfave/cli/v2"
)

// sampleResponses are the responses of the sample pod the demo builds: a
// fictional 28-person neighborhood pod's form responses, in the exact shape
// Google Forms downloads them (every field quoted, LF line ends, no final
// newline, 12-hour timestamps with a zone, checkbox answers joined by ";").
//
//go:embed sample_responses.csv
var sampleResponses []byte

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "build a sample pod offline: DIR/pod.xlsx, one sync, DIR/handout.xlsx",
		Description: "Writes the bundled sample responses (a fictional 28-person pod) to DIR/responses.csv,\n" +
			"builds DIR/pod.xlsx from them, runs one sync, exports DIR/handout.xlsx, and prints a summary.\n" +
			"No Google account or network is needed. Running it again starts the pod afresh.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Usage: "`DIR` to write the sample pod to", Required: true, EnvVars: env("DIR")},
			&cli.StringFlag{Name: "now", Usage: "behave as if today were `YYYY-MM-DD`", EnvVars: env("NOW")},
			&cli.StringFlag{Name: "log-format", Value: "text", Usage: "log format: text or json", EnvVars: env("LOG_FORMAT")},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("demo takes no arguments, got %q", c.Args().First())
			}
			now, err := nowFlag(c)
			if err != nil {
				return err
			}
			dir := c.String("dir")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			csvPath := filepath.Join(dir, "responses.csv")
			podPath := filepath.Join(dir, "pod.xlsx")
			handout := filepath.Join(dir, "handout.xlsx")
			if err := notSomeonesPod(c.Context, podPath); err != nil {
				return err
			}
			if err := os.WriteFile(csvPath, sampleResponses, 0o644); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			if err := os.Remove(podPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("demo: start afresh: %w", err)
			}
			store, err := xlsx.Open(podPath)
			if err != nil {
				return err
			}
			if err := store.Apply(c.Context, demoSettings()); err != nil {
				return err
			}
			rep, err := (&pod.Cycle{Store: store, Source: ingest.File(csvPath), Now: now, Log: cmdLogger(c)}).Run(c.Context)
			if err != nil {
				return err
			}
			if err := exporter.WriteFile(c.Context, handout, rep.Pod, exporter.Options{Now: now, Words: lang.Words{}, Language: rep.Pod.Settings.Language}); err != nil {
				return err
			}
			w := c.App.Writer
			fmt.Fprintf(w, "podsync demo: %s\n\n", rep.Pod.Settings.PodName)
			printReport(w, rep, false)
			fmt.Fprintln(w)
			printPodSummary(w, rep.Pod)
			fmt.Fprintf(w, "\nwrote %s (the pod: open it in Excel, LibreOffice or Google Sheets)\n", podPath)
			fmt.Fprintf(w, "wrote %s (the printable handout)\n", handout)
			fmt.Fprintf(w, "next: edit Status or Notes in %s, then run\n  podsync sync --workbook %s --responses %s\n", podPath, podPath, csvPath)
			return nil
		},
	}
}

// demoSettings gives the sample pod a name and its zones in walking order.
const demoPodName = "Maple Street Mutual Aid Pod"

// notSomeonesPod refuses to start afresh over a workbook that is not the
// sample pod: the demo replaces DIR/pod.xlsx, and a real pod given by
// mistake must not be lost.
func notSomeonesPod(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	s, err := xlsx.Open(path)
	if err != nil {
		return fmt.Errorf("demo: %s exists and is not the sample pod (%v); choose another --dir", path, err)
	}
	tabs, err := s.Read(ctx, sheets.TabSettings)
	if err != nil {
		return fmt.Errorf("demo: %s exists and is not the sample pod (%v); choose another --dir", path, err)
	}
	set, err := pod.ParseSettings(tabs[sheets.TabSettings])
	if err != nil || set.PodName != demoPodName {
		return fmt.Errorf("demo: %s exists and is not the sample pod (its Pod name is %q); the demo would replace it, so choose another --dir", path, set.PodName)
	}
	return nil
}

func demoSettings() *sheets.Plan {
	cells := []sheets.CellEdit{{Row: 0, Col: 0, Value: sheets.ColSetting}, {Row: 0, Col: 1, Value: sheets.ColValue}, {Row: 0, Col: 2, Value: sheets.ColAbout}}
	for i, k := range pod.SettingKeys {
		v := k.Default
		switch k.Key {
		case "Pod name":
			v = demoPodName
		case "Zone order":
			v = "Building A, Building B, Building C, Corner houses"
		case "Time zone":
			v = "America/New_York"
		case "Community agreements":
			v = "We keep what we hear private. We ask before we share. We show up or say so early."
		case "Organizer contact":
			v = "Rosa (555-0100) or Dev (555-0101)"
		}
		cells = append(cells, sheets.CellEdit{Row: i + 1, Col: 0, Value: k.Key}, sheets.CellEdit{Row: i + 1, Col: 2, Value: k.Help})
		if v != "" {
			cells = append(cells, sheets.CellEdit{Row: i + 1, Col: 1, Value: v})
		}
	}
	return &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabSettings, Create: true, Cells: cells}}}
}

// printPodSummary prints what an organizer wants to see first: who is
// matched with whom and the first pairing round. Names only, on the
// organizer's own terminal.
func printPodSummary(w io.Writer, p *matching.Pod) {
	name := func(id matching.MemberID) string {
		if m := p.MemberByID(id); m != nil && m.Name != "" {
			return m.Name
		}
		return string(id)
	}
	n := 0
	fmt.Fprintln(w, "proposed matches:")
	for _, m := range p.Matches {
		if m.Status != matching.Proposed {
			continue
		}
		if n++; n > 8 {
			continue
		}
		fmt.Fprintf(w, "  %-22s %-26s ← %s  (%s)\n", name(m.Member), m.Category, name(m.Helper), m.Why)
	}
	if n > 8 {
		fmt.Fprintf(w, "  … and %d more on the Matches tab\n", n-8)
	}
	if len(p.Groups) > 0 {
		first := p.Groups[0].Round
		fmt.Fprintf(w, "pairing round %d (week of %s):\n", first, p.Groups[0].WeekOf.Format("Jan 2"))
		for _, g := range p.Groups {
			if g.Round != first {
				break
			}
			names := make([]string, len(g.Members))
			for i, id := range g.Members {
				names[i] = name(id)
			}
			fmt.Fprintf(w, "  %s\n", strings.Join(names, " · "))
		}
	}
}
