package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
)

const sample = "sample_responses.csv"

// runCLI runs the command line in-process and returns its exit status and
// output.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"podsync"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI(t, "demo", "--dir", dir, "--now", "2026-11-25")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, f := range []string{"pod.xlsx", "handout.xlsx", "responses.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("demo did not write %s", f)
		}
	}
	if !strings.Contains(out, "members: 28") {
		t.Errorf("summary lacks the member count:\n%s", out)
	}
	// Logs carry counts only: no names, emails or phone numbers.
	for _, private := range []string{"@example.org", "555-01", "Rosa"} {
		if strings.Contains(errs, private) {
			t.Errorf("log output contains personal data %q:\n%s", private, errs)
		}
	}
}

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

func TestExport(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "pod.xlsx")
	if code, out, errs := runCLI(t, "sync", "--workbook", wb, "--responses", sample, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	before, _ := os.ReadFile(wb)
	out := filepath.Join(dir, "handout.xlsx")
	if code, o, errs := runCLI(t, "export", "--workbook", wb, "--out", out, "--per-member", "--paper", "a4", "--now", "2026-11-25"); code != 0 {
		t.Fatalf("exit %d: %s %s", code, o, errs)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(wb); !bytes.Equal(before, after) {
		t.Error("export changed the pod")
	}
	if code, _, _ := runCLI(t, "export", "--workbook", wb, "--out", filepath.Join(dir, "x.pdf")); code != 2 {
		t.Errorf("--out x.pdf: exit %d, want 2", code)
	}
}

// TestDemoKeepsRealPods: the demo starts its own pod afresh, but refuses
// to replace a workbook that is not the sample pod.
func TestDemoKeepsRealPods(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--dir", dir, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "demo", "--dir", dir, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("demo again: exit %d\n%s%s", code, out, errs)
	}
	real := t.TempDir()
	wb := filepath.Join(real, "pod.xlsx")
	if code, out, errs := runCLI(t, "sync", "--workbook", wb, "--responses", sample, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", code, out, errs)
	}
	before, _ := os.ReadFile(wb)
	code, _, errs := runCLI(t, "demo", "--dir", real)
	if code != 1 || !strings.Contains(errs, "not the sample pod") {
		t.Errorf("demo over a real pod: exit %d\n%s", code, errs)
	}
	if after, _ := os.ReadFile(wb); !bytes.Equal(before, after) {
		t.Error("the demo changed a real pod")
	}
}
