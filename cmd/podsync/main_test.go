package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	notXLSX := filepath.Join(dir, "pod.xlsx")
	if err := os.WriteFile(notXLSX, []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command flags", []string{"sync"}, 2, "--workbook"},
		{"unknown flag", []string{"sync", "--wrokbook", "x.xlsx"}, 2, "wrokbook"},
		{"both sources", []string{"sync", "--workbook", "a.xlsx", "--spreadsheet", "x"}, 2, "not both"},
		{"bad --now", []string{"sync", "--workbook", filepath.Join(dir, "a.xlsx"), "--now", "tomorrow"}, 2, "--now"},
		{"not an xlsx", []string{"sync", "--workbook", notXLSX}, 1, "xlsx"},
		{"missing responses file", []string{"sync", "--workbook", filepath.Join(dir, "b.xlsx"), "--responses", filepath.Join(dir, "nope.csv")}, 1, "nope.csv"},
		{"unknown command", []string{"frobnicate"}, 2, "frobnicate"},
		{"missing required flag", []string{"export", "--workbook", notXLSX}, 2, "out"},
		{"bad log format", []string{"sync", "--workbook", filepath.Join(dir, "a.xlsx"), "--log-format", "xml"}, 2, "--log-format"},
		{"handout over the pod", []string{"export", "--workbook", notXLSX, "--out", notXLSX}, 2, "the pod itself"},
		{"export of no pod", []string{"export", "--workbook", filepath.Join(dir, "none.xlsx"), "--out", filepath.Join(dir, "h.xlsx")}, 1, "no pod at"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, out, errs)
			}
			if !strings.Contains(errs, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, errs)
			}
		})
	}
}

// TestBadEnvironmentValue: a PODSYNC_ variable that does not parse is bad
// usage, like the flag it stands for.
func TestBadEnvironmentValue(t *testing.T) {
	t.Setenv("PODSYNC_DRY_RUN", "maybe")
	if code, _, errs := runCLI(t, "sync", "--workbook", filepath.Join(t.TempDir(), "p.xlsx")); code != 2 || !strings.Contains(errs, "PODSYNC_DRY_RUN") {
		t.Errorf("exit %d\n%s", code, errs)
	}
}
