package main

import (
	"fmt"
	"strings"

	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/ingest/lang"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/urfave/cli/v2"
)

func initCommand() *cli.Command {
	return &cli.Command{
		Name:  "init",
		Usage: "create the pod's tabs (and, with --create-form, the Google Form)",
		Flags: append(sourceFlags(),
			&cli.BoolFlag{Name: "create-form", Usage: "also build the questionnaire as a new Google Form", EnvVars: env("CREATE_FORM")},
			&cli.BoolFlag{Name: "create", Usage: "create a new Google spreadsheet for the pod", EnvVars: env("CREATE")},
			&cli.StringFlag{Name: "title", Value: "Our pod", Usage: "`TITLE` of a spreadsheet or form created", EnvVars: env("TITLE")},
			&cli.StringFlag{Name: "language", Value: lang.English, Usage: "`TAG` of the form's language (" + strings.Join(lang.Tags(), ", ") + "), also written as the Settings tab's Language", EnvVars: env("LANGUAGE")},
		),
		Action: func(c *cli.Context) error {
			tag, ok := lang.Shipped(c.String("language"))
			if !ok {
				return usagef("--language %q: podsync's form is in %s", c.String("language"), strings.Join(lang.Tags(), ", "))
			}
			if c.String("spreadsheet") != "" || c.Bool("create") {
				return initGoogle(c, tag)
			}
			if c.Bool("create-form") {
				return usagef("--create-form needs --spreadsheet (forms live in Google)")
			}
			cy, p, err := openPod(c)
			if err != nil {
				return err
			}
			plan, err := pod.InitPlan(c.Context, cy.Store)
			if err != nil {
				return err
			}
			if tag != lang.English {
				pod.SetInitialSetting(plan, "Language", tag)
			}
			if err := cy.Store.Apply(c.Context, plan); err != nil {
				return err
			}
			if plan.Empty() {
				fmt.Fprintf(c.App.Writer, "%s already has every tab\n", p.workbook)
				return nil
			}
			fmt.Fprintf(c.App.Writer, "created in %s: %s\n", p.workbook, strings.Join(plan.SortedTabs(), ", "))
			return nil
		},
	}
}

// initGoogle runs `podsync init` against Google: --create makes a new
// spreadsheet, else the tabs of --spreadsheet are created; --create-form
// also builds the questionnaire as a published Google Form, in language
// tag (a shipped one), which is also the Language of a Settings tab init
// creates.
func initGoogle(c *cli.Context, tag string) error {
	cfg, err := googleConfig(c)
	if err != nil {
		return err
	}
	w := c.App.Writer
	if c.Bool("create") {
		if cfg.SpreadsheetID != "" {
			return usagef("give --create (a new spreadsheet) or --spreadsheet ID, not both")
		}
		id, url, err := google.CreateSpreadsheetIn(c.Context, cfg, c.String("title"), settingsLanguage(tag))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "created spreadsheet %s\n  %s\n", id, url)
		cfg.SpreadsheetID = id
	} else {
		s, err := google.Open(c.Context, cfg)
		if err != nil {
			return err
		}
		rep, err := google.Init(c.Context, s, google.InitOptions{Language: settingsLanguage(tag)})
		if err != nil {
			return err
		}
		created := map[string]bool{}
		for _, n := range rep.Created {
			created[n] = true
		}
		var formatted []string // existing tabs given dropdowns and protections
		for _, n := range rep.Formatted {
			if !created[n] {
				formatted = append(formatted, n)
			}
		}
		if len(rep.Created) > 0 {
			fmt.Fprintf(w, "created in spreadsheet %s: %s\n", s.ID(), strings.Join(rep.Created, ", "))
		}
		if len(formatted) > 0 {
			fmt.Fprintf(w, "added dropdowns and protections in spreadsheet %s: %s\n", s.ID(), strings.Join(formatted, ", "))
		}
		if len(rep.Created) == 0 && len(formatted) == 0 {
			fmt.Fprintf(w, "spreadsheet %s already has every tab, with its dropdowns and protections\n", s.ID())
		}
	}
	if c.Bool("create-form") {
		title := c.String("title")
		if tag != lang.English && !c.IsSet("title") {
			title = "" // the form's title in its language, not the English default
		}
		id, url, err := google.CreateFormIn(c.Context, cfg, title, tag)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "created form %s\n  share this link with neighbors: %s\n", id, url)
		fmt.Fprintf(w, "  then sync with --spreadsheet %s --form %s\n", cfg.SpreadsheetID, id)
	}
	return nil
}

// settingsLanguage is the Language init writes on a Settings tab it
// creates: blank (the default row, en) for English, so an English init
// writes what it always did.
func settingsLanguage(tag string) string {
	if tag == lang.English {
		return ""
	}
	return tag
}
