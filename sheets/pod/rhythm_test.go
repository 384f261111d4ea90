package pod_test

import (
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
)

// isHelperIn reports whether name helps on any row of the Matches tab.
func isHelperIn(t *testing.T, s sheets.Store, name string) bool {
	t.Helper()
	mt := storetest.ReadTab(t, s, sheets.TabMatches)
	for j := range mt.Rows {
		if strings.HasPrefix(cell(t, mt, j, sheets.ColHelper), name) {
			return true
		}
	}
	return false
}

// isPaired reports whether name is in any Pairings group dated day or later.
func isPaired(t *testing.T, s sheets.Store, name string, day time.Time) bool {
	t.Helper()
	pt := storetest.ReadTab(t, s, sheets.TabPairings)
	for j := range pt.Rows {
		week, err := time.Parse("2006-01-02", cell(t, pt, j, sheets.ColWeekOf))
		if err != nil || week.Before(day) {
			continue
		}
		for _, col := range []string{sheets.ColPersonA, sheets.ColPersonB, sheets.ColPersonC} {
			if strings.HasPrefix(cell(t, pt, j, col), name) {
				return true
			}
		}
	}
	return false
}

// TestPausedUntil: "Paused until 2026-12-10" takes Bob out of matching and
// of the coming rounds until that day, and he is back on it with no one
// touching the cell; podsync never writes Active.
func TestPausedUntil(t *testing.T) {
	s := storetest.NewMem()
	csv := writeCSV(t, t.TempDir(), "r.csv", reviewPod...)
	day := func(v string) time.Time { d, _ := time.Parse("2006-01-02", v); return d }
	cycleAt(t, s, csv, day("2026-11-23"))
	if !isHelperIn(t, s, "Bob Bird") {
		t.Fatal("Bob is not helping before his pause")
	}
	setActive(t, s, "Bob Bird", "Paused until 2026-12-10")
	for _, tc := range []struct {
		day    string
		active bool
	}{
		{"2026-11-30", false},
		{"2026-12-09", false},
		{"2026-12-10", true},
		{"2026-12-21", true},
	} {
		cycleAt(t, s, csv, day(tc.day))
		if got := isHelperIn(t, s, "Bob Bird"); got != tc.active {
			t.Errorf("%s: Bob helping = %v, want %v", tc.day, got, tc.active)
		}
		if got := isPaired(t, s, "Bob Bird", day(tc.day)); got != tc.active {
			t.Errorf("%s: Bob in a coming round = %v, want %v", tc.day, got, tc.active)
		}
		m := storetest.ReadTab(t, s, sheets.TabMembers)
		i, _ := find(t, m, sheets.ColName, "Bob Bird")
		if got := cell(t, m, i, sheets.ColActive); got != "Paused until 2026-12-10" {
			t.Errorf("%s: Active rewritten to %q", tc.day, got)
		}
	}
}

// TestNudgeColumn: a Proposed match open longer than Nudge after (days) says
// so in Nudge; a fresh one has Nudge blank.
func TestNudgeColumn(t *testing.T) {
	s := storetest.NewMem()
	csv := writeCSV(t, t.TempDir(), "r.csv", reviewPod...)
	day := func(v string) time.Time { d, _ := time.Parse("2006-01-02", v); return d }
	cycleAt(t, s, csv, day("2026-11-23"))
	nudges := func() map[string]string {
		mt := storetest.ReadTab(t, s, sheets.TabMatches)
		out := map[string]string{}
		for j := range mt.Rows {
			out[cell(t, mt, j, sheets.ColMember)] = cell(t, mt, j, sheets.ColNudge)
		}
		return out
	}
	for who, n := range nudges() {
		if n != "" {
			t.Errorf("fresh match for %s nudged: %q", who, n)
		}
	}
	cycleAt(t, s, csv, day("2026-11-30"))
	for who, n := range nudges() {
		if n != "" {
			t.Errorf("7-day-old match for %s nudged: %q", who, n)
		}
	}
	cycleAt(t, s, csv, day("2026-12-05"))
	got := nudges()
	if len(got) == 0 {
		t.Fatal("no matches")
	}
	for who, n := range got {
		if n != "open 12 days: check with the helper" {
			t.Errorf("12-day-old match for %s: Nudge %q", who, n)
		}
	}
}
