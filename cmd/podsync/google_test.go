package main

import (
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

// fakeFlags point a command at the in-repo fake of the Sheets and Forms
// APIs, as an organizer would point it at an emulator.
func fakeFlags(srv *googlefake.Server) []string {
	return []string{"--endpoint", srv.URL, "--no-auth"}
}

func fakeResponse(name, email, offers, needs string, at time.Time) googlefake.Response {
	return googlefake.Response{ID: "r-" + strings.ToLower(name), Submitted: at, Answers: map[string][]string{
		"Your name": {name}, "Email address": {email},
		"Your zone (building, floor or block)":                  {"Building A"},
		"What can you help others with?":                        {offers},
		"What do you need help with?":                           {needs},
		"Would you like 1-on-1 conversations with pod members?": {"Yes"},
		"What may we share with the whole pod?":                 {"My name"},
	}}
}

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

	code, out, errs = runCLI(t, args("sync", "--form", form, "--now", "2026-11-25")...)
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
	// The cycle's line carries the report's counts, keyed as the daemon's.
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

// TestGoogleLinkedTab: without --form the linked "Form Responses 1" tab,
// as Google Forms writes it, is the source.
func TestGoogleLinkedTab(t *testing.T) {
	srv := googlefake.New(t)
	srv.SetCells("Form Responses 1", [][]string{
		{"Timestamp", "Email Address", "Your name", "What can you help others with?", "What do you need help with?", "What may we share with the whole pod?"},
		{"11/20/2026 9:05:12", "ana@example.org", "Ana", "Food and groceries, Childcare", "Tech assistance", "My name, My zone"},
		{"11/21/2026 18:30:00", "bo@example.org", "Bo", "Tech assistance", "Childcare", ""},
	})
	base := append([]string{"--spreadsheet", googlefake.SpreadsheetID}, fakeFlags(srv)...)
	code, out, errs := runCLI(t, append([]string{"sync", "--now", "2026-11-25"}, base...)...)
	if code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "members: 2") {
		t.Errorf("summary:\n%s", out)
	}
	if got := srv.Cells("Form Responses 1"); len(got) != 3 {
		t.Errorf("the linked tab was changed: %q", got)
	}
}

// TestGoogleErrors: access problems exit 1 with what to do; a bad flag
// combination exits 2.
func TestGoogleErrors(t *testing.T) {
	srv := googlefake.New(t)
	srv.Deny(403)
	code, _, errs := runCLI(t, append([]string{"sync", "--spreadsheet", googlefake.SpreadsheetID}, fakeFlags(srv)...)...)
	if code != 1 || !strings.Contains(strings.ToLower(errs), "permission") && !strings.Contains(errs, "access") {
		t.Errorf("denied sync: exit %d\n%s", code, errs)
	}
	code, _, errs = runCLI(t, "sync", "--spreadsheet", "x", "--no-auth")
	if code != 2 {
		t.Errorf("--no-auth without --endpoint: exit %d\n%s", code, errs)
	}
	code, _, errs = runCLI(t, "sync", "--spreadsheet", "x", "--workbook", "p.xlsx")
	if code != 2 {
		t.Errorf("--spreadsheet with --workbook: exit %d\n%s", code, errs)
	}
}

// TestGoogleInitCreate: init --create makes a new spreadsheet with every
// tab, and --create-form a published form, and says how to sync them.
func TestGoogleInitCreate(t *testing.T) {
	srv := googlefake.New(t)
	before := len(srv.Books())
	code, out, errs := runCLI(t, append([]string{"init", "--create", "--create-form", "--title", "Maple Street pod"}, fakeFlags(srv)...)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if len(srv.Books()) != before+1 || len(srv.Forms()) != 1 {
		t.Fatalf("books %v, forms %v", srv.Books(), srv.Forms())
	}
	if !strings.Contains(out, "--form "+srv.Forms()[0]) {
		t.Errorf("init should say how to sync:\n%s", out)
	}
	// The pod's name on handouts is the title given.
	for _, id := range srv.Books() {
		if id == googlefake.SpreadsheetID {
			continue
		}
		if got := srv.Book(id).Cells(sheets.TabSettings); len(got) < 2 || got[1][0] != "Pod name" || got[1][1] != "Maple Street pod" {
			t.Errorf("Settings of %s: %q", id, got)
		}
	}
}

// TestGoogleInitFormatsSyncedTabs: tabs a sync created get their dropdowns
// and protections from a later init, which says so; a second init adds
// nothing.
func TestGoogleInitFormatsSyncedTabs(t *testing.T) {
	srv := googlefake.New(t)
	args := func(cmd string, more ...string) []string {
		return append(append([]string{cmd, "--spreadsheet", googlefake.SpreadsheetID}, fakeFlags(srv)...), more...)
	}
	srv.SetCells("Form Responses 1", [][]string{
		{"Timestamp", "Email address", "Your name", "Would you like 1-on-1 conversations with pod members?"},
		{"11/20/2026 9:00:00", "ana@example.org", "Ana", "Yes"},
		{"11/20/2026 9:01:00", "bo@example.org", "Bo", "Yes"},
	})
	if code, out, errs := runCLI(t, args("sync", "--now", "2026-11-25")...); code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", code, out, errs)
	}
	book := srv.Spreadsheet()
	if n := len(book.Validations(sheets.TabMembers)); n != 0 {
		t.Fatalf("sync added %d validations to Members", n)
	}
	code, out, errs := runCLI(t, args("init")...)
	if code != 0 || !strings.Contains(out, "added dropdowns and protections") || !strings.Contains(out, sheets.TabMembers) {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	if len(book.Validations(sheets.TabMembers)) != 1 || len(book.Protections(sheets.TabMembers)) == 0 {
		t.Errorf("Members: validations %d, protections %d", len(book.Validations(sheets.TabMembers)), len(book.Protections(sheets.TabMembers)))
	}
	p := len(book.Protections(sheets.TabMatches))
	code, out, errs = runCLI(t, args("init")...)
	if code != 0 || !strings.Contains(out, "already has every tab") {
		t.Fatalf("second init: exit %d\n%s%s", code, out, errs)
	}
	if len(book.Validations(sheets.TabMembers)) != 1 || len(book.Protections(sheets.TabMatches)) != p {
		t.Error("second init formatted again")
	}
}
