package main

import (
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/xlsx"
	"github.com/urfave/cli/v2"
)

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
