package google_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/storetest"
)

func TestGoogleStoreSuite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) sheets.Store {
		srv := googlefake.New(t)
		t.Cleanup(func() { noUnexpected(t, srv) })
		return openFake(t, srv, nil)
	})
}

func TestGoogleStoreRequestCounts(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	for _, tab := range []string{"A", "B", "Do Not Pair"} {
		srv.SetCells(tab, [][]string{{"h1", "h2"}, {"x", "y"}})
	}
	s := openFake(t, srv, nil)

	// First Read: the tab list, then one batchGet for every tab.
	tabs, err := s.Read(ctx, "A", "B", "Do Not Pair", "Missing")
	if err != nil {
		t.Fatal(err)
	}
	if len(tabs) != 3 || tabs["Missing"] != nil || tabs["Do Not Pair"].Cell(0, 1) != "y" {
		t.Fatalf("read %v", tabs)
	}
	wantCounts(t, srv, map[string]int{"spreadsheets.get": 1, "values.batchGet": 1})
	got := srv.RequestsOf("values.batchGet")[0].Query["ranges"]
	if !reflect.DeepEqual(got, []string{"'A'", "'B'", "'Do Not Pair'"}) {
		t.Errorf("ranges %q", got)
	}
	if f := srv.RequestsOf("spreadsheets.get")[0].Query.Get("fields"); f != "properties.title,sheets.properties" {
		t.Errorf("spreadsheets.get fields = %q", f)
	}

	// Later Reads: the list is cached.
	srv.ResetCounts()
	if _, err := s.Read(ctx, "A", "B"); err != nil {
		t.Fatal(err)
	}
	wantCounts(t, srv, map[string]int{"values.batchGet": 1})

	// Only missing tabs: nothing to ask.
	srv.ResetCounts()
	if tabs, err := s.Read(ctx, "Missing", "Also missing"); err != nil || len(tabs) != 0 {
		t.Fatal(tabs, err)
	}
	wantCounts(t, srv, map[string]int{})

	// Cell edits on three tabs: one values:batchUpdate, RAW.
	srv.ResetCounts()
	p := &sheets.Plan{Tabs: []sheets.TabEdit{
		{Tab: "A", Cells: []sheets.CellEdit{{Row: 1, Col: 0, Value: "=1+1"}, {Row: 1, Col: 1, Value: "0012"}}},
		{Tab: "B", Cells: []sheets.CellEdit{{Row: 5, Col: 3, Value: "far"}}},
		{Tab: "Do Not Pair", Cells: []sheets.CellEdit{{Row: 2, Col: 0, Value: "p"}}},
	}}
	if err := s.Apply(ctx, p); err != nil {
		t.Fatal(err)
	}
	wantCounts(t, srv, map[string]int{"values.batchUpdate": 1})
	if opts := srv.ValueInputOptions(); !reflect.DeepEqual(opts, []string{"RAW"}) {
		t.Errorf("valueInputOption %q, want RAW", opts)
	}
	if got := srv.Cells("A"); !reflect.DeepEqual(got, [][]string{{"h1", "h2"}, {"=1+1", "0012"}}) {
		t.Errorf("A = %q", got)
	}
	if got := srv.Cells("B"); len(got) != 6 || got[5][3] != "far" || got[1][0] != "x" {
		t.Errorf("B = %q", got)
	}

	// An empty plan: no request at all.
	srv.ResetCounts()
	if err := s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "A"}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(ctx, &sheets.Plan{}); err != nil {
		t.Fatal(err)
	}
	wantCounts(t, srv, map[string]int{})

	// A new tab: one spreadsheets:batchUpdate (addSheet and the header
	// style), then the one values:batchUpdate.
	srv.ResetCounts()
	e := syncTab(t, s, thingSpec, things("a", "b", "c"))
	if !e.Create {
		t.Fatal("not created")
	}
	wantCounts(t, srv, map[string]int{"values.batchGet": 0, "spreadsheets.batchUpdate": 1, "values.batchUpdate": 1,
		"batchUpdate.addSheet": 1, "batchUpdate.repeatCell": 1})
	info, _ := srv.Spreadsheet().Sheet(thingSpec.Name)
	if info.FrozenRows != 1 || info.Hidden {
		t.Errorf("new tab %+v: want a frozen header row", info)
	}
	if f := srv.Spreadsheet().Formats(thingSpec.Name); len(f) != 1 || !f[0].Cell.UserEnteredFormat.TextFormat.Bold {
		t.Errorf("header not bold: %+v", f)
	}
	// The new rows are one rectangle: header row and three data rows.
	var body struct {
		Data []struct {
			Range string `json:"range"`
		} `json:"data"`
	}
	if err := json.Unmarshal(srv.RequestsOf("values.batchUpdate")[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Data) != 1 || body.Data[0].Range != "'Do Not Pair''s Things'!A1:D4" {
		t.Errorf("ranges %+v, want one block A1:D4", body.Data)
	}

	// Deleting rows: one values:batchGet to check the rows are still as
	// read, then one spreadsheets:batchUpdate, highest row first.
	srv.ResetCounts()
	e = syncTab(t, s, thingSpec, things("b"))
	if !reflect.DeepEqual(e.DeleteRows, []int{1, 3}) {
		t.Fatalf("DeleteRows %v", e.DeleteRows)
	}
	wantCounts(t, srv, map[string]int{"values.batchGet": 2, "spreadsheets.batchUpdate": 1, "batchUpdate.deleteDimension": 2})
	var del struct {
		Requests []struct {
			DeleteDimension struct {
				Range struct {
					StartIndex, EndIndex int
					Dimension            string
				} `json:"range"`
			} `json:"deleteDimension"`
		} `json:"requests"`
	}
	if err := json.Unmarshal(srv.RequestsOf("spreadsheets.batchUpdate")[0].Body, &del); err != nil {
		t.Fatal(err)
	}
	if r := del.Requests; len(r) != 2 || r[0].DeleteDimension.Range.StartIndex != 3 || r[1].DeleteDimension.Range.StartIndex != 1 ||
		r[0].DeleteDimension.Range.Dimension != "ROWS" {
		t.Errorf("deletes %+v, want row 3 then row 1", r)
	}
	if got := srv.Cells(thingSpec.Name); len(got) != 2 || got[1][0] != "b" {
		t.Errorf("after delete %q", got)
	}
}

func TestGoogleStoreGrowsGrid(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	book := srv.Spreadsheet()
	book.SetCells("T", [][]string{{"Thing ID", "Name"}, {"a", "x"}})
	book.SetGrid("T", 2, 2) // an organizer trimmed the empty rows and columns
	s := openFake(t, srv, nil)

	srv.ResetCounts()
	p := &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "T", Cells: []sheets.CellEdit{
		{Row: 2, Col: 0, Value: "b"}, {Row: 2, Col: 2, Value: "new column"}}}}}
	if err := s.Apply(ctx, p); err != nil {
		t.Fatal(err)
	}
	wantCounts(t, srv, map[string]int{"spreadsheets.get": 1, "spreadsheets.batchUpdate": 1, "batchUpdate.appendDimension": 2, "values.batchUpdate": 1})
	if got := book.Cells("T"); !reflect.DeepEqual(got, [][]string{{"Thing ID", "Name"}, {"a", "x"}, {"b", "", "new column"}}) {
		t.Errorf("cells %q", got)
	}

	// The organizer trims the grid again after podsync cached its size:
	// the write fails on the grid, podsync rereads the size, grows, writes.
	book.SetGrid("T", 3, 3)
	srv.ResetCounts()
	p = &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "T", Cells: []sheets.CellEdit{{Row: 40, Col: 0, Value: "far down"}}}}}
	if err := s.Apply(ctx, p); err != nil {
		t.Fatal(err)
	}
	wantCounts(t, srv, map[string]int{"spreadsheets.get": 1, "spreadsheets.batchUpdate": 1, "batchUpdate.appendDimension": 1, "values.batchUpdate": 2})
	if got := book.Cells("T"); len(got) != 41 || got[40][0] != "far down" {
		t.Errorf("cells %q", got)
	}

	// Deleting every data row of a tab trimmed to its data: Sheets refuses
	// to leave no row below a frozen header, so podsync adds rows first.
	book.SetCells("U", [][]string{{"Thing ID"}, {"a"}, {"b"}})
	book.SetGrid("U", 3, 1)
	book.SetFrozen("U", 1)
	s.Invalidate()
	if _, err := s.Read(ctx, "U"); err != nil {
		t.Fatal(err)
	}
	srv.ResetCounts()
	if err := s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "U", DeleteRows: []int{1, 2}}}}); err != nil {
		t.Fatal(err)
	}
	wantCounts(t, srv, map[string]int{"spreadsheets.batchUpdate": 2, "batchUpdate.appendDimension": 1, "batchUpdate.deleteDimension": 1})
	if got := book.Cells("U"); !reflect.DeepEqual(got, [][]string{{"Thing ID"}}) {
		t.Errorf("cells %q", got)
	}
}

func TestGoogleStoreTabChangedByOrganizer(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	book := srv.Spreadsheet()
	book.SetCells("Matches", [][]string{{"Match ID"}, {"m1"}})
	book.SetCells("Notes", [][]string{{"x"}})
	s := openFake(t, srv, nil)
	if tabs, err := s.Read(ctx, "Matches", "Notes"); err != nil || len(tabs) != 2 {
		t.Fatal(tabs, err)
	}

	// Deleted since the tab list was cached: the read notices and
	// rereads the list.
	book.DeleteTab("Notes")
	srv.ResetCounts()
	tabs, err := s.Read(ctx, "Matches", "Notes")
	if err != nil {
		t.Fatal(err)
	}
	if len(tabs) != 1 || tabs["Matches"] == nil {
		t.Fatalf("tabs %v", tabs)
	}
	wantCounts(t, srv, map[string]int{"values.batchGet": 2, "spreadsheets.get": 1})

	// A tab named with other case is the same tab, as in Sheets.
	tabs, err = s.Read(ctx, "matches")
	if err != nil || tabs["matches"] == nil || tabs["matches"].Header[0] != "Match ID" {
		t.Fatalf("case-folded read: %v %v", tabs, err)
	}

	// Writing to a tab that is gone is a clear error, not a new tab.
	err = s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Notes", Cells: []sheets.CellEdit{{Row: 0, Col: 0, Value: "x"}}}}})
	if err == nil || !strings.Contains(err.Error(), `"Notes"`) || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("write to a deleted tab: %v", err)
	}

	// Creating a tab another podsync created meanwhile: the addSheet
	// fails with "already exists", podsync rereads the list and writes.
	book.SetCells("Pairings", nil)
	err = s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Pairings", Create: true, Cells: []sheets.CellEdit{{Row: 0, Col: 0, Value: "Round"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := book.Cells("Pairings"); !reflect.DeepEqual(got, [][]string{{"Round"}}) {
		t.Errorf("Pairings %q", got)
	}
}

// TestGoogleDeleteKeepsLateEdits: an organizer who types into a stale row,
// or inserts a row above it, between podsync's read and its delete keeps
// their work: the row is checked just before the delete and left alone.
func TestGoogleDeleteKeepsLateEdits(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	s := openFake(t, srv, nil)
	syncTab(t, s, thingSpec, things("a", "b", "c", "d"))

	tabs, err := s.Read(ctx, thingSpec.Name)
	if err != nil {
		t.Fatal(err)
	}
	e, err := sheets.Diff(tabs[thingSpec.Name], thingSpec, things("b"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(e.DeleteRows, []int{1, 3, 4}) {
		t.Fatalf("DeleteRows %v", e.DeleteRows)
	}
	// Meanwhile an organizer accepts "c" (row 4 of the sheet).
	srv.Spreadsheet().SetCell(thingSpec.Name, "D4", "Accepted")
	if err := s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{e}}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range srv.Cells(thingSpec.Name)[1:] {
		ids = append(ids, r[0]+"/"+r[3])
	}
	if !reflect.DeepEqual(ids, []string{"b/Proposed", "c/Accepted"}) {
		t.Errorf("rows after the delete: %q, want b and the accepted c", ids)
	}
	// The next sync sees c as the organizer's now, and changes nothing.
	if e := syncTab(t, s, thingSpec, things("b")); len(e.DeleteRows) != 0 || len(e.Cells) != 0 {
		t.Errorf("next sync: %+v", e)
	}
}

// TestGoogleDeleteRetried: a row deletion that fails with a 500 or a 503,
// or whose answer is lost after it went through, is retried, each retry
// after checking the rows again: the stale rows go, and no other row does,
// however many tries it takes.
func TestGoogleDeleteRetried(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		faults []int
	}{
		{"500", []int{500}},
		{"503 twice", []int{503, 503}},
		{"answer lost after the delete", []int{googlefake.DropAfter}},
		{"answer lost, then a 500", []int{googlefake.DropAfter, 500}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := googlefake.New(t)
			defer noUnexpected(t, srv)
			s := openFake(t, srv, nil)
			syncTab(t, s, thingSpec, things("a", "b", "c", "d", "e"))
			tabs, err := s.Read(ctx, thingSpec.Name)
			if err != nil {
				t.Fatal(err)
			}
			e, err := sheets.Diff(tabs[thingSpec.Name], thingSpec, things("b", "d", "e"))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(e.DeleteRows, []int{1, 3}) || len(e.Cells) != 0 {
				t.Fatalf("edit %+v", e)
			}
			for _, f := range tc.faults {
				srv.FailKind(1, f, "spreadsheets.batchUpdate")
			}
			srv.ResetCounts()
			if err := s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{e}}); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range srv.Cells(thingSpec.Name)[1:] {
				ids = append(ids, r[0])
			}
			if !reflect.DeepEqual(ids, []string{"b", "d", "e"}) {
				t.Errorf("rows %q, want b, d, e", ids)
			}
			if n := srv.Count("spreadsheets.batchUpdate"); n > len(tc.faults)+1 {
				t.Errorf("%d deletes sent", n)
			}
			// The next cycle finds nothing to do.
			if e := syncTab(t, s, thingSpec, things("b", "d", "e")); !e.Empty() {
				t.Errorf("next sync: %+v", e)
			}
		})
	}
}
