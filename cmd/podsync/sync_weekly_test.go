package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/matching/rotation"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
)

// TestWeeklySyncsThroughCommandLine runs `podsync sync` once a week for
// ten weeks on a local workbook, with --now advancing, while organizers do
// what they do between syncs: mark last week's round Met (one pair
// Skipped), pause a member, add a Do Not Pair rule, and a newcomer answers
// the form. It checks the rotation rules on the workbook itself: past
// rounds never rewritten, every eligible member in exactly one group of
// every planned round, the paused member out, the Do Not Pair pair never
// grouped, the newcomer in, and no pair meeting twice while others have not
// met.
func TestWeeklySyncsThroughCommandLine(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "pod.xlsx")
	csv := filepath.Join(dir, "responses.csv")
	sampleCSV, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(csv, sampleCSV, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	day := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	var past [][]string // rows of rounds already held, as first seen
	met := map[[2]string]int{}
	var paused, dnpA, dnpB, newcomer string
	for week := 0; week < 10; week++ {
		code, out, errs := runCLI(t, "sync", "--workbook", wb, "--responses", csv, "--now", day.Format("2006-01-02"))
		if code != 0 {
			t.Fatalf("week %d: exit %d\n%s%s", week, code, out, errs)
		}
		s, err := xlsx.Open(wb)
		if err != nil {
			t.Fatal(err)
		}
		eligible := map[string]bool{}
		members := storetest.ReadTab(t, s, sheets.TabMembers)
		mrows := storetest.Normalize(members)
		col := func(tab [][]string, name string) int {
			for i, h := range tab[0] {
				if h == name {
					return i
				}
			}
			t.Fatalf("no column %q in %q", name, tab[0])
			return -1
		}
		idC, nameC, pairC, actC := col(mrows, "Member ID"), col(mrows, "Name"), col(mrows, "Pairing"), col(mrows, "Active")
		weekly := map[string]bool{} // eligible and due every round
		for _, r := range mrows[1:] {
			if r[pairC] == "Yes" && (r[actC] == "Yes" || r[actC] == "") {
				eligible[r[nameC]+" ("+r[idC]+")"] = true
				weekly[r[nameC]+" ("+r[idC]+")"] = rotation.EveryRounds(r[col(mrows, "Check-in")], 7) == 1
			}
		}

		tab := storetest.ReadTab(t, s, sheets.TabPairings)
		rows := storetest.Normalize(tab)
		statusC := col(rows, "Status")
		rows = rows[1:]
		if len(past) > len(rows) || (len(past) > 0 && !reflect.DeepEqual(rows[:len(past)], past)) {
			t.Fatalf("week %d: past rounds were rewritten", week)
		}
		rounds := map[string]map[string]bool{}
		for _, r := range rows[len(past):] {
			if rounds[r[0]] == nil {
				rounds[r[0]] = map[string]bool{}
			}
			group := []string{}
			for _, p := range r[2:5] {
				if p == "" {
					continue
				}
				if rounds[r[0]][p] {
					t.Fatalf("week %d round %s: %s in two groups", week, r[0], p)
				}
				rounds[r[0]][p] = true
				group = append(group, p)
				if p == paused {
					t.Errorf("week %d round %s: paused %s is planned", week, r[0], p)
				}
			}
			if strings.Contains(strings.Join(group, "|"), dnpA) && dnpA != "" && strings.Contains(strings.Join(group, "|"), dnpB) {
				t.Errorf("week %d round %s: Do Not Pair pair grouped: %q", week, r[0], group)
			}
			if len(group) == 0 {
				// A repaired round keeps the row of a group that went,
				// with its person cells blank, so that the rows below keep
				// their Status and Notes.
				continue
			}
			if len(group) < 2 || len(group) > 3 {
				t.Errorf("week %d round %s: group %q", week, r[0], group)
			}
		}
		t.Logf("week %d (%s): %d eligible, %d past rows, paused %q, newcomer %q", week, day.Format("Jan 2"), len(eligible), len(past), paused, newcomer)
		if len(rounds) != 2 {
			t.Errorf("week %d: %d future rounds, want 2", week, len(rounds))
		}
		// Every round groups eligible members only, and every Weekly one
		// (the others, in the rounds their Check-in asks for).
		for rd, people := range rounds {
			for p := range people {
				if !eligible[p] {
					t.Errorf("week %d round %s: %s planned, not eligible", week, rd, p)
				}
			}
			for p, w := range weekly {
				if w && !people[p] {
					t.Errorf("week %d round %s: Weekly %s not planned", week, rd, p)
				}
			}
		}
		if week > 5 {
			for p := range eligible {
				if strings.HasPrefix(p, "Wren Castillo (") {
					newcomer = p
				}
			}
			if newcomer == "" {
				t.Fatalf("week %d: the newcomer is not on Members as eligible", week)
			}
		}
		if newcomer != "" && !rounds[rows[len(past)][0]][newcomer] {
			t.Errorf("week %d: newcomer %s not in the next round", week, newcomer)
		}

		// The organizers' week: the coming round happens (one pair skips).
		var cells []sheets.CellEdit
		first := rows[len(past)][0]
		for i := len(past); i < len(rows) && rows[i][0] == first; i++ {
			status := "Met"
			if i == len(past) && week == 2 {
				status = "Skipped"
			}
			cells = append(cells, sheets.CellEdit{Row: i + 1, Col: statusC, Value: status})
			if status == "Skipped" {
				continue
			}
			g := rows[i][2:5]
			for a := 0; a < 3; a++ {
				for b := a + 1; b < 3; b++ {
					if g[a] != "" && g[b] != "" {
						k := [2]string{min(g[a], g[b]), max(g[a], g[b])}
						met[k]++
						// Rounds of only the Weekly few repeat pairs sooner;
						// the rotation benchmark measures repeats against
						// the bound. Here: never a fourth time.
						if met[k] > 3 {
							t.Errorf("week %d: %s and %s meet a fourth time", week, k[0], k[1])
						}
					}
				}
			}
		}
		plan := &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabPairings, Cells: cells}}}
		switch week {
		case 3: // someone pauses
			r := mrows[2]
			paused = r[nameC] + " (" + r[idC] + ")"
			plan.Tabs = append(plan.Tabs, sheets.TabEdit{Tab: sheets.TabMembers, Cells: []sheets.CellEdit{{Row: 2, Col: actC, Value: "Paused"}}})
		case 4: // two neighbors must not be paired
			var two []string
			for p := range eligible {
				two = append(two, p)
			}
			sortStrings(two)
			dnpA, dnpB = two[0], two[1]
			idOf := func(p string) string { return p[strings.LastIndex(p, "(")+1 : len(p)-1] }
			plan.Tabs = append(plan.Tabs, sheets.TabEdit{Tab: sheets.TabDoNotPair, Cells: []sheets.CellEdit{
				{Row: 1, Col: 0, Value: idOf(dnpA)}, {Row: 1, Col: 1, Value: idOf(dnpB)}, {Row: 1, Col: 2, Value: "family"}}})
		case 5: // a newcomer answers the form
			line := fmt.Sprintf("\n\"%s\",\"Wren Castillo\",\"wren.castillo@example.org\",\"555-0199\",\"Text\",\"Building B\",\"English\",\"chess\",\"Weekly\",\"Tech assistance\",\"\",\"1\",\"Childcare\",\"\",\"Yes\",\"My name\"",
				day.AddDate(0, 0, 2).Format("2006/01/02")+" 10:00:00 AM GMT-5")
			f, err := os.OpenFile(csv, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteString(line); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
		if err := s.Apply(ctx, plan); err != nil {
			t.Fatal(err)
		}
		day = day.AddDate(0, 0, 7)
		past = nil
		for _, r := range storetest.Normalize(storetest.ReadTab(t, s, sheets.TabPairings))[1:] {
			if r[statusC] == "Met" || r[statusC] == "Skipped" {
				past = append(past, r)
			}
		}
	}
	if newcomer == "" {
		t.Error("the newcomer never joined the rounds")
	}
}

func sortStrings(xs []string) {
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			if xs[j] < xs[i] {
				xs[i], xs[j] = xs[j], xs[i]
			}
		}
	}
}
