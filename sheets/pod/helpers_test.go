package pod_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

const sample = "../../cmd/podsync/sample_responses.csv"

// fixture is a hand-written response export in testdata/ingest.
func fixture(name string) string { return "../../testdata/ingest/" + name }

func runCycle(t *testing.T, s sheets.Store, responses string) *pod.Report {
	t.Helper()
	rep, err := (&pod.Cycle{Store: s, Source: ingest.File(responses), Now: now}).Run(context.Background())
	if err != nil {
		t.Fatalf("cycle: %v", err)
	}
	return rep
}

func snapshot(t *testing.T, s sheets.Store) map[string][][]string {
	t.Helper()
	tabs, err := s.Read(context.Background(), sheets.TabNames()...)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][][]string{}
	for n, tab := range tabs {
		out[n] = storetest.Normalize(tab)
	}
	return out
}

// find returns the row whose column col holds val.
func find(t *testing.T, tab *sheets.Table, col, val string) (int, []string) {
	t.Helper()
	h := sheets.NewHeaderIndex(tab.Name, tab.Header)
	c, err := h.Find(col)
	if err != nil || c < 0 {
		t.Fatalf("tab %q has no column %q", tab.Name, col)
	}
	for i, r := range tab.Rows {
		if c < len(r) && r[c] == val {
			return i, r
		}
	}
	t.Fatalf("tab %q: no row with %s = %q", tab.Name, col, val)
	return -1, nil
}

func colOf(t *testing.T, tab *sheets.Table, name string) int {
	t.Helper()
	c, err := sheets.NewHeaderIndex(tab.Name, tab.Header).Find(name)
	if err != nil || c < 0 {
		t.Fatalf("no column %q in %q", name, tab.Name)
	}
	return c
}

// putTab writes a whole tab (creating it) into a store.
func putTab(t *testing.T, s sheets.Store, tab string, create bool, grid [][]string) {
	t.Helper()
	e := sheets.TabEdit{Tab: tab, Create: create}
	for r, row := range grid {
		for c, v := range row {
			e.Cells = append(e.Cells, sheets.CellEdit{Row: r, Col: c, Value: v})
		}
	}
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{e}}); err != nil {
		t.Fatal(err)
	}
}

// tabText reads a tab back as one string, for "holds / does not hold".
func tabText(t *testing.T, s sheets.Store, tab string) (string, *sheets.Table) {
	t.Helper()
	got, err := s.Read(context.Background(), tab)
	if err != nil {
		t.Fatal(err)
	}
	tb := got[tab]
	if tb == nil {
		return "", nil
	}
	return fmt.Sprint(tb.Header, tb.Rows), tb
}

func writeFile(p, body string) error { return os.WriteFile(p, []byte(body), 0o600) }

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

var linkedHeader = []string{"Timestamp", "Email address", "Your name",
	"Would you like 1-on-1 conversations with pod members?", "What may we share with the whole pod?"}
