package pod_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
)

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
