package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/xlsx"
)

// podText is every cell of a workbook pod but podsync's own state, as one
// string.
func podText(t *testing.T, path string) string {
	t.Helper()
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	tabs, err := s.Read(t.Context(), sheets.TabNames()...)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for name, tab := range tabs {
		if name == sheets.TabState {
			continue
		}
		for _, r := range append([][]string{tab.Header}, tab.Rows...) {
			b.WriteString(strings.Join(r, "|") + "\n")
		}
	}
	return b.String()
}

// TestForgetWorkbook: --dry-run shows what would go and leaves the bytes
// as they were; forget erases the person from every tab; a sync of the
// same export does not bring them back and says so, without the name.
func TestForgetWorkbook(t *testing.T) {
	pod := filepath.Join(t.TempDir(), "pod.xlsx")
	if code, out, errs := runCLI(t, "sync", "--workbook", pod, "--responses", sample, "--now", "2026-11-30"); code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", code, out, errs)
	}
	before, err := os.ReadFile(pod)
	if err != nil {
		t.Fatal(err)
	}
	forget := []string{"forget", "--workbook", pod, "--member", "mei.chen@example.org", "--now", "2026-11-30"}
	code, out, errs := runCLI(t, append(forget, "--dry-run")...)
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"would forget Mei Chen (M-", "Members      1 row removed", "Responses    1 response row removed", "nothing was written"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	if after, _ := os.ReadFile(pod); string(after) != string(before) {
		t.Errorf("the dry run changed the workbook")
	}

	code, out, errs = runCLI(t, forget...)
	if code != 0 || !strings.Contains(out, "forgot Mei Chen") {
		t.Fatalf("forget: exit %d\n%s%s", code, out, errs)
	}
	if strings.Contains(errs, "Mei") || strings.Contains(errs, "mei.chen") {
		t.Errorf("the log names her:\n%s", errs)
	}
	who := []string{"Mei Chen", "mei.chen@example.org", "555-0112"}
	for _, w := range who {
		if strings.Contains(podText(t, pod), w) {
			t.Errorf("%q is still in the pod", w)
		}
	}

	code, out, errs = runCLI(t, "sync", "--workbook", pod, "--responses", sample, "--now", "2026-12-01")
	if code != 0 {
		t.Fatalf("sync again: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "warning: 1 response from a forgotten member was left out") || !strings.Contains(out, "members: 27") {
		t.Errorf("sync again:\n%s", out)
	}
	for _, w := range who {
		if strings.Contains(podText(t, pod), w) || strings.Contains(out+errs, w) {
			t.Errorf("%q is back after a sync", w)
		}
	}

	// Someone the pod does not have, or two people: exit 1, naming them.
	code, _, errs = runCLI(t, "forget", "--workbook", pod, "--member", "nobody@example.org")
	if code != 1 || !strings.Contains(errs, `no member is "nobody@example.org"`) {
		t.Errorf("unknown member: exit %d\n%s", code, errs)
	}
}

// TestForgetGoogle: the same on a Google pod, through the fake; the
// linked tab is Google's and stays as it is, and the organizer is told
// where to delete the response.
func TestForgetGoogle(t *testing.T) {
	srv := googlefake.New(t)
	srv.SetCells("Form Responses 1", [][]string{
		{"Timestamp", "Email Address", "Your name", "What can you help others with?", "What do you need help with?", "Would you like 1-on-1 conversations with pod members?", "What may we share with the whole pod?"},
		{"11/20/2026 9:05:12", "ana@example.org", "Ana Ruiz", "Food and groceries, Childcare", "Tech assistance", "Yes", "My name, My zone"},
		{"11/21/2026 18:30:00", "bo@example.org", "Bo Lind", "Tech assistance", "Childcare", "Yes", "My name"},
		{"11/22/2026 10:00:00", "cy@example.org", "Cy Moss", "Childcare", "Food and groceries", "Yes", "My name"},
	})
	base := append([]string{"--spreadsheet", googlefake.SpreadsheetID}, fakeFlags(srv)...)
	if code, out, errs := runCLI(t, append([]string{"sync", "--now", "2026-11-25"}, base...)...); code != 0 {
		t.Fatalf("sync: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs := runCLI(t, append([]string{"forget", "--member", "Bo Lind", "--now", "2026-11-25"}, base...)...)
	if code != 0 {
		t.Fatalf("forget: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "Delete response") || !strings.Contains(out, `"Form Responses 1"`) {
		t.Errorf("no word of where to delete the response:\n%s", out)
	}
	for _, tab := range []string{sheets.TabResponses, sheets.TabMembers, sheets.TabMatches, sheets.TabPairings, sheets.TabDirectory, sheets.TabUnmet} {
		for _, r := range srv.Cells(tab) {
			if s := strings.Join(r, "|"); strings.Contains(s, "Bo Lind") || strings.Contains(s, "bo@example.org") {
				t.Errorf("tab %q still has %s", tab, s)
			}
		}
	}
	if got := srv.Cells("Form Responses 1"); len(got) != 4 {
		t.Errorf("the linked tab was changed: %q", got)
	}
	code, out, errs = runCLI(t, append([]string{"sync", "--now", "2026-11-26"}, base...)...)
	if code != 0 || !strings.Contains(out, "members: 2") || !strings.Contains(out, "1 response from a forgotten member was left out") {
		t.Errorf("sync after forget: exit %d\n%s%s", code, out, errs)
	}
}
