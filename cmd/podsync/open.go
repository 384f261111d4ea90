package main

import (
	"context"
	"errors"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/daemon"
	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/xlsx"
	"github.com/urfave/cli/v2"
)

// flagPod is the pod the command line names, its flags checked but nothing
// opened yet: a local workbook or a Google spreadsheet, and where its
// responses come from.
type flagPod struct {
	workbook  string        // --workbook FILE; "" for a Google pod
	google    google.Config // a Google pod: --spreadsheet, --form and how to sign in
	responses string        // --responses FILE; "": the form, or the linked tab
}

// podFlags checks the flags that name a pod: exactly one of --workbook or
// --spreadsheet; --form only with --spreadsheet; --responses FILE or --form
// ID, not both (neither: the linked tab).
func podFlags(c *cli.Context) (*flagPod, error) {
	wb, ss := c.String("workbook"), c.String("spreadsheet")
	switch {
	case wb != "" && ss != "":
		return nil, usagef("give --workbook or --spreadsheet, not both")
	case wb == "" && ss == "":
		return nil, usagef("give --workbook FILE (a local pod) or --spreadsheet ID (a Google Sheet)")
	}
	p := &flagPod{workbook: wb, responses: c.String("responses")}
	if wb != "" {
		if c.String("form") != "" {
			return nil, usagef("--form works with --spreadsheet; for a local pod give --responses FILE")
		}
		return p, nil
	}
	cfg, err := googleConfig(c)
	if err != nil {
		return nil, err
	}
	if p.responses != "" && cfg.FormID != "" {
		return nil, usagef("give --responses FILE or --form ID, not both")
	}
	p.google = cfg
	return p, nil
}

// open opens the pod's store and where its responses come from, as a cycle
// to run. It is a daemon.Pod's Open: run calls it before a pod's first
// cycle and after an access failure, with the daemon's env; the other
// commands call it once with none (the default HTTP client and retries). No
// request is sent until the cycle reads.
func (p *flagPod) open(ctx context.Context, env daemon.Env) (*pod.Cycle, error) {
	var cy *pod.Cycle
	if p.workbook != "" {
		s, err := xlsx.Open(p.workbook)
		if err != nil {
			return nil, err
		}
		cy = &pod.Cycle{Store: s}
	} else {
		var err error
		if cy, err = daemon.GooglePod("", 0, "", "", p.google, nil).Open(ctx, env); err != nil {
			return nil, err
		}
	}
	if p.responses != "" {
		cy.Source = ingest.File(p.responses)
	}
	return cy, nil
}

// openPod opens the pod the flags name for a command that runs once (sync,
// export, init, doctor): the cycle, and what the flags named.
func openPod(c *cli.Context) (*pod.Cycle, *flagPod, error) {
	p, err := podFlags(c)
	if err != nil {
		return nil, nil, err
	}
	cy, err := p.open(c.Context, daemon.Env{})
	if err != nil {
		return nil, nil, err
	}
	return cy, p, nil
}

// cycleTries is how many times a command runs a cycle whose workbook an
// organizer saved while it ran (xlsx.ErrChanged).
const cycleTries = 3

// runCycle runs a command's cycle. On a local workbook it holds the
// workbook's lock throughout, so no other podsync syncs it in between, and
// when an organizer saved the workbook while the cycle ran (nothing was
// written), it runs the cycle again from a fresh read, up to cycleTries
// times in all: their saved edit is kept, and podsync's changes land on the
// rows as they are now (after a sort, say).
func runCycle(ctx context.Context, cy *pod.Cycle) (*pod.Report, error) {
	for try := 1; ; try++ {
		rep, err := runLocked(ctx, cy)
		// A workbook saved mid-sync, or Google rows moved under a write
		// podsync could not follow: nothing was written; redo from a
		// fresh read.
		if err == nil || !(errors.Is(err, xlsx.ErrChanged) || errors.Is(err, sheets.ErrRowsMoved)) || try == cycleTries {
			return rep, err
		}
	}
}

func runLocked(ctx context.Context, cy *pod.Cycle) (*pod.Report, error) {
	if s, ok := cy.Store.(interface {
		Lock(context.Context) (func(), error)
	}); ok {
		unlock, err := s.Lock(ctx)
		if err != nil {
			return nil, err
		}
		defer unlock()
	}
	return cy.Run(ctx)
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
