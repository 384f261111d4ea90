package pod_test

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/matching/rotation"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// TestWeeklyPairings syncs the sample pod once a week for ten weeks, with
// organizers marking each past round Met, and checks that past rounds are
// never rewritten, every pairing member is in exactly one group of every
// round their Check-in asks for (all start in round 1) and in none of the
// others, and no pair meets three times.
func TestWeeklyPairings(t *testing.T) {
	s := storetest.NewMem()
	day := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	var past [][]string
	met := map[string]int{}
	every := map[string]int{} // person cell -> rounds apart
	for week := 0; week < 10; week++ {
		rep, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: day}).Run(context.Background())
		if err != nil {
			t.Fatalf("week %d: %v", week, err)
		}
		if rep.RoundsPlanned != 2 {
			t.Errorf("week %d: %d rounds ahead, want 2", week, rep.RoundsPlanned)
		}
		if week == 0 {
			m := storetest.ReadTab(t, s, sheets.TabMembers)
			for i := range m.Rows {
				if cell(t, m, i, sheets.ColPairing) == "Yes" {
					every[cell(t, m, i, sheets.ColName)+" ("+cell(t, m, i, sheets.ColMemberID)+")"] = rotation.EveryRounds(cell(t, m, i, sheets.ColCheckIn), 7)
				}
			}
			if len(every) != 17 {
				t.Fatalf("%d members want 1-on-1s, want 17", len(every))
			}
		}
		tab := storetest.ReadTab(t, s, sheets.TabPairings)
		rows := storetest.Normalize(tab)[1:]
		if len(past) > len(rows) || (len(past) > 0 && !reflect.DeepEqual(rows[:len(past)], past)) {
			t.Fatalf("week %d: past rounds were rewritten", week)
		}
		// Every round: the members it is due for, each once.
		rounds := map[string][]string{}
		for _, r := range rows {
			rounds[r[0]] = append(rounds[r[0]], r[2], r[3], r[4])
		}
		for rd, people := range rounds {
			seen := map[string]bool{}
			for _, p := range people {
				if p == "" {
					continue
				}
				if seen[p] {
					t.Fatalf("week %d round %s: %s is in two groups", week, rd, p)
				}
				seen[p] = true
			}
			n, _ := strconv.Atoi(rd)
			for p, e := range every {
				if due := (n-1)%e == 0; due != seen[p] {
					t.Errorf("week %d round %s: %s (every %d rounds) grouped %v, due %v", week, rd, p, e, seen[p], due)
				}
			}
		}
		// The organizer marks the coming round Met, as if it happened.
		c := colOf(t, tab, "Status")
		var cells []sheets.CellEdit
		first := rows[len(past)][0]
		for i := len(past); i < len(rows) && rows[i][0] == first; i++ {
			cells = append(cells, sheets.CellEdit{Row: i + 1, Col: c, Value: "Met"})
			people := []string{rows[i][2], rows[i][3], rows[i][4]}
			for a := 0; a < 3; a++ {
				for b := a + 1; b < 3; b++ {
					if people[a] != "" && people[b] != "" {
						k := people[a] + "|" + people[b]
						if people[b] < people[a] {
							k = people[b] + "|" + people[a]
						}
						met[k]++
						if met[k] > 2 {
							t.Errorf("week %d: %s meet again", week, strings.ReplaceAll(k, "|", " and "))
						}
					}
				}
			}
		}
		if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabPairings, Cells: cells}}}); err != nil {
			t.Fatal(err)
		}
		day = day.AddDate(0, 0, 7)
		tab = storetest.ReadTab(t, s, sheets.TabPairings)
		past = nil
		for _, r := range storetest.Normalize(tab)[1:] {
			if r[5] == "Met" {
				past = append(past, r)
			}
		}
	}
}

// TestPairingsOrganizerColumnIsAnEdit (defect C): something typed in a
// column an organizer added to Pairings marks its round as theirs: it is
// repaired, never re-planned, so the note stays with its group: when Eve is
// paused, her row keeps the note and her partner, and the other row keeps
// its people (but one, whom a pair needs).
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
	got := round1(p)
	if len(got) != len(before) {
		t.Fatalf("round 1 went from %d to %d rows:\n%q\n%q", len(before), len(got), before, got)
	}
	j, _ := find(t, p, "Venue", "Eve's flat")
	if j != i || rowWith(t, p, "1", "Eve Ekland") >= 0 {
		t.Errorf("\"Eve's flat\" moved, or paused Eve is still in round 1: %q", storetest.Normalize(p))
	}
	for k, row := range before {
		kept := 0
		for _, c := range []int{2, 3, 4} {
			if v := row[c]; v != "" && !strings.HasPrefix(v, "Eve Ekland") && slices.Contains(got[k][2:5], v) {
				kept++
			}
		}
		if hadEve := slices.ContainsFunc(row[2:5], func(v string) bool { return strings.HasPrefix(v, "Eve Ekland") }); kept < 1 || (!hadEve && kept < 2) {
			t.Errorf("round 1 row %d was re-planned: %q -> %q", k+1, row, got[k])
		}
		if !reflect.DeepEqual(row[5:], got[k][5:]) {
			t.Errorf("round 1 row %d: organizer cells moved: %q -> %q", k+1, row, got[k])
		}
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

// TestPairingsPauseRepairsOneGroup: pausing a member during the round
// under way rewrites only their group's row and the row their partner
// joins; every other row of the round, a noted one included, stays byte
// for byte, and a second sync changes nothing.
func TestPairingsPauseRepairsOneGroup(t *testing.T) {
	s := storetest.NewMem()
	cycleAt(t, s, sample, now)
	p := storetest.ReadTab(t, s, sheets.TabPairings)
	var r1 []int
	for i := range p.Rows {
		if cell(t, p, i, sheets.ColRound) == "1" {
			r1 = append(r1, i)
		}
	}
	noted, pausedRow := r1[0], r1[len(r1)-1]
	edit(t, s, sheets.TabPairings, sheets.CellEdit{Row: noted + 1, Col: colOf(t, p, sheets.ColNotes), Value: "by phone"})
	who := cell(t, p, pausedRow, sheets.ColPersonA)
	setActive(t, s, who[:strings.Index(who, " (")], "Paused")
	before := storetest.Normalize(storetest.ReadTab(t, s, sheets.TabPairings))

	cycleAt(t, s, sample, now.AddDate(0, 0, 2))
	after := storetest.Normalize(storetest.ReadTab(t, s, sheets.TabPairings))
	changed := 0
	for _, i := range r1 {
		if !reflect.DeepEqual(before[i+1], after[i+1]) {
			changed++
			if i == noted {
				t.Errorf("the noted row changed: %q -> %q", before[i+1], after[i+1])
			}
			if !reflect.DeepEqual(before[i+1][5:], after[i+1][5:]) {
				t.Errorf("organizer cells changed: %q -> %q", before[i+1], after[i+1])
			}
		}
	}
	if changed < 1 || changed > 2 {
		t.Errorf("%d rows of round 1 changed, want the paused member's and at most the one their partner joins:\n%q\n%q", changed, before, after)
	}
	for _, row := range after[1:] {
		if row[0] == "1" && slices.Contains(row[2:5], who) {
			t.Errorf("paused %s still in round 1: %q", who, row)
		}
	}
	if rep := cycleAt(t, s, sample, now.AddDate(0, 0, 2)); !rep.NothingChanged {
		t.Errorf("a second sync changed %d cells", rep.CellsWritten)
	}
}
