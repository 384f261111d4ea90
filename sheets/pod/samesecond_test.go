package pod_test

import (
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
)

// TestSameSecondNewestWins: two responses of one person in the same second
// (a downloaded CSV's times are to the second) are in the order the export
// lists them, which is the order Google received them: the later row is
// the newer and its consent wins, the more private one or not; repeated
// syncs keep it. Once the source no longer carries them (an export of
// other responses only), which came last cannot be told, and the more
// private consent wins.
func TestSameSecondNewestWins(t *testing.T) {
	bo := answer{day: "11/03", name: "Bo Bell", email: "bo@example.org", share: "My name"}
	cy := answer{day: "11/03", name: "Cy Cole", email: "cy@example.org", share: "My name"}
	wide := answer{day: "11/02", name: "Ana Ruiz", email: "ana@example.org", phone: "555-0101", share: "My name;My phone number"}
	narrow := answer{day: "11/02", name: "Ana Ruiz", email: "ana@example.org", phone: "555-0101", share: "My name"}
	for _, c := range []struct {
		name       string
		order      []answer
		share      string
		phoneShown bool
	}{
		{"the later withdraws the phone", []answer{wide, narrow, bo, cy}, "My name", false},
		{"the later adds the phone", []answer{narrow, wide, bo, cy}, "My name, My phone number", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			s := storetest.NewMem()
			csvPath := writeAnswers(t, dir, "answers.csv", c.order)
			runCycle(t, s, csvPath)
			check := func(share string, phoneShown bool) {
				t.Helper()
				m := storetest.ReadTab(t, s, sheets.TabMembers)
				if i, _ := find(t, m, sheets.ColName, "Ana Ruiz"); cell(t, m, i, sheets.ColShare) != share {
					t.Errorf("Share = %q, want %q", cell(t, m, i, sheets.ColShare), share)
				}
				d := storetest.ReadTab(t, s, sheets.TabDirectory)
				if i, _ := find(t, d, sheets.ColName, "Ana Ruiz"); (cell(t, d, i, sheets.ColPhone) != "") != phoneShown {
					t.Errorf("Directory phone %q, want shown %v", cell(t, d, i, sheets.ColPhone), phoneShown)
				}
			}
			check(c.share, c.phoneShown)
			if rep := runCycle(t, s, csvPath); !rep.NothingChanged {
				t.Errorf("the same export again wrote %d cells", rep.CellsWritten)
			}
			check(c.share, c.phoneShown)
			// An export without Ana's responses: both are only on the tab.
			runCycle(t, s, writeAnswers(t, dir, "others.csv", []answer{bo, cy}))
			check("My name", false)
		})
	}
}
