package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/xlsx"
)

// TestSplitHint: `sync` and `doctor` on a pod over Split above each say so
// in one line, pointing at the Suggested groups tab; a pod of 30 gets no
// hint and no such tab.
func TestSplitHint(t *testing.T) {
	pod := func(n int) (wb, csv string) {
		dir := t.TempDir()
		lines := []string{`"Timestamp","Your name","Email address","Your zone (building, floor or block)"`}
		for i := range n {
			lines = append(lines, fmt.Sprintf(`"2026/11/20 9:%02d:00 AM GMT","Neighbor %02d","n%02d@example.org","Building %c"`, i, i, i, 'A'+i%3))
		}
		csv = filepath.Join(dir, "r.csv")
		if err := os.WriteFile(csv, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(dir, "pod.xlsx"), csv
	}
	const hint = `"Split above" (30): tab "Suggested groups" suggests`
	for _, tc := range []struct {
		n    int
		want string
	}{
		{31, `warning: 31 active members is more than Settings "Split above" (30): tab "Suggested groups" suggests 2 pods that keep each zone whole (advice only: podsync splits nothing)`},
		{30, ""},
	} {
		wb, csv := pod(tc.n)
		code, out, errOut := runCLI(t, "sync", "--workbook", wb, "--responses", csv, "--now", "2026-11-21")
		if code != 0 || strings.Count(out, hint) != min(1, len(tc.want)) || !strings.Contains(out, tc.want) {
			t.Fatalf("%d members, sync: %d\n%s\n%s", tc.n, code, out, errOut)
		}
		code, out, _ = runCLI(t, "doctor", "--workbook", wb, "--now", "2026-11-21")
		if code != 0 || strings.Count(out, hint) != min(1, len(tc.want)) {
			t.Errorf("%d members, doctor: %d\n%s", tc.n, code, out)
		}
		s, err := xlsx.Open(wb)
		if err != nil {
			t.Fatal(err)
		}
		tabs, err := s.Read(t.Context(), sheets.TabSuggested)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := tabs[sheets.TabSuggested]; ok != (tc.want != "") {
			t.Errorf("%d members: Suggested groups tab there = %v", tc.n, ok)
		}
	}
}
