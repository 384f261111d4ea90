package pod_test

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// TestHandTypedMatchIDKept (defect A): a Matches row an organizer typed
// with a Match ID of their own is theirs: never deleted or reused, even
// when it is not a match podsync could make, and a name on it that fits
// nobody is a warning naming the row, not a stopped sync.
func TestHandTypedMatchIDKept(t *testing.T) {
	s := storetest.NewMem()
	csv := writeCSV(t, t.TempDir(), "r.csv", reviewPod...)
	cycleAt(t, s, csv, now)
	// Carol does not offer Recreation: not a match podsync would keep.
	appendRow(t, s, sheets.TabMatches, map[string]string{sheets.ColMatchID: "H-1", "Member": "Dan Diaz",
		"Category": "Recreation", "Helper": "Carol Cruz", sheets.ColStatus: "Proposed"})
	bad := appendRow(t, s, sheets.TabMatches, map[string]string{sheets.ColMatchID: "H-2", "Member": "Dan Diaz",
		"Category": "Recreation", "Helper": "Zed Nobody", sheets.ColStatus: "Proposed"})
	before := storetest.Normalize(storetest.ReadTab(t, s, sheets.TabMatches))

	rep := cycleAt(t, s, csv, now)
	for _, e := range rep.Plan.Tabs {
		if e.Tab == sheets.TabMatches {
			t.Errorf("Matches edited: %s %+v", e.Summary, e)
		}
	}
	if got := storetest.Normalize(storetest.ReadTab(t, s, sheets.TabMatches)); !reflect.DeepEqual(got, before) {
		t.Errorf("Matches changed:\n%q\nwant\n%q", got, before)
	}
	var warned bool
	for _, w := range rep.Warnings {
		if strings.Contains(w, `"Matches"`) && strings.Contains(w, "row "+strconv.Itoa(bad)) && strings.Contains(w, `"Helper"`) && strings.Contains(w, "H-2") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning naming Matches row %d: %q", bad, rep.Warnings)
	}
	// Once Carol offers Recreation the organizer's row counts as Dan's
	// match: it stays as typed and Dan's need is not matched again.
	more := append([]string(nil), reviewPod...)
	more = append(more, `"2026/11/21 9:00:00 AM GMT","Carol Cruz","carol@example.org","Building B","Food and groceries;Recreation","1","","Yes"`)
	csv2 := writeCSV(t, t.TempDir(), "r2.csv", more...)
	rep = cycleAt(t, s, csv2, now)
	m := storetest.ReadTab(t, s, sheets.TabMatches)
	find(t, m, sheets.ColMatchID, "H-1")
	find(t, m, sheets.ColMatchID, "H-2")
	for i := range m.Rows {
		if cell(t, m, i, "Category") == "Recreation" && sheets.IsGeneratedMatchID(cell(t, m, i, sheets.ColMatchID)) {
			t.Errorf("Dan's need was matched again beside the organizer's row: %q", m.Rows[i])
		}
	}
	if rep := cycleAt(t, s, csv2, now); !rep.NothingChanged {
		t.Errorf("a second sync changed %d cells", rep.CellsWritten)
	}
}

// TestStaleMatchWithNotesSaysSo (defect B): a Proposed match podsync no
// longer wants, kept only for the organizer's Notes, says in Why that it is
// no longer proposed; it holds no capacity and does not keep its need, and
// when the pair is allowed again the row is proposed afresh.
func TestStaleMatchWithNotesSaysSo(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, s sheets.Store)
		undo   func(t *testing.T, s sheets.Store)
	}{
		{"Do Not Pair", func(t *testing.T, s sheets.Store) {
			appendRow(t, s, sheets.TabDoNotPair, map[string]string{"Person A": "Alice Ablee", "Person B": "Bob Bird"})
		}, nil},
		{"helper paused", func(t *testing.T, s sheets.Store) { setActive(t, s, "Bob Bird", "Paused") },
			func(t *testing.T, s sheets.Store) { setActive(t, s, "Bob Bird", "Yes") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := storetest.NewMem()
			dir := t.TempDir()
			csv := writeCSV(t, dir, "r.csv", reviewPod...)
			cycleAt(t, s, csv, now)
			m := storetest.ReadTab(t, s, sheets.TabMatches)
			i, row := find(t, m, "Category", "Childcare")
			id, why := row[colOf(t, m, sheets.ColMatchID)], row[colOf(t, m, "Why")]
			if !strings.HasPrefix(row[colOf(t, m, "Member")], "Alice Ablee") || !strings.HasPrefix(row[colOf(t, m, "Helper")], "Bob Bird") {
				t.Fatalf("want Alice matched with Bob, got %q", row)
			}
			edit(t, s, sheets.TabMatches, sheets.CellEdit{Row: i + 1, Col: colOf(t, m, sheets.ColNotes), Value: "called alice"})
			tc.change(t, s)

			rep := cycleAt(t, s, csv, now)
			m = storetest.ReadTab(t, s, sheets.TabMatches)
			_, row = find(t, m, sheets.ColMatchID, id)
			if got := row[colOf(t, m, "Why")]; got != sheets.MatchStaleNote {
				t.Errorf("Why = %q, want the stale note", got)
			}
			if got := row[colOf(t, m, sheets.ColStatus)]; got != "Proposed" {
				t.Errorf("Status = %q: an organizer column was written", got)
			}
			if got := row[colOf(t, m, sheets.ColNotes)]; got != "called alice" {
				t.Errorf("Notes = %q", got)
			}
			if rep.MatchesKept != 0 {
				t.Errorf("the stale row counts as a kept match")
			}
			u := storetest.ReadTab(t, s, sheets.TabUnmet)
			_, un := find(t, u, "Category", "Childcare")
			if alice := memberID(t, s, "Alice Ablee"); !strings.Contains(un[colOf(t, u, "Waiting (member IDs)")], alice) {
				t.Errorf("Unmet Childcare waiting = %q, want Alice's need open", un)
			}
			if rep := cycleAt(t, s, csv, now); !rep.NothingChanged {
				t.Errorf("a second sync changed %d cells: %+v", rep.CellsWritten, rep.Plan.Tabs)
			}

			// Bob's slot is free: a newcomer needing Childcare gets him.
			if tc.undo == nil {
				fay := append(append([]string(nil), reviewPod...), `"2026/11/21 9:00:00 AM GMT","Fay Fox","fay@example.org","Building A","","","Childcare","Yes"`)
				cycleAt(t, s, writeCSV(t, dir, "fay.csv", fay...), now)
				m = storetest.ReadTab(t, s, sheets.TabMatches)
				_, row = find(t, m, "Member", "Fay Fox ("+memberID(t, s, "Fay Fox")+")")
				if !strings.HasPrefix(row[colOf(t, m, "Helper")], "Bob Bird") {
					t.Errorf("Fay's match: %q, want Bob, whose slot the stale row does not hold", row)
				}
				return
			}
			// The pair is allowed again: the row is proposed afresh.
			tc.undo(t, s)
			cycleAt(t, s, csv, now)
			m = storetest.ReadTab(t, s, sheets.TabMatches)
			_, row = find(t, m, sheets.ColMatchID, id)
			if got := row[colOf(t, m, "Why")]; got != why {
				t.Errorf("Why = %q after the helper is back, want %q", got, why)
			}
			if got := row[colOf(t, m, sheets.ColNotes)]; got != "called alice" {
				t.Errorf("Notes = %q", got)
			}
		})
	}
}

// TestCopiedMatchRowTolerated: Matches is not held to unique IDs, because
// matching reads rows sharing a Match ID by design (an organizer may copy a
// match row); a copied row does not stop the sync.
func TestCopiedMatchRowTolerated(t *testing.T) {
	s := storetest.NewMem()
	runCycle(t, s, sample)
	m := storetest.ReadTab(t, s, sheets.TabMatches)
	if len(m.Rows) == 0 {
		t.Fatal("no matches")
	}
	rec := map[string]string{}
	for _, h := range m.Header {
		rec[h] = cell(t, m, 0, h)
	}
	row := appendRow(t, s, sheets.TabMatches, rec)
	if _, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now}).Run(context.Background()); err != nil {
		t.Fatalf("a copied match row (row %s) stopped the sync: %v", strconv.Itoa(row), err)
	}
}
