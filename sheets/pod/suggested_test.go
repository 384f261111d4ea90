package pod_test

import (
	"cmp"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
)

// zonedPod is a response export of count[i] neighbors in zones[i], each
// named "<zone> <n>", and a map from name to zone.
func zonedPod(t *testing.T, zones []string, count []int) (string, map[string]string) {
	t.Helper()
	var lines []string
	zoneOf := map[string]string{}
	k := 0
	for i, z := range zones {
		for j := 1; j <= count[i]; j++ {
			k++
			name := fmt.Sprintf("%s %02d", cmp.Or(z, "Nowhere"), j)
			zoneOf[name] = z
			lines = append(lines, fmt.Sprintf(`"2026/11/20 %d:%02d:%02d AM GMT","%s","n%04d@example.org","%s","","","","Yes"`, 1+k/3600, k/60%60, k%60, name, k, z))
		}
	}
	return writeCSV(t, t.TempDir(), "r.csv", lines...), zoneOf
}

// setSetting types a Settings value, adding the row when it is not there.
func setSetting(t *testing.T, s sheets.Store, key, value string) {
	t.Helper()
	st := storetest.ReadTab(t, s, sheets.TabSettings)
	for i := range st.Rows {
		if cell(t, st, i, sheets.ColSetting) == key {
			edit(t, s, sheets.TabSettings, sheets.CellEdit{Row: i + 1, Col: colOf(t, st, sheets.ColValue), Value: value})
			return
		}
	}
	appendRow(t, s, sheets.TabSettings, map[string]string{sheets.ColSetting: key, sheets.ColValue: value})
}

var refName = regexp.MustCompile(`^(.*) \(M-[0-9a-f]{10}\)$`)

// suggested reads the Suggested groups tab as (Group, Zones, Members, the
// names in Who, Why) rows, nil when the tab is not there.
func suggested(t *testing.T, s sheets.Store) [][5]string {
	t.Helper()
	_, tab := tabText(t, s, sheets.TabSuggested)
	if tab == nil {
		return nil
	}
	if want := []string{"Group", "Zones", "Members", "Who", "Why"}; !reflect.DeepEqual(tab.Header, want) {
		t.Errorf("header %q, want %q", tab.Header, want)
	}
	var out [][5]string
	for i := range tab.Rows {
		var names []string
		for _, ref := range strings.Split(cell(t, tab, i, sheets.ColWho), ", ") {
			m := refName.FindStringSubmatch(ref)
			if m == nil {
				t.Fatalf("Who names %q, not as the Members tab's people are named elsewhere", ref)
			}
			names = append(names, m[1])
		}
		out = append(out, [5]string{cell(t, tab, i, sheets.ColGroup), cell(t, tab, i, sheets.ColZones),
			cell(t, tab, i, sheets.ColGroupMembers), strings.Join(names, ", "), cell(t, tab, i, sheets.ColWhy)})
	}
	return out
}

func hasHint(ws []string) bool {
	for _, w := range ws {
		if strings.Contains(w, `"Split above"`) && strings.Contains(w, sheets.TabSuggested) {
			return true
		}
	}
	return false
}

// TestSuggestedGroups: a 45-member pod in five zones gets two groups of at
// most 30 that keep each zone whole, in the Settings' Zone order, as even
// as zones allow (22 and 23), with the reason in plain words, and the same
// groups on every sync; the sync's warnings carry a one-line hint. When
// members leave and 30 are active, the tab is removed.
func TestSuggestedGroups(t *testing.T) {
	zones := []string{"Building A", "Building B", "Building C", "Corner houses", "Garden Row"}
	csv, zoneOf := zonedPod(t, zones, []int{12, 11, 10, 7, 5})
	s := storetest.NewMem()
	putTab(t, s, sheets.TabSettings, true, [][]string{{"Setting", "Value"}, {"Zone order", "Garden Row, Corner houses, Building C, Building B, Building A"}})
	rep := runCycle(t, s, csv)
	if !hasHint(rep.Warnings) {
		t.Errorf("no hint among the warnings: %q", rep.Warnings)
	}
	got := suggested(t, s)
	if len(got) != 2 {
		t.Fatalf("groups %q", got)
	}
	want := [][3]string{
		{"Group 1", "Garden Row, Corner houses, Building C", "22"},
		{"Group 2", "Building B, Building A", "23"},
	}
	seen := map[string]bool{}
	for i, g := range got {
		if [3]string{g[0], g[1], g[2]} != want[i] {
			t.Errorf("row %d: %q, want %q", i+1, g[:3], want[i])
		}
		inGroup := map[string]bool{}
		for _, z := range strings.Split(g[1], ", ") {
			inGroup[z] = true
		}
		names := strings.Split(g[3], ", ")
		if fmt.Sprint(len(names)) != g[2] {
			t.Errorf("%s: Members %s but Who names %d", g[0], g[2], len(names))
		}
		for _, n := range names {
			if !inGroup[zoneOf[n]] || seen[n] {
				t.Errorf("%s: %s (zone %s) misplaced or named twice", g[0], n, zoneOf[n])
			}
			seen[n] = true
		}
	}
	if len(seen) != 45 {
		t.Errorf("%d members placed, want 45", len(seen))
	}
	const reason = "45 active members is more than Split above (30): the toolkit suggests pods of 5–30."
	if w := reason + " This group keeps Garden Row, Corner houses and Building C whole."; got[0][4] != w {
		t.Errorf("Why %q\nwant %q", got[0][4], w)
	}
	if !strings.HasPrefix(got[1][3], "Building B 01, Building B 02") {
		t.Errorf("Who %q: not in zone order, then by name", got[1][3])
	}

	// The same pod again: the same tab, nothing rewritten.
	before := snapshot(t, s)
	if rep := runCycle(t, s, csv); rep.NothingChanged != true {
		t.Errorf("a second sync rewrote %q", rep.Plan.SortedTabs())
	}
	if after := snapshot(t, s); !reflect.DeepEqual(after, before) {
		t.Error("a second sync changed the pod")
	}

	// 15 leave: 30 active, not more than Split above.
	for i := 1; i <= 12; i++ {
		setActive(t, s, fmt.Sprintf("Building A %02d", i), "Left")
	}
	for i := 1; i <= 3; i++ {
		setActive(t, s, fmt.Sprintf("Building B %02d", i), "Paused")
	}
	rep = runCycle(t, s, csv)
	if got := suggested(t, s); got != nil {
		t.Errorf("30 active members: tab still there: %q", got)
	}
	if hasHint(rep.Warnings) {
		t.Errorf("30 active members: hint %q", rep.Warnings)
	}
	if slices.Contains(s.Tabs(), sheets.TabSuggested) {
		t.Errorf("tabs %q", s.Tabs())
	}
	// And back over: the tab comes back.
	setActive(t, s, "Building B 01", "Yes")
	runCycle(t, s, csv)
	if got := suggested(t, s); len(got) != 2 || got[0][2] != "12" || got[1][2] != "19" {
		t.Errorf("31 active members: %q", got)
	}
}

// TestSuggestedGroupsAdviceOnly: the suggestion changes no other tab: a pod
// over Split above holds exactly what the same pod under it holds, but for
// the Settings row and the Suggested groups tab.
func TestSuggestedGroupsAdviceOnly(t *testing.T) {
	csv, _ := zonedPod(t, []string{"Building A", "Building B", "Building C"}, []int{14, 13, 12})
	pods := map[string]map[string][][]string{}
	for _, limit := range []string{"30", "100"} {
		s := storetest.NewMem()
		putTab(t, s, sheets.TabSettings, true, [][]string{{"Setting", "Value"}, {"Split above", limit}})
		runCycle(t, s, csv)
		pods[limit] = snapshot(t, s)
		delete(pods[limit], sheets.TabSettings)
	}
	if pods["30"][sheets.TabSuggested] == nil || pods["100"][sheets.TabSuggested] != nil {
		t.Fatalf("Suggested groups: %v (30), %v (100)", pods["30"][sheets.TabSuggested], pods["100"][sheets.TabSuggested])
	}
	delete(pods["30"], sheets.TabSuggested)
	if !reflect.DeepEqual(pods["30"], pods["100"]) {
		t.Error("the suggestion changed other tabs")
	}
}

// TestSuggestedGroupsSplitAbove10: Settings "Split above" 10 on the
// demo's sample (28 members in four zones of 6 to 8): one group per zone,
// none over 10; a zone over 10 on its own is cut, and its rows say so.
func TestSuggestedGroupsSplitAbove10(t *testing.T) {
	s := storetest.NewMem()
	if rep := runCycle(t, s, sample); rep.Members != 28 || hasHint(rep.Warnings) {
		t.Fatalf("sample: %d members, warnings %q", rep.Members, rep.Warnings)
	}
	if got := suggested(t, s); got != nil {
		t.Fatalf("28 members under Split above 30: %q", got)
	}
	setSetting(t, s, "Split above", "10")
	runCycle(t, s, sample)
	var shape [][3]string
	for _, g := range suggested(t, s) {
		shape = append(shape, [3]string{g[0], g[1], g[2]})
	}
	want := [][3]string{
		{"Group 1", "Building A", "7"}, {"Group 2", "Building B", "8"},
		{"Group 3", "Building C", "7"}, {"Group 4", "Corner houses", "6"},
	}
	if !reflect.DeepEqual(shape, want) {
		t.Errorf("groups %q\nwant %q", shape, want)
	}

	setSetting(t, s, "Split above", "4")
	runCycle(t, s, sample)
	got := suggested(t, s)
	if len(got) != 8 {
		t.Fatalf("Split above 4: %q", got)
	}
	const w = "28 active members is more than Split above (4): the toolkit suggests pods of at most 4. Building B has 8 active members, more than Split above on its own: split it by floor or street (part 1 of 2)."
	if got[2][1] != "Building B" || got[2][2] != "4" || got[2][4] != w {
		t.Errorf("row 3 %q\nwant Why %q", got[2], w)
	}
}

// TestSuggestedGroupsNoZone: members who gave no zone are placed after
// every zone, and their row says to place them by hand.
func TestSuggestedGroupsNoZone(t *testing.T) {
	csv, _ := zonedPod(t, []string{"Building A", ""}, []int{3, 3})
	s := storetest.NewMem()
	putTab(t, s, sheets.TabSettings, true, [][]string{{"Setting", "Value"}, {"Split above", "3"}})
	runCycle(t, s, csv)
	got := suggested(t, s)
	if len(got) != 2 || got[0][1] != "Building A" || got[1][1] != "(no zone given)" ||
		!strings.HasSuffix(got[1][4], "These members gave no zone: place them by hand, or ask them where they live.") {
		t.Errorf("%q", got)
	}
}

// TestSuggestedGroupsLongCells: a Split above in the thousands still gives
// cells an .xlsx workbook holds: a long Who ends "and N more".
func TestSuggestedGroupsLongCells(t *testing.T) {
	csv, _ := zonedPod(t, []string{"Building A"}, []int{1300})
	s := storetest.NewMem()
	putTab(t, s, sheets.TabSettings, true, [][]string{{"Setting", "Value"}, {"Split above", "1200"}})
	runCycle(t, s, csv)
	tab := storetest.ReadTab(t, s, sheets.TabSuggested)
	if len(tab.Rows) != 2 {
		t.Fatalf("%d rows", len(tab.Rows))
	}
	who := cell(t, tab, 0, sheets.ColWho)
	if n := len([]rune(who)); n > 15000 || !regexp.MustCompile(`, and \d+ more$`).MatchString(who) {
		t.Errorf("Who: %d characters, ending %q", n, who[len(who)-40:])
	}
	if got := cell(t, tab, 0, sheets.ColGroupMembers); got != "650" {
		t.Errorf("Members %q", got)
	}
}
