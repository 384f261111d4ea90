// Package storetest is the one test suite every sheets.Store backend passes
// (the local workbook, the Google Sheets backend against its fake, and the
// live spreadsheet when credentials are set), plus an in-memory Store for
// tests of code that only needs somewhere to keep tabs.
package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
)

// Run runs the suite. newStore must return an empty store each call.
func Run(t *testing.T, newStore func(t *testing.T) sheets.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s sheets.Store)
	}{
		{"ReadMissingTab", testReadMissing},
		{"CreateAndReadBack", testCreateAndRead},
		{"ApplyTwiceIsIdempotent", testIdempotent},
		{"TextStaysText", testTextStaysText},
		{"OrganizerEditsKept", testOrganizerKept},
		{"ReorderedColumns", testReordered},
		{"DeleteRows", testDeleteRows},
		{"StaleRowsReused", testStaleReused},
		{"HandKeyedRowsKept", testHandKeyedKept},
		{"StaleNoteOnKeptRows", testStaleNote},
		{"RequiredColumnRenamed", testRequiredRenamed},
		{"EmptyPlanWritesNothing", testEmptyPlan},
		{"RemoveTab", testRemoveTab},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

var testSpec = sheets.TabSpec{
	Name: "Things",
	Columns: []sheets.Column{
		{Name: "Thing ID", Required: true},
		{Name: "Name"},
		{Name: "Detail"},
		{Name: "Status", Owner: sheets.Organizer, Initial: "Proposed"},
		{Name: "Notes", Owner: sheets.Organizer},
	},
	Key:   []string{"Thing ID"},
	Stale: sheets.DeleteStale,
}

// Sync diffs want against the store's tab and applies the edit: one cycle.
func Sync(t *testing.T, s sheets.Store, spec sheets.TabSpec, want []sheets.Record) sheets.TabEdit {
	t.Helper()
	ctx := context.Background()
	tabs, err := s.Read(ctx, spec.Name)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	edit, err := sheets.Diff(tabs[spec.Name], spec, want)
	if err != nil {
		t.Fatalf("diff: %v", err)
	}
	if err := s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{edit}}); err != nil {
		t.Fatalf("apply: %v", err)
	}
	return edit
}

// ReadTab reads one tab, failing the test when it is missing.
func ReadTab(t *testing.T, s sheets.Store, name string) *sheets.Table {
	t.Helper()
	tabs, err := s.Read(context.Background(), name)
	if err != nil {
		t.Fatalf("read %q: %v", name, err)
	}
	tab := tabs[name]
	if tab == nil {
		t.Fatalf("tab %q missing", name)
	}
	return tab
}

// Normalize pads every row to the header's width and drops trailing blank
// rows, since backends differ in how they report empty cells.
func Normalize(tab *sheets.Table) [][]string {
	w := len(tab.Header)
	out := [][]string{pad(tab.Header, w)}
	for _, r := range tab.Rows {
		if len(r) > w {
			w = len(r)
		}
	}
	out[0] = pad(tab.Header, w)
	for _, r := range tab.Rows {
		out = append(out, pad(r, w))
	}
	for len(out) > 1 && strings.Join(out[len(out)-1], "") == "" {
		out = out[:len(out)-1]
	}
	return out
}

func pad(r []string, w int) []string {
	p := make([]string, w)
	copy(p, r)
	return p
}

func recs(ids ...string) []sheets.Record {
	var out []sheets.Record
	for _, id := range ids {
		out = append(out, sheets.Record{"Thing ID": id, "Name": "name " + id, "Detail": "detail " + id})
	}
	return out
}

func testReadMissing(t *testing.T, s sheets.Store) {
	tabs, err := s.Read(context.Background(), "Nope", "Things")
	if err != nil {
		t.Fatal(err)
	}
	if len(tabs) != 0 {
		t.Fatalf("want no tabs, got %v", tabs)
	}
}

func testCreateAndRead(t *testing.T, s sheets.Store) {
	edit := Sync(t, s, testSpec, recs("a", "b"))
	if !edit.Create {
		t.Errorf("first sync should create the tab")
	}
	got := Normalize(ReadTab(t, s, "Things"))
	want := [][]string{
		{"Thing ID", "Name", "Detail", "Status", "Notes"},
		{"a", "name a", "detail a", "Proposed", ""},
		{"b", "name b", "detail b", "Proposed", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
}

func testIdempotent(t *testing.T, s sheets.Store) {
	Sync(t, s, testSpec, recs("a", "b", "c"))
	first := Normalize(ReadTab(t, s, "Things"))
	edit := Sync(t, s, testSpec, recs("a", "b", "c"))
	if !edit.Empty() {
		t.Errorf("second sync of the same records should change nothing, got %+v", edit)
	}
	if got := Normalize(ReadTab(t, s, "Things")); !reflect.DeepEqual(got, first) {
		t.Fatalf("second sync changed the tab:\n%q\n%q", first, got)
	}
}

// Hostile and unusual texts that must round-trip exactly, as text.
var texts = []string{
	`=HYPERLINK("http://example.org","click")`,
	"+1 555 0100",
	"@SUM(A1:A2)",
	"-2+3",
	"0012",
	"1e5",
	"TRUE",
	"3/4",
	"مرحبا بالجيران",
	"שלום",
	"👩🏽‍🍳 soup Sundays 🍲",
	"line one\nline two",
	"  padded  ",
	strings.Repeat("Long answer about what I can share. ", 800),
}

func testTextStaysText(t *testing.T, s sheets.Store) {
	var want []sheets.Record
	for i, tx := range texts {
		want = append(want, sheets.Record{"Thing ID": string(rune('a' + i)), "Name": tx, "Detail": ""})
	}
	Sync(t, s, testSpec, want)
	tab := ReadTab(t, s, "Things")
	if len(tab.Rows) != len(texts) {
		t.Fatalf("got %d rows, want %d", len(tab.Rows), len(texts))
	}
	for i, tx := range texts {
		if got := tab.Cell(i, 1); got != tx {
			t.Errorf("row %d: got %q, want %q", i+2, trunc(got), trunc(tx))
		}
	}
	if edit := Sync(t, s, testSpec, want); !edit.Empty() {
		t.Errorf("texts did not read back identically: %d cells rewritten", len(edit.Cells))
	}
}

func trunc(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// organizerEdit writes cells as an organizer would, bypassing Diff.
func organizerEdit(t *testing.T, s sheets.Store, cells ...sheets.CellEdit) {
	t.Helper()
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Things", Cells: cells}}}); err != nil {
		t.Fatal(err)
	}
}

func testOrganizerKept(t *testing.T, s sheets.Store) {
	Sync(t, s, testSpec, recs("a", "b"))
	organizerEdit(t, s,
		sheets.CellEdit{Row: 1, Col: 3, Value: "Accepted"},   // Status of a
		sheets.CellEdit{Row: 2, Col: 4, Value: "call first"}, // Notes of b
		sheets.CellEdit{Row: 0, Col: 5, Value: "Driver"},     // a column of their own
		sheets.CellEdit{Row: 1, Col: 5, Value: "Sam"},
		sheets.CellEdit{Row: 3, Col: 1, Value: "typed by hand"}, // a row of their own
	)
	want := recs("a", "b", "c")
	want[0]["Detail"] = "changed"
	Sync(t, s, testSpec, want)
	got := Normalize(ReadTab(t, s, "Things"))
	exp := [][]string{
		{"Thing ID", "Name", "Detail", "Status", "Notes", "Driver"},
		{"a", "name a", "changed", "Accepted", "", "Sam"},
		{"b", "name b", "detail b", "Proposed", "call first", ""},
		{"", "typed by hand", "", "", "", ""},
		{"c", "name c", "detail c", "Proposed", "", ""},
	}
	if !reflect.DeepEqual(got, exp) {
		t.Fatalf("got\n%q\nwant\n%q", got, exp)
	}
}

func testReordered(t *testing.T, s sheets.Store) {
	// An organizer laid the tab out their own way before podsync ran.
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Things", Create: true, Cells: []sheets.CellEdit{
		{Row: 0, Col: 0, Value: "Notes"}, {Row: 0, Col: 1, Value: "detail"},
		{Row: 0, Col: 2, Value: "Thing  ID"}, {Row: 0, Col: 3, Value: "Name"},
	}}}}); err != nil {
		t.Fatal(err)
	}
	Sync(t, s, testSpec, recs("a"))
	got := Normalize(ReadTab(t, s, "Things"))
	exp := [][]string{
		{"Notes", "detail", "Thing  ID", "Name", "Status"},
		{"", "detail a", "a", "name a", "Proposed"},
	}
	if !reflect.DeepEqual(got, exp) {
		t.Fatalf("got\n%q\nwant\n%q", got, exp)
	}
}

func testDeleteRows(t *testing.T, s sheets.Store) {
	Sync(t, s, testSpec, recs("a", "b", "c", "d"))
	organizerEdit(t, s, sheets.CellEdit{Row: 2, Col: 4, Value: "keep me"}) // b has notes
	edit := Sync(t, s, testSpec, recs("c"))
	if !reflect.DeepEqual(edit.DeleteRows, []int{1, 4}) {
		t.Errorf("DeleteRows = %v, want [1 4] (a and d; b has organizer notes)", edit.DeleteRows)
	}
	got := Normalize(ReadTab(t, s, "Things"))
	if len(got) != 3 || got[1][0] != "b" || got[2][0] != "c" {
		t.Fatalf("after delete got %q", got)
	}
	if edit := Sync(t, s, testSpec, recs("c")); !edit.Empty() {
		t.Errorf("second sync after delete not empty: %+v", edit)
	}
}

// testStaleReused: a new row takes the place of a stale one (rewritten in
// place, its organizer cells reset to their initial values), and only the
// stale rows left over are deleted.
func testStaleReused(t *testing.T, s sheets.Store) {
	Sync(t, s, testSpec, recs("a", "b", "c", "d"))
	organizerEdit(t, s, sheets.CellEdit{Row: 1, Col: 3, Value: ""}) // a: Status cleared
	edit := Sync(t, s, testSpec, recs("c", "e"))
	if !reflect.DeepEqual(edit.DeleteRows, []int{2, 4}) {
		t.Errorf("DeleteRows = %v, want [2 4] (e takes a's row)", edit.DeleteRows)
	}
	got := Normalize(ReadTab(t, s, "Things"))
	if len(got) != 3 || got[1][0] != "e" || got[1][1] != "name e" || got[1][3] != "Proposed" || got[2][0] != "c" {
		t.Fatalf("after sync got %q", got)
	}
	if edit := Sync(t, s, testSpec, recs("c", "e")); !edit.Empty() {
		t.Errorf("second sync not empty: %+v", edit)
	}
}

// testHandKeyedKept: on a tab whose spec says which keys podsync generates,
// a row keyed by hand is neither deleted nor reused for a new record.
func testHandKeyedKept(t *testing.T, s sheets.Store) {
	spec := testSpec
	spec.Generated = func(key string) bool { return len(key) == 1 }
	Sync(t, s, spec, recs("a", "b"))
	organizerEdit(t, s, sheets.CellEdit{Row: 3, Col: 0, Value: "mine"}, sheets.CellEdit{Row: 3, Col: 1, Value: "typed by hand"})
	edit := Sync(t, s, spec, recs("c"))
	if !reflect.DeepEqual(edit.DeleteRows, []int{2}) {
		t.Errorf("DeleteRows = %v, want [2] (c takes a's row, b goes, the hand row stays)", edit.DeleteRows)
	}
	got := Normalize(ReadTab(t, s, "Things"))
	exp := [][]string{
		{"Thing ID", "Name", "Detail", "Status", "Notes"},
		{"c", "name c", "detail c", "Proposed", ""},
		{"mine", "typed by hand", "", "", ""},
	}
	if !reflect.DeepEqual(got, exp) {
		t.Fatalf("got\n%q\nwant\n%q", got, exp)
	}
	if edit := Sync(t, s, spec, recs("c")); !edit.Empty() {
		t.Errorf("second sync not empty: %+v", edit)
	}
}

// testStaleNote: a stale row kept for an organizer's note gets the spec's
// stale note in a podsync column, once; organizer cells stay as they are.
func testStaleNote(t *testing.T, s sheets.Store) {
	spec := testSpec
	spec.StaleNote = sheets.StaleNote{Column: "Detail", Text: "gone"}
	Sync(t, s, spec, recs("a", "b"))
	organizerEdit(t, s, sheets.CellEdit{Row: 1, Col: 4, Value: "keep me"})
	edit := Sync(t, s, spec, recs("b"))
	if len(edit.DeleteRows) != 0 || len(edit.Cells) != 1 {
		t.Errorf("edit = %+v, want one cell: the note on a", edit)
	}
	got := Normalize(ReadTab(t, s, "Things"))
	exp := [][]string{
		{"Thing ID", "Name", "Detail", "Status", "Notes"},
		{"a", "name a", "gone", "Proposed", "keep me"},
		{"b", "name b", "detail b", "Proposed", ""},
	}
	if !reflect.DeepEqual(got, exp) {
		t.Fatalf("got\n%q\nwant\n%q", got, exp)
	}
	if edit := Sync(t, s, spec, recs("b")); !edit.Empty() {
		t.Errorf("second sync not empty: %+v", edit)
	}
}

func testRequiredRenamed(t *testing.T, s sheets.Store) {
	Sync(t, s, testSpec, recs("a"))
	organizerEdit(t, s, sheets.CellEdit{Row: 0, Col: 0, Value: "ID"})
	tabs, err := s.Read(context.Background(), "Things")
	if err != nil {
		t.Fatal(err)
	}
	_, err = sheets.Diff(tabs["Things"], testSpec, recs("a"))
	if err == nil || !strings.Contains(err.Error(), `"Thing ID"`) || !strings.Contains(err.Error(), `"Things"`) {
		t.Fatalf("want an error naming the tab and the column, got %v", err)
	}
}

func testEmptyPlan(t *testing.T, s sheets.Store) {
	if err := s.Apply(context.Background(), &sheets.Plan{}); err != nil {
		t.Fatal(err)
	}
	tabs, err := s.Read(context.Background(), "Things")
	if err != nil {
		t.Fatal(err)
	}
	if len(tabs) != 0 {
		t.Fatalf("empty plan created tabs: %v", tabs)
	}
}

// testRemoveTab removes one tab whole (TabEdit.Remove) and leaves the
// others; removing a tab that is not there does nothing, and the tab can
// be made again afterwards.
func testRemoveTab(t *testing.T, s sheets.Store) {
	ctx := context.Background()
	// Tabs podsync makes whole, as the ones it removes are.
	keep := sheets.TabSpec{Name: "Things", Columns: testSpec.Columns[:3], Key: testSpec.Key, Stale: sheets.Regenerate}
	other := keep
	other.Name = "Advice"
	Sync(t, s, keep, recs("a"))
	Sync(t, s, other, recs("b", "c"))
	things := Normalize(ReadTab(t, s, "Things"))
	remove := &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Advice", Remove: true}}}
	if remove.Empty() {
		t.Fatal("a plan that removes a tab is not empty")
	}
	for i := range 2 {
		if err := s.Apply(ctx, remove); err != nil {
			t.Fatalf("remove #%d: %v", i+1, err)
		}
		tabs, err := s.Read(ctx, "Things", "Advice")
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := tabs["Advice"]; ok {
			t.Fatalf("remove #%d: the tab is still there", i+1)
		}
		if got := Normalize(tabs["Things"]); !reflect.DeepEqual(got, things) {
			t.Fatalf("remove #%d changed another tab:\n%q\n%q", i+1, things, got)
		}
	}
	if e := Sync(t, s, other, recs("d")); !e.Create {
		t.Errorf("after removal the tab should be created anew, got %+v", e)
	}
	want := [][]string{{"Thing ID", "Name", "Detail"}, {"d", "name d", "detail d"}}
	if got := Normalize(ReadTab(t, s, "Advice")); !reflect.DeepEqual(got, want) {
		t.Fatalf("made again:\n%q\nwant\n%q", got, want)
	}
}
