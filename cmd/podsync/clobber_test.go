package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/xlsx"
)

var syncNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// exportWith writes the sample responses plus n new neighbors named
// "<tag> 1" … to dir/<tag>.csv.
func exportWith(t *testing.T, dir, tag string, n int) string {
	t.Helper()
	base, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.Write(base)
	if !strings.HasSuffix(string(base), "\n") {
		b.WriteString("\n")
	}
	// Rosa answers again: her Members row changes too.
	rosa := strings.SplitN(string(base), "\n", 3)[1]
	rosa = strings.Replace(rosa, "2026/11/01 8:00:00 AM EST", fmt.Sprintf("2026/11/21 %d:00:00 AM EST", 1+len(tag)), 1)
	b.WriteString(strings.Replace(rosa, "I cook big pots on Sundays", "I cook on "+tag+" days", 1) + "\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `"2026/11/20 %d:%02d:00 AM EST","%s %d","%s%d@example.org","555-01%02d","Text","Building A","English","chess","Monthly","Food and groceries","","1","Childcare","","Yes","My name"`+"\n",
			1+len(tag), i, tag, i, strings.ToLower(tag), i, i)
	}
	path := filepath.Join(dir, tag+".csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func cycleOn(t *testing.T, wb, responses string) *pod.Cycle {
	t.Helper()
	s, err := xlsx.Open(wb)
	if err != nil {
		t.Fatal(err)
	}
	return &pod.Cycle{Store: s, Source: ingest.File(responses), Now: syncNow}
}

func readTab(t *testing.T, wb, tab string) *sheets.Table {
	t.Helper()
	s, err := xlsx.OpenExisting(wb)
	if err != nil {
		t.Fatal(err)
	}
	tabs, err := s.Read(context.Background(), tab)
	if err != nil {
		t.Fatal(err)
	}
	if tabs[tab] == nil {
		t.Fatalf("no tab %q", tab)
	}
	return tabs[tab]
}

func column(t *testing.T, tab *sheets.Table, name string) int {
	t.Helper()
	i := slices.Index(tab.Header, name)
	if i < 0 {
		t.Fatalf("tab %q has no column %q: %v", tab.Name, name, tab.Header)
	}
	return i
}

// TestConcurrentSyncsLoseNothing: two syncs of one workbook at once, of two
// different response exports, both land: every response of either export
// is on Responses and Members afterwards (before the lock, one run's were
// lost every time, with exit 0).
func TestConcurrentSyncsLoseNothing(t *testing.T) {
	for round := range 3 {
		dir := t.TempDir()
		wb := filepath.Join(dir, "pod.xlsx")
		if _, err := runCycle(context.Background(), cycleOn(t, wb, sample)); err != nil {
			t.Fatal(err)
		}
		a, b := exportWith(t, dir, "Alder", 5), exportWith(t, dir, "Birch", 5)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, csv := range []string{a, b} {
			cy := cycleOn(t, wb, csv)
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = runCycle(context.Background(), cy)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		members := readTab(t, wb, sheets.TabMembers)
		name := column(t, members, sheets.ColName)
		var names []string
		for r := range members.Rows {
			names = append(names, members.Cell(r, name))
		}
		for _, tag := range []string{"Alder", "Birch"} {
			for i := 1; i <= 5; i++ {
				if !slices.Contains(names, fmt.Sprintf("%s %d", tag, i)) {
					t.Errorf("round %d: %s %d lost; members: %d", round, tag, i, len(names))
				}
			}
		}
	}
}

// organizerSaves is a store whose first Read is followed, before the
// cycle writes, by an organizer's save in Excel: Members sorted in reverse
// and a Note typed on one member, Matches sorted in reverse.
type organizerSaves struct {
	*xlsx.Store
	t    *testing.T
	once sync.Once
	note string // the member ID the note is on
}

func (o *organizerSaves) Read(ctx context.Context, tabs ...string) (map[string]*sheets.Table, error) {
	got, err := o.Store.Read(ctx, tabs...)
	o.once.Do(func() { o.save(ctx) })
	return got, err
}

func (o *organizerSaves) save(ctx context.Context) {
	t := o.t
	// Excel takes no podsync lock: the edit is made on a copy, and its
	// bytes saved over the pod.
	data, err := os.ReadFile(o.Path())
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "pod.xlsx")
	if err := os.WriteFile(cp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	excel, err := xlsx.Open(cp)
	if err != nil {
		t.Fatal(err)
	}
	tabs, err := excel.Read(ctx, sheets.TabMembers, sheets.TabMatches)
	if err != nil {
		t.Fatal(err)
	}
	var p sheets.Plan
	for _, name := range []string{sheets.TabMembers, sheets.TabMatches} {
		tab := tabs[name]
		rows := slices.Clone(tab.Rows)
		slices.Reverse(rows)
		e := sheets.TabEdit{Tab: name}
		for r, row := range rows {
			for c := range tab.Header {
				v := ""
				if c < len(row) {
					v = row[c]
				}
				if name == sheets.TabMembers && c == slices.Index(tab.Header, sheets.ColNotes) && r == 0 {
					o.note = row[slices.Index(tab.Header, sheets.ColMemberID)]
					v = "call after 6pm"
				}
				e.Cells = append(e.Cells, sheets.CellEdit{Row: r + 1, Col: c, Value: v})
			}
		}
		p.Tabs = append(p.Tabs, e)
	}
	if err := excel.Apply(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if data, err = os.ReadFile(cp); err == nil {
		err = os.WriteFile(o.Path(), data, 0o600)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestEditSavedDuringSyncIsKept: an organizer who sorts Members and Matches
// and types a Note while a sync runs keeps the Note, on that member's row,
// and no row is mixed: every row's cells are still one member's (one
// match's), as a clean sync writes them. The sync redoes its cycle from
// the saved workbook (before: the edit was lost every time, and a sort
// mixed rows).
func TestEditSavedDuringSyncIsKept(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "pod.xlsx")
	if _, err := runCycle(context.Background(), cycleOn(t, wb, sample)); err != nil {
		t.Fatal(err)
	}
	more := exportWith(t, dir, "Cedar", 3)

	// What a sync without the organizer writes, by key, for comparison.
	clean := filepath.Join(dir, "clean.xlsx")
	data, _ := os.ReadFile(wb)
	os.WriteFile(clean, data, 0o600)
	if _, err := runCycle(context.Background(), cycleOn(t, clean, more)); err != nil {
		t.Fatal(err)
	}

	cy := cycleOn(t, wb, more)
	o := &organizerSaves{Store: cy.Store.(*xlsx.Store), t: t}
	cy.Store = o
	if _, err := runCycle(context.Background(), cy); err != nil {
		t.Fatal(err)
	}
	if o.note == "" {
		t.Fatal("the organizer saved nothing")
	}
	for _, tc := range []struct{ tab, key string }{{sheets.TabMembers, sheets.ColMemberID}, {sheets.TabMatches, sheets.ColMatchID}} {
		got, want := readTab(t, wb, tc.tab), readTab(t, clean, tc.tab)
		gk, wk := column(t, got, tc.key), column(t, want, tc.key)
		byKey := map[string][]string{}
		for _, r := range want.Rows {
			byKey[r[wk]] = r
		}
		if len(got.Rows) != len(want.Rows) {
			t.Errorf("%s: %d rows, a clean sync has %d", tc.tab, len(got.Rows), len(want.Rows))
		}
		mixed := 0
		for r := range got.Rows {
			w := byKey[got.Cell(r, gk)]
			for c, h := range got.Header {
				if h == sheets.ColNotes {
					continue
				}
				if wc := slices.Index(want.Header, h); w == nil || got.Cell(r, c) != (&sheets.Table{Rows: [][]string{w}}).Cell(0, wc) {
					mixed++
					break
				}
			}
		}
		if mixed > 0 {
			t.Errorf("%s: %d rows mixed", tc.tab, mixed)
		}
	}
	members := readTab(t, wb, sheets.TabMembers)
	id, notes := column(t, members, sheets.ColMemberID), column(t, members, sheets.ColNotes)
	found := false
	for r := range members.Rows {
		if members.Cell(r, id) == o.note {
			found = members.Cell(r, notes) == "call after 6pm"
		}
	}
	if !found {
		t.Errorf("the Note typed on %s during the sync is gone", o.note)
	}
}

// TestSyncRefusesOpenWorkbook: sync on a pod Excel has open fails, saying
// to save and close it, and leaves the bytes; --dry-run still reads it.
func TestSyncRefusesOpenWorkbook(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "pod.xlsx")
	if code, out, errs := runCLI(t, "sync", "--workbook", wb, "--responses", sample, "--now", "2026-11-25"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	os.WriteFile(filepath.Join(dir, "~$pod.xlsx"), []byte("x"), 0o600)
	before, _ := os.ReadFile(wb)
	more := exportWith(t, dir, "Dogwood", 1)
	if code, out, errs := runCLI(t, "sync", "--workbook", wb, "--responses", more, "--now", "2026-11-25", "--dry-run"); code != 0 {
		t.Errorf("dry run: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs := runCLI(t, "sync", "--workbook", wb, "--responses", more, "--now", "2026-11-25")
	if code == 0 || !strings.Contains(errs+out, "pod.xlsx is open in Excel: save and close it, then sync again") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	if after, _ := os.ReadFile(wb); string(after) != string(before) {
		t.Error("the workbook changed")
	}
}

// TestDoctorMissingWorkbook: doctor on a pod that is not there fails.
func TestDoctorMissingWorkbook(t *testing.T) {
	wb := filepath.Join(t.TempDir(), "nothere.xlsx")
	code, out, errs := runCLI(t, "doctor", "--workbook", wb)
	if code != 1 || !strings.Contains(errs, "no pod at "+wb) || !strings.Contains(errs, "podsync init --workbook") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(wb); !errors.Is(err, os.ErrNotExist) {
		t.Error("doctor created the pod")
	}
}

// TestSyncInMissingFolder: the error names the pod and its folder, not a
// temporary file.
func TestSyncInMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nonexistent", "dir")
	wb := filepath.Join(dir, "pod.xlsx")
	code, out, errs := runCLI(t, "sync", "--workbook", wb, "--responses", sample, "--now", "2026-11-25")
	want := `sheets: write pod "` + wb + `": the folder ` + dir + ` does not exist: create it`
	if code == 0 || !strings.Contains(errs, want) || strings.Contains(errs, ".tmp") {
		t.Errorf("exit %d, want %q:\n%s%s", code, want, out, errs)
	}
}
