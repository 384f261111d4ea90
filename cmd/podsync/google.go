package main

import (
	"fmt"
	"os/exec"
	"runtime"

	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/urfave/cli/v2"
)

// googleConfig builds the Google settings from the command's flags. It is
// shared by sync, run, export, init and doctor so they all sign in the same
// way.
func googleConfig(c *cli.Context) (google.Config, error) {
	cfg := google.Config{
		SpreadsheetID:   c.String("spreadsheet"),
		FormID:          c.String("form"),
		CredentialsFile: c.String("credentials"),
		TokenFile:       c.String("token"),
		Endpoint:        c.String("endpoint"),
		NoAuth:          c.Bool("no-auth"),
	}
	if cfg.NoAuth && cfg.Endpoint == "" {
		return cfg, usagef("--no-auth works only with --endpoint URL (an emulator); Google itself needs credentials")
	}
	if cfg.NoAuth && cfg.CredentialsFile != "" {
		return cfg, usagef("give --credentials FILE or --no-auth, not both")
	}
	return cfg, nil
}

// openGooglePod opens the spreadsheet, and the form when --form is given.
// No request is sent until the cycle reads.
func openGooglePod(c *cli.Context) (*openedPod, error) {
	cfg, err := googleConfig(c)
	if err != nil {
		return nil, err
	}
	s, err := google.Open(c.Context, cfg)
	if err != nil {
		return nil, err
	}
	p := &openedPod{store: s, name: "spreadsheet " + s.ID()}
	if cfg.FormID != "" {
		f, err := google.OpenForms(c.Context, cfg)
		if err != nil {
			return nil, err
		}
		p.source = f
	}
	return p, nil
}

// initGoogle runs `podsync init` against Google: --create makes a new
// spreadsheet, else the tabs of --spreadsheet are created; --create-form
// also builds the questionnaire as a published Google Form.
func initGoogle(c *cli.Context) error {
	cfg, err := googleConfig(c)
	if err != nil {
		return err
	}
	w := c.App.Writer
	if c.Bool("create") {
		if cfg.SpreadsheetID != "" {
			return usagef("give --create (a new spreadsheet) or --spreadsheet ID, not both")
		}
		id, url, err := google.CreateSpreadsheet(c.Context, cfg, c.String("title"))
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
		rep, err := google.Init(c.Context, s, google.InitOptions{})
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
			fmt.Fprintf(w, "created in spreadsheet %s: %s\n", s.ID(), joinNames(rep.Created))
		}
		if len(formatted) > 0 {
			fmt.Fprintf(w, "added dropdowns and protections in spreadsheet %s: %s\n", s.ID(), joinNames(formatted))
		}
		if len(rep.Created) == 0 && len(formatted) == 0 {
			fmt.Fprintf(w, "spreadsheet %s already has every tab, with its dropdowns and protections\n", s.ID())
		}
	}
	if c.Bool("create-form") {
		id, url, err := google.CreateForm(c.Context, cfg, c.String("title"))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "created form %s\n  share this link with neighbors: %s\n", id, url)
		fmt.Fprintf(w, "  then sync with --spreadsheet %s --form %s\n", cfg.SpreadsheetID, id)
	}
	return nil
}

func joinNames(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

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
	p, err := openPod(c)
	if err != nil {
		return err
	}
	now, err := nowFlag(c)
	if err != nil {
		return err
	}
	rep, err := (&pod.Cycle{Store: p.store, Now: now, DryRun: true, Log: logger(c)}).Run(c.Context)
	if err != nil {
		fmt.Fprintf(c.App.Writer, "FAIL %s: %v\n", p.name, err)
		return cli.Exit("", 1)
	}
	fmt.Fprintf(c.App.Writer, "ok   %s: %d members, every tab readable\n", p.name, rep.Members)
	for _, w := range rep.Warnings {
		fmt.Fprintf(c.App.Writer, "warn %s\n", w)
	}
	return nil
}

func loginCommand() *cli.Command {
	return &cli.Command{
		Name:  "login",
		Usage: "sign in with a personal Google account (OAuth installed-app flow) and keep the token",
		Description: "Needs an OAuth client of type Desktop app (--credentials client.json). Opens Google's\n" +
			"sign-in page, listens on 127.0.0.1 for the answer, and saves the token (0600) under your\n" +
			"config directory or in --token FILE.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "credentials", Usage: "OAuth client JSON `FILE` (Desktop app)", EnvVars: env("CREDENTIALS"), Required: true},
			&cli.StringFlag{Name: "token", Usage: "where to keep the token (`FILE`)", EnvVars: env("TOKEN")},
			&cli.BoolFlag{Name: "create-form", Usage: "also allow init --create-form to make forms", EnvVars: env("CREATE_FORM")},
			&cli.BoolFlag{Name: "no-browser", Usage: "print the sign-in link instead of opening a browser", EnvVars: env("NO_BROWSER")},
		},
		Action: func(c *cli.Context) error {
			open := func(url string) {
				fmt.Fprintf(c.App.ErrWriter, "Open this link to sign in:\n  %s\n", url)
				if !c.Bool("no-browser") {
					openBrowser(url)
				}
			}
			err := google.Login(c.Context, c.String("credentials"), c.String("token"), open, google.LoginScopes(c.Bool("create-form"))...)
			if err != nil {
				return err
			}
			fmt.Fprintln(c.App.Writer, "signed in; the token is saved")
			return nil
		},
	}
}

// openBrowser tries the desktop's opener; failing that, the printed link
// is enough.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	_ = cmd.Start()
}
