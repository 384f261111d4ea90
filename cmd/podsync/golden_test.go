package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/podsync")

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
	if *update {
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
