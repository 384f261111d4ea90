package pod_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
)

// titledMem is the in-memory store listing its tabs' titles, as the
// workbook and Google stores do.
type titledMem struct{ *storetest.Mem }

func (m titledMem) TabTitles(context.Context) ([]string, error) { return m.Tabs(), nil }

// renamedCopy is a copy of the pod in s with tab from renamed to to.
func renamedCopy(t *testing.T, s *storetest.Mem, from, to string) titledMem {
	t.Helper()
	out := titledMem{storetest.NewMem()}
	for _, n := range s.Tabs() {
		tb := storetest.ReadTab(t, s, n)
		if n == from {
			n = to
		}
		putTab(t, out, n, true, append([][]string{tb.Header}, tb.Rows...))
	}
	return out
}

// TestRenamedTabRefused: a podsync tab renamed to a near miss of its name
// (another case, a trailing space, a year added, a typo) stops the sync,
// naming the tab and the name to give it back, and writes nothing: a fresh
// tab in its place would undo the decisions in the old one.
func TestRenamedTabRefused(t *testing.T) {
	base := titledMem{storetest.NewMem()}
	runCycle(t, base, sample)
	for _, c := range []struct{ from, to string }{
		{sheets.TabMembers, "members"},
		{sheets.TabMembers, "Members "},
		{sheets.TabMembers, "Memebers"},
		{sheets.TabMatches, "Matches 2026"},
		{sheets.TabMatches, "MATCHES"},
		{sheets.TabPairings, "Pairing"},
		{sheets.TabSettings, "settings"},
		{sheets.TabDoNotPair, "Do not pair"},
		{sheets.TabDoNotPair, "DoNotPair"},
		{sheets.TabDirectory, "Directory (old)"},
		{sheets.TabResponses, " responses"},
	} {
		t.Run(c.to, func(t *testing.T) {
			s := renamedCopy(t, base.Mem, c.from, c.to)
			before, writes := snapshotMem(t, s), s.Writes
			_, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now}).Run(context.Background())
			if err == nil {
				t.Fatalf("a sync with %q renamed to %q went ahead", c.from, c.to)
			}
			for _, want := range []string{`tab "` + c.to + `"`, `looks like podsync's "` + c.from + `"`, `rename it back to "` + c.from + `"`} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %s", err, want)
				}
			}
			t.Log(err)
			if s.Writes != writes || snapshotMem(t, s) != before {
				t.Error("the refused sync wrote to the pod")
			}
		})
	}
}

// TestOwnTabsNotNearMisses: tabs of the organizers' own are left alone:
// beside the podsync tab they resemble, words that merely begin alike,
// and before the first sync anything but the same name in another case.
func TestOwnTabsNotNearMisses(t *testing.T) {
	base := titledMem{storetest.NewMem()}
	runCycle(t, base, sample)
	// Beside the tab it resembles, "Matches 2025" is an archive.
	putTab(t, base, "Matches 2025", true, [][]string{{"Match ID"}, {"X-0000000000"}})
	putTab(t, base, "Membership fees", true, [][]string{{"Who"}})
	if _, err := (&pod.Cycle{Store: base, Source: ingest.File(sample), Now: now}).Run(context.Background()); err != nil {
		t.Fatalf("own tabs beside the pod's refused: %v", err)
	}
	// A tab of one's own that looks like a missing podsync tab is let be
	// once the podsync tab is there again, empty.
	own := renamedCopy(t, base.Mem, sheets.TabMatches, "Matches 2026")
	putTab(t, own, sheets.TabMatches, true, nil)
	if _, err := (&pod.Cycle{Store: own, Source: ingest.File(sample), Now: now}).Run(context.Background()); err != nil {
		t.Fatalf("with an empty Matches tab added: %v", err)
	}
	if m := storetest.ReadTab(t, own, sheets.TabMatches); len(m.Rows) == 0 {
		t.Fatal("the empty Matches tab added was not filled in")
	}
	// A spreadsheet's own tabs before its first sync.
	fresh := titledMem{storetest.NewMem()}
	putTab(t, fresh, "Members list", true, [][]string{{"Name"}, {"Ana"}})
	putTab(t, fresh, "Resources for seniors", true, [][]string{{"What"}})
	if _, err := (&pod.Cycle{Store: fresh, Source: ingest.File(sample), Now: now}).Run(context.Background()); err != nil {
		t.Fatalf("a new pod beside tabs of its own refused: %v", err)
	}
	fresh = titledMem{storetest.NewMem()}
	putTab(t, fresh, "resources", true, [][]string{{"Category"}})
	if _, err := (&pod.Cycle{Store: fresh, Source: ingest.File(sample), Now: now}).Run(context.Background()); err == nil || !strings.Contains(err.Error(), `rename it back to "Resources"`) {
		t.Fatalf("a lower-case resources tab: %v", err)
	}
}

func snapshotMem(t *testing.T, s titledMem) string {
	t.Helper()
	var b strings.Builder
	for _, n := range s.Tabs() {
		tb := storetest.ReadTab(t, s, n)
		b.WriteString(n + "\x00" + strings.Join(tb.Header, "\x01"))
		for _, r := range tb.Rows {
			b.WriteString("\x02" + strings.Join(r, "\x01"))
		}
	}
	return b.String()
}

// TestRenamedWorkbookTabRefused: the same in a local workbook, whose
// Members tab an organizer renamed in lower case after pausing a member:
// the sync stops and the file's bytes stay as they were.
func TestRenamedWorkbookTabRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pod.xlsx")
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	runCycle(t, s, sample)
	setActive(t, s, "Mei Chen", "Paused")
	for _, to := range []string{"members", "Members "} {
		renameWorkbookTab(t, path, sheets.TabMembers, to)
		before, _ := os.ReadFile(path)
		_, err = (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now}).Run(context.Background())
		if err == nil || !strings.Contains(err.Error(), `rename it back to "Members"`) {
			t.Fatalf("Members renamed %q: %v", to, err)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Fatalf("Members renamed %q: the refused sync changed the workbook", to)
		}
		renameWorkbookTab(t, path, to, sheets.TabMembers)
	}
	runCycle(t, s, sample)
	m := storetest.ReadTab(t, s, sheets.TabMembers)
	if i, _ := find(t, m, "Name", "Mei Chen"); cell(t, m, i, sheets.ColActive) != "Paused" {
		t.Fatal("the pause did not survive the rename and its undoing")
	}
}

// renameWorkbookTab renames a tab as a spreadsheet program does: in the
// workbook's list of sheets.
func renameWorkbookTab(t *testing.T, path, from, to string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/workbook.xml" {
			data = bytes.Replace(data, []byte(`name="`+from+`"`), []byte(`name="`+to+`"`), 1)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
