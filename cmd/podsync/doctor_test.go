package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDoctorResponses: doctor --responses FILE says, before a first sync,
// which questions and answers of an export podsync cannot read and the
// Settings rows that fix them; with --workbook it checks the export against
// that pod's Settings. Nothing is written.
func TestDoctorResponses(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "responses.csv")
	body := `"Timestamp","Your name","How can you help?","Would you like 1-on-1 conversations with pod members?"
"2026/11/20 9:05:12 AM GMT-5","Ana Ruiz","Food and groceries","Oui"`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "doctor", "--responses", file)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"ok   " + file + ": 1 response, 1 member",
		`warn question "What can you help others with?" (offers) is not in the responses; the closest title there is "How can you help?": if that is it, add a Settings row "Header: offers" with Value "How can you help?"`,
		`warn question "Would you like 1-on-1 conversations with pod members?" (pairing): "Oui" (1 response) is not one of its choices, read as No`,
		`"Answer: pairing: Oui" with Value one of: Yes, No`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor --responses does not say %q:\n%s", want, out)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("doctor wrote files: %v", entries)
	}

	// Against a pod whose Settings already map both.
	wb := filepath.Join(dir, "pod.xlsx")
	if code, out, errs := runCLI(t, "init", "--workbook", wb); code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "doctor", "--workbook", wb, "--responses", file); code != 0 || !strings.Contains(out, "(pairing)") {
		t.Errorf("doctor --workbook --responses: exit %d, want the pairing warning:\n%s%s", code, out, errs)
	}

	// An export podsync cannot read at all is a failure naming it.
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("Name,Email\nAna,ana@example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runCLI(t, "doctor", "--responses", bad); code != 1 || !strings.Contains(out, "FAIL "+bad) || !strings.Contains(out, "Timestamp") {
		t.Errorf("doctor on an unreadable export: exit %d:\n%s", code, out)
	}
}
