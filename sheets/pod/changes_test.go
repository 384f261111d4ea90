package pod_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// hasChange reports whether changes hold one of kind what whose Who and
// Details contain who and detail.
func hasChange(changes []pod.Change, what, who, detail string) bool {
	for _, c := range changes {
		if c.What == what && strings.Contains(c.Who, who) && strings.Contains(c.Details, detail) {
			return true
		}
	}
	return false
}

// TestChangesByName: after an organizer pauses a helper, the cycle says by
// name which match went and why, which need now waits and why, which
// rounds changed and whose page to re-print; the same list is appended to
// the Changes tab, and a dry run lists it without writing.
func TestChangesByName(t *testing.T) {
	s := storetest.NewMem()
	csv := writeCSV(t, t.TempDir(), "r.csv", reviewPod...)
	first := cycleAt(t, s, csv, now)
	if !hasChange(first.Changes, "new member", "Alice Ablee", "joined (Building A)") ||
		!hasChange(first.Changes, "match proposed", "Alice Ablee ← Bob Bird", "Childcare") ||
		!hasChange(first.Changes, "need waiting", "Dan Diaz", "Recreation: nobody else offers it") {
		t.Fatalf("first sync's changes: %+v", first.Changes)
	}
	if again := cycleAt(t, s, csv, now); len(again.Changes) != 0 {
		t.Errorf("a sync with nothing new lists changes: %+v", again.Changes)
	}
	setActive(t, s, "Bob Bird", "Paused")
	before := snapshot(t, s)
	dry, err := (&pod.Cycle{Store: s, Source: ingest.File(csv), Now: now, DryRun: true}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, snapshot(t, s)) {
		t.Error("the dry run wrote")
	}
	rep := cycleAt(t, s, csv, now)
	if !reflect.DeepEqual(dry.Changes, rep.Changes) {
		t.Errorf("dry run listed %+v, the sync %+v", dry.Changes, rep.Changes)
	}
	for _, want := range []struct{ what, who, detail string }{
		{"match removed", "Alice Ablee ← Bob Bird", "Childcare: Bob Bird is paused"},
		{"need waiting", "Alice Ablee", "Childcare: "},
		{"re-print", "everyone (5 members)", "print the handout again"},
	} {
		if !hasChange(rep.Changes, want.what, want.who, want.detail) {
			t.Errorf("no %q change for %q with %q in %+v", want.what, want.who, want.detail, rep.Changes)
		}
	}
	if !hasChange(rep.Changes, "round changed", "Bob Bird", "Bob Bird is paused") &&
		!hasChange(rep.Changes, "round repaired", "Bob Bird", "Bob Bird is paused") {
		t.Errorf("no round says Bob is out: %+v", rep.Changes)
	}
	tab := storetest.ReadTab(t, s, sheets.TabChanges)
	if !reflect.DeepEqual(tab.Header, []string{sheets.ColWhen, sheets.ColWhat, sheets.ColWho, sheets.ColDetails}) {
		t.Fatalf("Changes header %q", tab.Header)
	}
	// The second sync's rows follow the first's.
	if want := len(first.Changes) + len(rep.Changes); len(tab.Rows) != want {
		t.Errorf("Changes has %d rows, want %d", len(tab.Rows), want)
	}
	rows := map[string]bool{}
	for _, r := range tab.Rows {
		rows[strings.Join(r, "|")] = true
	}
	for _, c := range append(first.Changes, rep.Changes...) {
		if !rows[strings.Join([]string{"2026-11-25 12:00", c.What, c.Who, c.Details}, "|")] {
			t.Errorf("no Changes row for %+v", c)
		}
	}
	if last, c := tab.Rows[len(tab.Rows)-1], rep.Changes[len(rep.Changes)-1]; last[1] != c.What || last[3] != c.Details {
		t.Errorf("last Changes row %q, want %+v", last, c)
	}
	// Counts only in the log line.
	if v := fmt.Sprint(rep.LogValue()); strings.Contains(v, "Bob") || strings.Contains(v, "Alice") {
		t.Errorf("the log value names people: %s", v)
	}
}

// TestChangesKeepsTheLastThousand: the Changes tab keeps the newest
// sheets.MaxChanges rows, dropping the oldest from the top.
func TestChangesKeepsTheLastThousand(t *testing.T) {
	s := storetest.NewMem()
	grid := [][]string{{sheets.ColWhen, sheets.ColWhat, sheets.ColWho, sheets.ColDetails}}
	for i := 0; i < sheets.MaxChanges; i++ {
		grid = append(grid, []string{"2026-01-01 09:00", "old", fmt.Sprint(i), ""})
	}
	putTab(t, s, sheets.TabChanges, true, grid)
	csv := writeCSV(t, t.TempDir(), "r.csv", reviewPod...)
	rep := cycleAt(t, s, csv, now)
	tab := storetest.ReadTab(t, s, sheets.TabChanges)
	if len(tab.Rows) != sheets.MaxChanges {
		t.Fatalf("Changes has %d rows, want %d", len(tab.Rows), sheets.MaxChanges)
	}
	n := len(rep.Changes)
	if got := tab.Rows[0][2]; got != fmt.Sprint(n) {
		t.Errorf("first row is old change %s, want %d (the %d oldest dropped)", got, n, n)
	}
	if got := tab.Rows[len(tab.Rows)-1][1]; got != rep.Changes[n-1].What {
		t.Errorf("last row %q", tab.Rows[len(tab.Rows)-1])
	}
}
