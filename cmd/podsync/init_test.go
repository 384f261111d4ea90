package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/lang"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
)

func TestInitWorkbook(t *testing.T) {
	wb := filepath.Join(t.TempDir(), "pod.xlsx")
	code, out, errs := runCLI(t, "init", "--workbook", wb)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	s, err := xlsx.Open(wb)
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range sheets.Specs {
		tab := storetest.ReadTab(t, s, spec.Name)
		if len(tab.Header) < len(spec.Columns) {
			t.Errorf("tab %q header %q", spec.Name, tab.Header)
		}
	}
	if code, out, _ := runCLI(t, "init", "--workbook", wb); code != 0 || !strings.Contains(out, "already") {
		t.Errorf("second init: %d %s", code, out)
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

// TestGoogleInitCreateFormLanguage: init --create --create-form --language
// es builds the form in Spanish and writes Language = es on the new
// spreadsheet's Settings; a language podsync does not ship is bad usage,
// refused before anything is made; --language on a workbook is its
// Settings' Language.
func TestGoogleInitCreateFormLanguage(t *testing.T) {
	srv := googlefake.New(t)
	before := len(srv.Books())
	code, out, errs := runCLI(t, append([]string{"init", "--create", "--create-form", "--language", "es"}, fakeFlags(srv)...)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if len(srv.Books()) != before+1 || len(srv.Forms()) != 1 {
		t.Fatalf("books %v, forms %v", srv.Books(), srv.Forms())
	}
	form := srv.Form(srv.Forms()[0])
	if form.Info.Title != lang.Message("es", "form.title") || len(form.Items) != len(ingest.Questions) {
		t.Fatalf("form %q with %d items", form.Info.Title, len(form.Items))
	}
	for i, q := range ingest.Questions {
		if got := form.Items[i].Title; got != lang.Message("es", "q."+q.Key) || got == q.Title {
			t.Errorf("%s: %q", q.Key, got)
		}
	}
	for _, id := range srv.Books() {
		if id == googlefake.SpreadsheetID {
			continue
		}
		got := srv.Book(id).Cells(sheets.TabSettings)
		if len(got) < 3 || got[2][0] != "Language" || got[2][1] != "es" {
			t.Errorf("Settings of %s: %q", id, got)
		}
	}

	srv.ResetCounts()
	for _, args := range [][]string{
		append([]string{"init", "--create", "--create-form", "--language", "xx"}, fakeFlags(srv)...),
		append([]string{"init", "--spreadsheet", googlefake.SpreadsheetID, "--create-form", "--language", "es-MX"}, fakeFlags(srv)...),
	} {
		code, out, errs := runCLI(t, args...)
		if code != 2 || !strings.Contains(out+errs, "en, bn, es, ht, zh-Hans") {
			t.Errorf("%q: exit %d, want 2 naming the shipped languages\n%s%s", args, code, out, errs)
		}
	}
	if n := srv.Counts()["total"]; n != 0 || len(srv.Forms()) != 1 {
		t.Errorf("a refused --language made %d requests, %d forms", n, len(srv.Forms()))
	}

	t.Setenv("PODSYNC_LANGUAGE", "zh-hans")
	wb := filepath.Join(t.TempDir(), "pod.xlsx")
	if code, out, errs := runCLI(t, "init", "--workbook", wb); code != 0 {
		t.Fatalf("init --workbook: exit %d\n%s%s", code, out, errs)
	}
	s, err := xlsx.Open(wb)
	if err != nil {
		t.Fatal(err)
	}
	set, err := pod.ParseSettings(storetest.ReadTab(t, s, sheets.TabSettings))
	if err != nil || set.Language != "zh-Hans" {
		t.Errorf("workbook Language %q, %v", set.Language, err)
	}
}
