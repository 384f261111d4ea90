package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
)

// TestSyncNamesWhatChanged: after an organizer pauses a helper in the demo
// pod, `sync --dry-run` and `sync` print, by name, the helper's matches that
// went and why, and the sync appends the same to the Changes tab.
func TestSyncNamesWhatChanged(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--dir", dir, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errs)
	}
	wb := filepath.Join(dir, "pod.xlsx")
	s, err := xlsx.Open(wb)
	if err != nil {
		t.Fatal(err)
	}
	// Pause the helper of the first Proposed match.
	matches := storetest.ReadTab(t, s, sheets.TabMatches)
	helper := strings.TrimSpace(strings.Split(matches.Rows[0][column(t, matches, sheets.ColHelper)], " (")[0])
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	row := -1
	for i, r := range members.Rows {
		if r[column(t, members, sheets.ColName)] == helper {
			row = i + 1
		}
	}
	if row < 0 {
		t.Fatalf("no member %q", helper)
	}
	plan := &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabMembers, Cells: []sheets.CellEdit{{Row: row, Col: column(t, members, sheets.ColActive), Value: "Paused"}}}}}
	if err := s.Apply(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(wb)
	args := []string{"sync", "--workbook", wb, "--responses", filepath.Join(dir, "responses.csv"), "--now", "2026-11-25"}
	code, out, errs := runCLI(t, append(args, "--dry-run")...)
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	if after, _ := os.ReadFile(wb); !bytes.Equal(before, after) {
		t.Error("the dry run changed the workbook")
	}
	for _, want := range []string{"would change:", "match removed: ", "← " + helper, helper + " is paused", "re-print: "} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	code, out, errs = runCLI(t, args...)
	if code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "changes (also in the Changes tab):") || !strings.Contains(out, helper+" is paused") {
		t.Errorf("sync output:\n%s", out)
	}
	if strings.Contains(errs, helper) {
		t.Errorf("stderr names the helper: %s", errs)
	}
	s, _ = xlsx.Open(wb)
	changes := storetest.ReadTab(t, s, sheets.TabChanges)
	found := false
	for _, r := range changes.Rows {
		if r[1] == "match removed" && strings.HasSuffix(r[2], "← "+helper) && strings.Contains(r[3], helper+" is paused") {
			found = true
		}
	}
	if !found {
		t.Errorf("the Changes tab does not say %s's match went", helper)
	}
}
