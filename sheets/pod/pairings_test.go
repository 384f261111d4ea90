package pod_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// TestWeeklyPairings syncs the sample pod once a week for ten weeks, with
// organizers marking each past round Met (and one pair Skipped), and checks
// that past rounds are never rewritten, every pairing member is in exactly
// one group of every planned round, and no pair meets twice while others
// have not met.
func TestWeeklyPairings(t *testing.T) {
	s := storetest.NewMem()
	day := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	var past [][]string
	met := map[string]int{}
	for week := 0; week < 10; week++ {
		rep, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: day}).Run(context.Background())
		if err != nil {
			t.Fatalf("week %d: %v", week, err)
		}
		if rep.RoundsPlanned != 2 {
			t.Errorf("week %d: %d rounds ahead, want 2", week, rep.RoundsPlanned)
		}
		tab := storetest.ReadTab(t, s, sheets.TabPairings)
		rows := storetest.Normalize(tab)[1:]
		if len(past) > len(rows) || (len(past) > 0 && !reflect.DeepEqual(rows[:len(past)], past)) {
			t.Fatalf("week %d: past rounds were rewritten", week)
		}
		// Every round: 17 pairing members, 7 pairs and a trio.
		rounds := map[string][]string{}
		for _, r := range rows {
			rounds[r[0]] = append(rounds[r[0]], r[2], r[3], r[4])
		}
		for rd, people := range rounds {
			seen := map[string]bool{}
			n := 0
			for _, p := range people {
				if p == "" {
					continue
				}
				if seen[p] {
					t.Fatalf("week %d round %s: %s is in two groups", week, rd, p)
				}
				seen[p] = true
				n++
			}
			if n != 17 {
				t.Errorf("week %d round %s: %d people, want 17", week, rd, n)
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
						if met[k] > 1 && week < 8 {
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
