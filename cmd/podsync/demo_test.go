package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
)

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

// -update (or PODSYNC_UPDATE_GOLDEN=1, for go test ./..., whose other
// packages may not know the flag) rewrites the golden files, as in matching.
var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/podsync")

// TestDemoGolden runs the demo on a fixed day and compares every tab of the
// pod it builds, cell for cell, with testdata/podsync/demo_pod.golden: the
// same sample pod must always give the same roster, matches and rounds.
// After an intended change, rerun with -update and read the diff.
func TestDemoGolden(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--dir", dir, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errs)
	}
	got := dumpPod(t, filepath.Join(dir, "pod.xlsx"))
	golden := "../../testdata/podsync/demo_pod.golden"
	if *updateGolden || os.Getenv("PODSYNC_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/podsync -run TestDemoGolden -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("demo pod differs from %s at line %d:\n got: %s\nwant: %s\n(rerun with -update if the change is intended)", golden, i+1, g, w)
			}
		}
	}
}

// dumpPod writes every tab of a workbook as tab-separated lines, in tab
// order, with the submission-independent _podsync tab included.
func dumpPod(t *testing.T, path string) string {
	t.Helper()
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	names := []string{}
	for _, spec := range sheets.Specs {
		names = append(names, spec.Name)
	}
	for _, name := range names {
		b.WriteString("== " + name + "\n")
		for _, row := range storetest.Normalize(storetest.ReadTab(t, s, name)) {
			b.WriteString(strings.Join(row, "\t") + "\n")
		}
	}
	return b.String()
}
