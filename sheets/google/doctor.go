package google

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	formsapi "google.golang.org/api/forms/v1"
)

// Check is one line of `podsync doctor`.
type Check struct {
	Name   string
	OK     bool
	Detail string // what was found
	Fix    string // what to do, when not OK
}

// Doctor checks, in order, that the credentials load and yield a token,
// that the spreadsheet is reachable, that each pod tab is present with its
// required headers, where responses come from, and when cfg.FormID is set
// that the form, its questions and its responses can be read. It stops
// early only when nothing further can be checked.
func Doctor(ctx context.Context, cfg Config) []Check {
	var out []Check
	add := func(c Check) { out = append(out, c) }
	fail := func(name string, err error) {
		c := Check{Name: name, Detail: err.Error()}
		var ge *Error
		if errors.As(err, &ge) {
			c.Detail, c.Fix = ge.Message, ge.Fix
			if ge.Code != 0 {
				c.Detail = fmt.Sprintf("%s (%d)", ge.Message, ge.Code)
			}
		}
		add(c)
	}

	c, err := newClient(ctx, cfg, SyncScopes)
	if err != nil {
		add(Check{Name: "credentials", Detail: err.Error(),
			Fix: "pass --credentials with a service-account key or an OAuth client JSON (then run `podsync login`), or set up Application Default Credentials"})
		return out
	}
	add(Check{Name: "credentials", OK: true, Detail: c.creds.describe()})
	if c.creds.ts != nil {
		if _, err := c.creds.ts.Token(); err != nil {
			add(Check{Name: "access token", Detail: err.Error(), Fix: c.fixCredentials()})
			return out
		}
		add(Check{Name: "access token", OK: true, Detail: "Google issued an access token"})
	}

	var set matching.Settings = matching.DefaultSettings()
	if cfg.SpreadsheetID == "" {
		add(Check{Name: "spreadsheet", Detail: "no spreadsheet given", Fix: "pass --spreadsheet ID (the long part of the spreadsheet's link between /d/ and /edit)"})
	} else if id, err := ParseSpreadsheetID(cfg.SpreadsheetID); err != nil {
		add(Check{Name: "spreadsheet", Detail: err.Error(), Fix: "pass the ID or the link of the spreadsheet"})
	} else if s, err := newStore(ctx, c, id); err != nil {
		fail("spreadsheet", err)
	} else {
		set = doctorSpreadsheet(ctx, s, cfg, add, fail)
	}

	if cfg.FormID != "" {
		doctorForm(ctx, c, cfg, set, add, fail)
	}
	return out
}

// doctorSpreadsheet checks the spreadsheet and its tabs and returns the
// pod's Settings (for the form's header overrides).
func doctorSpreadsheet(ctx context.Context, s *Store, cfg Config, add func(Check), fail func(string, error)) matching.Settings {
	set := matching.DefaultSettings()
	s.mu.Lock()
	err := s.loadTabs(ctx, true)
	title, n := s.title, len(s.tabs)
	s.mu.Unlock()
	if err != nil {
		fail("spreadsheet", err)
		return set
	}
	add(Check{Name: "spreadsheet", OK: true, Detail: fmt.Sprintf("%q, %d tabs, reachable as %s", title, n, s.c.creds.describe())})

	names := make([]string, 0, len(sheets.Specs)+len(sheets.LinkedTabs))
	for _, sp := range sheets.Specs {
		names = append(names, sp.Name)
	}
	names = append(names, sheets.LinkedTabs...)
	names = append(names, sheets.TabSuggested)
	tabs, err := s.Read(ctx, names...)
	if err != nil {
		fail("tabs", err)
		return set
	}
	for _, sp := range sheets.Specs {
		name := "tab " + sp.Name
		t := tabs[sp.Name]
		switch {
		case t == nil && sp.Name == sheets.TabState:
			add(Check{Name: name, OK: true, Detail: "not there yet: podsync adds this hidden tab on its first sync"})
		case t == nil:
			add(Check{Name: name, Detail: "missing", Fix: "run `podsync init --spreadsheet " + s.id + "` to create it"})
		case len(t.Header) == 0:
			add(Check{Name: name, OK: true, Detail: "empty: podsync writes the header row on the next sync"})
		default:
			idx := sheets.NewHeaderIndex(sp.Name, t.Header)
			var missing []string
			var dupErr error
			for _, col := range sp.Columns {
				p, err := idx.Find(col.Name)
				if err != nil && dupErr == nil {
					dupErr = err
				}
				if p < 0 && err == nil && col.Required {
					missing = append(missing, col.Name)
				}
			}
			switch {
			case dupErr != nil:
				add(Check{Name: name, Detail: dupErr.Error(), Fix: "rename or delete one of the two columns"})
			case len(missing) > 0 && len(t.Rows) > 0:
				add(Check{Name: name, Detail: "required column missing: " + strings.Join(missing, ", "),
					Fix: fmt.Sprintf("name a column %q again in row 1 (it was renamed or deleted)", missing[0])})
			default:
				add(Check{Name: name, OK: true, Detail: fmt.Sprintf("%d rows", len(t.Rows))})
			}
		}
	}
	if st, err := pod.ParseSettings(tabs[sheets.TabSettings]); err != nil {
		add(Check{Name: "settings", Detail: err.Error(), Fix: "fix the Settings tab as the message says"})
	} else {
		set = st
	}
	if t := tabs[sheets.TabSuggested]; t != nil && len(t.Rows) > 0 {
		add(Check{Name: "tab " + sheets.TabSuggested, OK: true, Detail: fmt.Sprintf(
			"the last sync found more active members than Split above (%d) and suggests %s there: advice only, podsync splits nothing",
			set.SplitAbove, sheets.Plural(len(t.Rows), "group"))})
	}
	if cfg.FormID == "" {
		linked := ""
		for _, n := range sheets.LinkedTabs {
			if tabs[n] != nil {
				linked = n
				break
			}
		}
		if linked != "" {
			add(Check{Name: "responses", OK: true, Detail: fmt.Sprintf("read from the linked tab %q", linked)})
		} else {
			add(Check{Name: "responses", Detail: "no form given and no linked \"Form Responses 1\" tab",
				Fix: "link the form to this spreadsheet (in Google Forms: Responses → Link to Sheets), or pass --form ID"})
		}
	}
	return set
}

func doctorForm(ctx context.Context, c *client, cfg Config, set matching.Settings, add func(Check), fail func(string, error)) {
	id, err := ParseFormID(cfg.FormID)
	if err != nil {
		add(Check{Name: "form", Detail: err.Error(), Fix: "pass the form's ID or edit link"})
		return
	}
	svc, err := formsapi.NewService(ctx, c.opts...)
	if err != nil {
		fail("form", err)
		return
	}
	f := &FormsSource{c: c, svc: svc, id: id}
	titles, err := f.Questions(ctx)
	if err != nil {
		fail("form", err)
		return
	}
	add(Check{Name: "form", OK: true, Detail: fmt.Sprintf("%d questions", len(titles))})
	cols := titles
	if f.collectsEmail && f.emailQ < 0 {
		cols = append([]string{"Email address"}, titles...)
	}
	if _, err := ingest.ResolveHeaders(cols, set.Headers, "form "+id); err != nil {
		add(Check{Name: "form questions", Detail: err.Error(), Fix: "rename the question in the form, or add a Settings row as the message says"})
	} else {
		add(Check{Name: "form questions", OK: true, Detail: "every question podsync needs is there"})
	}
	if _, err := svc.Forms.Responses.List(id).PageSize(1).Context(ctx).Do(); err != nil {
		fail("form responses", c.fail("read responses of form", "", f.target(), err))
	} else {
		add(Check{Name: "form responses", OK: true, Detail: "readable"})
	}
}
