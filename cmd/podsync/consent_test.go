package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/xlsx"
)

// TestDirectoryTabAndHandoutAgree: the pod's Directory tab and the
// handout's Directory come from one consent rule (matching.Shares), so they
// list the same members with the same fields. The demo pod has members who
// shared everything, some fields, nothing, and a field left blank.
func TestDirectoryTabAndHandoutAgree(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--dir", dir, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errs)
	}
	s, err := xlsx.Open(filepath.Join(dir, "pod.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	tabs, err := s.Read(context.Background(), sheets.TabDirectory)
	if err != nil {
		t.Fatal(err)
	}
	podTab := tabs[sheets.TabDirectory]
	handout := handoutTab(t, filepath.Join(dir, "handout.xlsx"), "Directory")
	if podTab == nil || handout == nil {
		t.Fatalf("missing Directory: pod %v, handout %v", podTab != nil, handout != nil)
	}
	fields := []string{sheets.ColName, sheets.ColPhone, sheets.ColEmail, sheets.ColZone, sheets.ColInterests, sheets.ColCanOffer, sheets.ColNeeds}
	rowsOf := func(t *testing.T, tab *sheets.Table, anonymous string) []string {
		h := sheets.NewHeaderIndex(tab.Name, tab.Header)
		var out []string
		for _, r := range tab.Rows {
			if sheets.BlankRow(r) {
				continue
			}
			vals := make([]string, len(fields))
			for i, name := range fields {
				c, err := h.Find(name)
				if err != nil || c < 0 {
					t.Fatalf("%s has no column %q", tab.Name, name)
				}
				vals[i] = sheets.CellAt(r, c)
			}
			if vals[0] == "" {
				vals[0] = anonymous
			}
			out = append(out, strings.Join(vals, " | "))
		}
		slices.Sort(out)
		return out
	}
	fromPod, fromHandout := rowsOf(t, podTab, "A neighbor"), rowsOf(t, handout, "")
	if len(fromPod) < 5 {
		t.Fatalf("only %d Directory rows: the demo should list more", len(fromPod))
	}
	if !slices.Equal(fromPod, fromHandout) {
		t.Errorf("the Directory tab and the handout differ:\npod:\n  %s\nhandout:\n  %s", strings.Join(fromPod, "\n  "), strings.Join(fromHandout, "\n  "))
	}
}
