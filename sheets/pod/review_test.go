package pod_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// reviewHead and reviewPod are a small pod for the tests below: Alice needs
// Childcare, which Bob offers (capacity 1); Dan needs Recreation, which
// nobody offers; Carol and Eve offer Food and groceries. Everyone wants
// 1-on-1s.
const reviewHead = `"Timestamp","Your name","Email address","Your zone (building, floor or block)","What can you help others with?","How many neighbors could you help at a time?","What do you need help with?","Would you like 1-on-1 conversations with pod members?"`

var reviewPod = []string{
	`"2026/11/20 9:00:00 AM GMT","Alice Ablee","alice@example.org","Building A","","","Childcare","Yes"`,
	`"2026/11/20 9:01:00 AM GMT","Bob Bird","bob@example.org","Building A","Childcare","1","","Yes"`,
	`"2026/11/20 9:02:00 AM GMT","Carol Cruz","carol@example.org","Building B","Food and groceries","1","","Yes"`,
	`"2026/11/20 9:03:00 AM GMT","Dan Diaz","dan@example.org","Building B","","","Recreation","Yes"`,
	`"2026/11/20 9:04:00 AM GMT","Eve Ekland","eve@example.org","Building C","Food and groceries","1","","Yes"`,
}

// writeCSV writes a response export of reviewHead and lines.
func writeCSV(t *testing.T, dir, name string, lines ...string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(reviewHead+"\n"+strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// cycleAt runs one sync as if today were day.
func cycleAt(t *testing.T, s sheets.Store, csv string, day time.Time) *pod.Report {
	t.Helper()
	rep, err := (&pod.Cycle{Store: s, Source: ingest.File(csv), Now: day}).Run(context.Background())
	if err != nil {
		t.Fatalf("cycle: %v", err)
	}
	return rep
}

// edit writes cells as an organizer would.
func edit(t *testing.T, s sheets.Store, tab string, cells ...sheets.CellEdit) {
	t.Helper()
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: tab, Cells: cells}}}); err != nil {
		t.Fatal(err)
	}
}

// cell is the value of column col on row i (0-based data row) of tab.
func cell(t *testing.T, tab *sheets.Table, i int, col string) string {
	t.Helper()
	c := colOf(t, tab, col)
	if i < 0 || i >= len(tab.Rows) || c >= len(tab.Rows[i]) {
		return ""
	}
	return tab.Rows[i][c]
}

// memberID is the Member ID of the member named name.
func memberID(t *testing.T, s sheets.Store, name string) string {
	t.Helper()
	m := storetest.ReadTab(t, s, sheets.TabMembers)
	i, _ := find(t, m, "Name", name)
	return cell(t, m, i, sheets.ColMemberID)
}

// setActive sets a member's Active cell.
func setActive(t *testing.T, s sheets.Store, name, value string) {
	t.Helper()
	m := storetest.ReadTab(t, s, sheets.TabMembers)
	i, _ := find(t, m, "Name", name)
	edit(t, s, sheets.TabMembers, sheets.CellEdit{Row: i + 1, Col: colOf(t, m, sheets.ColActive), Value: value})
}

// appendRow types a row at the bottom of tab, by column name.
func appendRow(t *testing.T, s sheets.Store, tab string, rec map[string]string) int {
	t.Helper()
	tb := storetest.ReadTab(t, s, tab)
	row := len(storetest.Normalize(tb)) // first row after the data
	var cells []sheets.CellEdit
	for k, v := range rec {
		cells = append(cells, sheets.CellEdit{Row: row, Col: colOf(t, tb, k), Value: v})
	}
	edit(t, s, tab, cells...)
	return row + 1 // the sheet row organizers see
}

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

// rowWith returns the first Pairings row of round rd naming who (a Ref
// prefix) in a person column, or -1.
func rowWith(t *testing.T, p *sheets.Table, rd, who string) int {
	t.Helper()
	for i := range p.Rows {
		if cell(t, p, i, sheets.ColRound) != rd {
			continue
		}
		for _, c := range []string{"Person A", "Person B", "Person C"} {
			if v := cell(t, p, i, c); v != "" && strings.HasPrefix(v, who) {
				return i
			}
		}
	}
	return -1
}

// TestPairingsOrganizerColumnIsAnEdit (defect C): something typed in a
// column an organizer added to Pairings marks its round as theirs: it is
// not re-planned, so the note never ends up on someone else's row.
func TestPairingsOrganizerColumnIsAnEdit(t *testing.T) {
	s := storetest.NewMem()
	csv := writeCSV(t, t.TempDir(), "r.csv", reviewPod...)
	cycleAt(t, s, csv, now)
	p := storetest.ReadTab(t, s, sheets.TabPairings)
	venue := len(p.Header)
	i := rowWith(t, p, "1", "Eve Ekland")
	if i < 0 {
		t.Fatalf("Eve is in no group of round 1: %q", storetest.Normalize(p))
	}
	cells := []sheets.CellEdit{{Row: 0, Col: venue, Value: "Venue"}, {Row: i + 1, Col: venue, Value: "Eve's flat"},
		{Row: 0, Col: venue + 1, Value: "Reminded"}}
	// An unticked checkbox column (Google Sheets reads FALSE) on every
	// row is no edit: round 2 must still be re-planned below.
	for j := range p.Rows {
		cells = append(cells, sheets.CellEdit{Row: j + 1, Col: venue + 1, Value: "FALSE"})
	}
	edit(t, s, sheets.TabPairings, cells...)
	round1 := func(p *sheets.Table) [][]string {
		var out [][]string
		for j, r := range storetest.Normalize(p)[1:] {
			if cell(t, p, j, sheets.ColRound) == "1" {
				out = append(out, r)
			}
		}
		return out
	}
	before := round1(storetest.ReadTab(t, s, sheets.TabPairings))
	setActive(t, s, "Eve Ekland", "Paused")

	cycleAt(t, s, csv, now)
	p = storetest.ReadTab(t, s, sheets.TabPairings)
	if got := round1(p); !reflect.DeepEqual(got, before) {
		t.Errorf("round 1 was re-planned:\n%q\nwant\n%q", got, before)
	}
	j, _ := find(t, p, "Venue", "Eve's flat")
	if rowWith(t, p, "1", "Eve Ekland") != j {
		t.Errorf("\"Eve's flat\" is on a row without Eve: %q", p.Rows[j])
	}
	// Round 2 was nobody's edit: planned again without the paused Eve.
	if rowWith(t, p, "2", "Eve Ekland") >= 0 {
		t.Errorf("paused Eve is still in round 2: %q", storetest.Normalize(p))
	}
	if rep := cycleAt(t, s, csv, now); !rep.NothingChanged {
		t.Errorf("a second sync changed %d cells: %+v", rep.CellsWritten, rep.Plan.Tabs)
	}
}

// TestRenamedMemberKeepsRoundsLive (defect D): a member who changes their
// name does not freeze the future rounds they are in: what counts is the
// Member ID in "Name (M-…)". Future rounds nobody edited show the new name;
// past rounds are history and keep the old one.
func TestRenamedMemberKeepsRoundsLive(t *testing.T) {
	s := storetest.NewMem()
	dir := t.TempDir()
	csv := writeCSV(t, dir, "r.csv", reviewPod...)
	day := now.AddDate(0, 0, 7)
	cycleAt(t, s, csv, now)
	cycleAt(t, s, csv, day) // round 1 is past now; rounds 2 and 3 ahead
	alice := memberID(t, s, "Alice Ablee")
	old, renamed := "Alice Ablee ("+alice+")", "Alice Ames ("+alice+")"
	before := storetest.Normalize(storetest.ReadTab(t, s, sheets.TabPairings))

	csv2 := writeCSV(t, dir, "r2.csv", append(append([]string(nil), reviewPod...),
		`"2026/12/01 9:00:00 AM GMT","Alice Ames","alice@example.org","Building A","","","Childcare","Yes"`)...)
	cycleAt(t, s, csv2, day)
	p := storetest.ReadTab(t, s, sheets.TabPairings)
	after := storetest.Normalize(p)
	if len(after) != len(before) {
		t.Fatalf("Pairings went from %d to %d rows", len(before), len(after))
	}
	for i := 1; i < len(before); i++ {
		want := before[i]
		if before[i][0] != "1" { // future: the same groups, the new name
			want = make([]string, len(before[i]))
			for j, v := range before[i] {
				want[j] = strings.ReplaceAll(v, old, renamed)
			}
		}
		if !reflect.DeepEqual(after[i], want) {
			t.Errorf("Pairings row %d = %q, want %q", i+1, after[i], want)
		}
	}
	if rep := cycleAt(t, s, csv2, day); !rep.NothingChanged {
		t.Errorf("a second sync changed %d cells: %+v", rep.CellsWritten, rep.Plan.Tabs)
	}

	// Not frozen: pausing Eve re-plans the future rounds without her, and
	// round 1 stays as it was.
	setActive(t, s, "Eve Ekland", "Paused")
	cycleAt(t, s, csv2, day)
	p = storetest.ReadTab(t, s, sheets.TabPairings)
	for _, rd := range []string{"2", "3"} {
		if rowWith(t, p, rd, "Eve Ekland") >= 0 {
			t.Errorf("paused Eve is still in round %s: %q", rd, storetest.Normalize(p))
		}
	}
	got := storetest.Normalize(p)
	for i := 1; i < len(before) && before[i][0] == "1"; i++ {
		if !reflect.DeepEqual(got[i], before[i]) {
			t.Errorf("past row %d = %q, want %q", i+1, got[i], before[i])
		}
	}
}

// TestDoNotPairWarningsNameRows (defect E): each Do Not Pair row that does
// not do what it says gets its own warning with its row number: a side that
// matches nobody, one that matches two members, a blank side.
func TestDoNotPairWarningsNameRows(t *testing.T) {
	s := storetest.NewMem()
	pod := append(append([]string(nil), reviewPod...),
		`"2026/11/20 9:05:00 AM GMT","Sam Lee","sam1@example.org","Building A","","","","Yes"`,
		`"2026/11/20 9:06:00 AM GMT","Sam Lee","sam2@example.org","Building C","","","","Yes"`)
	csv := writeCSV(t, t.TempDir(), "r.csv", pod...)
	cycleAt(t, s, csv, now)
	nobody := appendRow(t, s, sheets.TabDoNotPair, map[string]string{"Person A": "Alicia Ablee", "Person B": "Bob Bird"})
	two := appendRow(t, s, sheets.TabDoNotPair, map[string]string{"Person A": "Carol Cruz", "Person B": "Sam Lee"})
	blank := appendRow(t, s, sheets.TabDoNotPair, map[string]string{"Person B": "Eve Ekland", "Reason": "moved"})
	fine := appendRow(t, s, sheets.TabDoNotPair, map[string]string{"Person A": "Carol Cruz", "Person B": "dan@example.org"})

	rep := cycleAt(t, s, csv, now)
	want := map[int]string{
		nobody: `Person A "Alicia Ablee" matches no member`,
		two:    `Person B "Sam Lee" matches 2 members`,
		blank:  `Person A is blank`,
	}
	for row, text := range want {
		at := `tab "Do Not Pair", row ` + strconv.Itoa(row) + ": "
		n := 0
		for _, w := range rep.Warnings {
			if strings.HasPrefix(w, at) {
				n++
				if !strings.Contains(w, text) {
					t.Errorf("row %d: warning %q lacks %q", row, w, text)
				}
			}
		}
		if n != 1 {
			t.Errorf("row %d: %d warnings, want 1: %q", row, n, rep.Warnings)
		}
	}
	for _, w := range rep.Warnings {
		if strings.Contains(w, "row "+strconv.Itoa(fine)+":") {
			t.Errorf("a rule naming two members is warned about: %q", w)
		}
		if strings.Contains(w, "name nobody") {
			t.Errorf("the old uncounted warning is still there: %q", w)
		}
	}
	// The ambiguous rule keeps Carol away from both Sams.
	carol := memberID(t, s, "Carol Cruz")
	p := storetest.ReadTab(t, s, sheets.TabPairings)
	for i := range p.Rows {
		var people []string
		for _, c := range []string{"Person A", "Person B", "Person C"} {
			people = append(people, cell(t, p, i, c))
		}
		joined := strings.Join(people, "|")
		if strings.Contains(joined, carol) && strings.Contains(joined, "Sam Lee") {
			t.Errorf("Carol is grouped with a Sam Lee: %q", people)
		}
	}
}

// TestDuplicateSettingsRefused (defect F): a zone listed twice in Zone
// order, or a setting given in two rows, stops the sync with an error
// naming the Settings rows, before anything is written.
func TestDuplicateSettingsRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, s sheets.Store) []string // what the error must say
	}{
		{"zone listed twice", func(t *testing.T, s sheets.Store) []string {
			st := storetest.ReadTab(t, s, sheets.TabSettings)
			i, _ := find(t, st, sheets.ColSetting, "Zone order")
			edit(t, s, sheets.TabSettings, sheets.CellEdit{Row: i + 1, Col: colOf(t, st, sheets.ColValue),
				Value: "Building A, Building B, Building C, building  a"})
			return []string{`tab "Settings"`, "row " + strconv.Itoa(i+2), `column "Value"`, `"building  a" is listed twice`}
		}},
		{"setting in two rows", func(t *testing.T, s sheets.Store) []string {
			st := storetest.ReadTab(t, s, sheets.TabSettings)
			i, _ := find(t, st, sheets.ColSetting, "Rounds ahead")
			row := appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: "rounds  ahead", sheets.ColValue: "4"})
			return []string{`tab "Settings"`, "row " + strconv.Itoa(row), `column "Setting"`,
				"row " + strconv.Itoa(i+2) + " and row " + strconv.Itoa(row), "delete row " + strconv.Itoa(i+2) + " or row " + strconv.Itoa(row)}
		}},
		{"header mapped twice", func(t *testing.T, s sheets.Store) []string {
			a := appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: "Header: name", sheets.ColValue: "Your name"})
			b := appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: "header:Name", sheets.ColValue: "Name"})
			return []string{`tab "Settings"`, "row " + strconv.Itoa(a) + " and row " + strconv.Itoa(b)}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := storetest.NewMem()
			csv := writeCSV(t, t.TempDir(), "r.csv", reviewPod...)
			cycleAt(t, s, csv, now)
			want := tc.setup(t, s)
			before := snapshot(t, s)
			_, err := (&pod.Cycle{Store: s, Source: ingest.File(csv), Now: now}).Run(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
			if !reflect.DeepEqual(before, snapshot(t, s)) {
				t.Error("the pod changed")
			}
		})
	}
}

// TestUnknownActiveRefused (defect G): an Active value that is none of
// Yes, Paused or Left stops the sync with an error naming the Members row
// and column, instead of silently meaning Yes; case and spaces are fine.
func TestUnknownActiveRefused(t *testing.T) {
	for _, tc := range []struct {
		value string
		ok    bool
	}{
		{"Paused until Jan", false},
		{"Lft", false},
		{"  paused ", true},
		{"LEFT", true},
		{"yes", true},
	} {
		t.Run(tc.value, func(t *testing.T) {
			s := storetest.NewMem()
			csv := writeCSV(t, t.TempDir(), "r.csv", reviewPod...)
			cycleAt(t, s, csv, now)
			setActive(t, s, "Bob Bird", tc.value)
			m := storetest.ReadTab(t, s, sheets.TabMembers)
			i, _ := find(t, m, "Name", "Bob Bird")
			before := snapshot(t, s)
			_, err := (&pod.Cycle{Store: s, Source: ingest.File(csv), Now: now}).Run(context.Background())
			if tc.ok {
				if err != nil {
					t.Fatalf("Active %q refused: %v", tc.value, err)
				}
				if tc.value != "yes" {
					mt := storetest.ReadTab(t, s, sheets.TabMatches)
					for j := range mt.Rows {
						if strings.HasPrefix(cell(t, mt, j, "Helper"), "Bob Bird") {
							t.Errorf("Bob, %q, is still a helper: %q", tc.value, mt.Rows[j])
						}
					}
				}
				return
			}
			if err == nil {
				t.Fatalf("Active %q accepted", tc.value)
			}
			for _, w := range []string{`tab "Members"`, "row " + strconv.Itoa(i+2), `column "Active"`, strconv.Quote(tc.value), "Yes, Paused or Left", "blank means Yes"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %s: %v", w, err)
				}
			}
			if !reflect.DeepEqual(before, snapshot(t, s)) {
				t.Error("the pod changed")
			}
		})
	}
}
