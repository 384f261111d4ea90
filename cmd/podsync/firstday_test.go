package main

import (
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

// TestGoogleCommands walks an organizer's first day against the fake:
// init with a new form, doctor, a first sync through the Forms API, a
// second sync that changes nothing, and an export.
func TestGoogleCommands(t *testing.T) {
	srv := googlefake.New(t)
	ss := googlefake.SpreadsheetID
	args := func(cmd string, more ...string) []string {
		return append(append([]string{cmd, "--spreadsheet", ss}, fakeFlags(srv)...), more...)
	}

	code, out, errs := runCLI(t, args("init", "--create-form", "--title", "Maple Street pod")...)
	if code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	forms := srv.Forms()
	if len(forms) != 1 || !srv.Published(forms[0]) {
		t.Fatalf("init --create-form: forms %v", forms)
	}
	form := forms[0]
	for _, spec := range sheets.Specs {
		if !strings.Contains("|"+strings.Join(srv.Tabs(), "|")+"|", "|"+spec.Name+"|") {
			t.Errorf("init did not create tab %q (have %q)", spec.Name, srv.Tabs())
		}
	}

	t0 := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	srv.AddResponse(form, fakeResponse("Ana", "ana@example.org", "Food and groceries", "Tech assistance", t0))
	srv.AddResponse(form, fakeResponse("Bo", "bo@example.org", "Tech assistance", "Childcare", t0.Add(time.Minute)))
	srv.AddResponse(form, fakeResponse("Cy", "cy@example.org", "Childcare", "Food and groceries", t0.Add(2*time.Minute)))

	code, out, errs = runCLI(t, args("doctor", "--form", form)...)
	if code != 0 {
		t.Fatalf("doctor: exit %d\n%s%s", code, out, errs)
	}

	code, out, errs = runCLI(t, args("sync", "--form", form, "--now", "2026-11-25", "--verbose")...)
	if code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "members: 3") {
		t.Errorf("sync summary:\n%s", out)
	}
	if n := srv.Count("values.batchUpdate"); n == 0 {
		t.Errorf("first sync wrote nothing")
	}
	for _, o := range srv.ValueInputOptions() {
		if o != "RAW" {
			t.Errorf("a write used valueInputOption %q", o)
		}
	}
	if strings.Contains(errs, "@example.org") || strings.Contains(errs, "Ana") {
		t.Errorf("logs carry personal data:\n%s", errs)
	}
	// The cycle's line (--verbose) carries the report's counts, keyed as
	// the daemon's.
	for _, want := range []string{"new_responses=3", "members=3", "cells_written="} {
		if !strings.Contains(errs, want) {
			t.Errorf("log lacks %s:\n%s", want, errs)
		}
	}

	srv.ResetCounts()
	code, out, errs = runCLI(t, args("sync", "--form", form, "--now", "2026-11-25")...)
	if code != 0 || !strings.Contains(out, "nothing changed") {
		t.Fatalf("second sync: exit %d\n%s%s", code, out, errs)
	}
	if n := srv.Count("values.batchUpdate"); n != 0 {
		t.Errorf("second sync wrote %d times", n)
	}

	handout := t.TempDir() + "/handout.xlsx"
	code, out, errs = runCLI(t, args("export", "--out", handout, "--now", "2026-11-25")...)
	if code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, out, errs)
	}
}
