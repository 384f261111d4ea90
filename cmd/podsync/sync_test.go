package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets/google/googlefake"
)

func TestSyncDryRunAndEnv(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "pod.xlsx")
	t.Setenv("PODSYNC_WORKBOOK", wb)
	t.Setenv("PODSYNC_RESPONSES", sample)
	code, out, errs := runCLI(t, "sync", "--dry-run", "--now", "2026-11-25")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	if !strings.Contains(out, "would write") || !strings.Contains(out, "Members") {
		t.Errorf("dry run should list the changes per tab:\n%s", out)
	}
	if _, err := os.Stat(wb); !os.IsNotExist(err) {
		t.Fatal("dry run created the workbook")
	}
	if code, out, errs = runCLI(t, "sync", "--now", "2026-11-25"); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	code, out, _ = runCLI(t, "sync", "--now", "2026-11-25")
	if code != 0 || !strings.Contains(out, "nothing changed") {
		t.Errorf("second sync should change nothing:\n%s", out)
	}
}

// TestEmptyPod: a pod made by init syncs and exports before anyone has
// answered, and says where responses come from.
func TestEmptyPod(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "pod.xlsx")
	if code, out, errs := runCLI(t, "init", "--workbook", wb); code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs := runCLI(t, "sync", "--workbook", wb)
	if code != 0 || !strings.Contains(out, "no responses yet") || !strings.Contains(out, "--responses") {
		t.Errorf("sync: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "export", "--workbook", wb, "--out", filepath.Join(dir, "h.xlsx")); code != 0 {
		t.Errorf("export: exit %d\n%s%s", code, out, errs)
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
