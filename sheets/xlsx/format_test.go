package xlsx_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/xlsx"
	"github.com/xuri/excelize/v2"
)

// membersPlan creates (or adds to) Members: a header and rows of given
// need details.
func membersPlan(create bool, from int, details ...string) *sheets.Plan {
	e := sheets.TabEdit{Tab: sheets.TabMembers, Create: create}
	if create {
		for c, h := range []string{sheets.ColMemberID, sheets.ColName, sheets.ColNeedDetails, sheets.ColActive, sheets.ColNotes} {
			e.Cells = append(e.Cells, sheets.CellEdit{Row: 0, Col: c, Value: h})
		}
	}
	for i, d := range details {
		r := from + i
		e.Cells = append(e.Cells,
			sheets.CellEdit{Row: r, Col: 0, Value: "M-" + strings.Repeat("0", 9) + string(rune('a'+r))},
			sheets.CellEdit{Row: r, Col: 1, Value: "Ana Ruiz"},
			sheets.CellEdit{Row: r, Col: 2, Value: d},
			sheets.CellEdit{Row: r, Col: 3, Value: "Yes"})
	}
	return &sheets.Plan{Tabs: []sheets.TabEdit{e}}
}

// TestWorkbookReadsWell: a tab podsync creates has a bold frozen header,
// columns as wide as their text (capped), long text wrapped, and the
// Google store's dropdowns, Active's letting "Paused until …" in; an
// organizer's own width, cell style and validation are kept.
func TestWorkbookReadsWell(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pod.xlsx")
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	long := strings.Repeat("Rides to the clinic on Tuesdays ", 5)
	if err := s.Apply(ctx, membersPlan(true, 1, "groceries", long)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tab := sheets.TabMembers
	width := func(col string) float64 {
		w, err := f.GetColWidth(tab, col)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	if w := width("A"); w < 12 || w > 14 {
		t.Errorf("Member ID width %v, want its text's (12)", w)
	}
	if w := width("B"); w != 10 {
		t.Errorf("Name width %v, want 10 (8 characters + 2)", w)
	}
	if w := width("C"); w != 50 {
		t.Errorf("Need details width %v, want the cap 50", w)
	}
	style := func(cell string) *excelize.Style {
		id, err := f.GetCellStyle(tab, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := style("A1"); st.Font == nil || !st.Font.Bold {
		t.Error("header not bold")
	}
	if st := style("C3"); st.Alignment == nil || !st.Alignment.WrapText {
		t.Error("Need details not wrapped")
	}
	if st := style("B2"); st.Alignment != nil && st.Alignment.WrapText {
		t.Error("Name wrapped")
	}
	panes, err := f.GetPanes(tab)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	dvs, err := f.GetDataValidations(tab)
	if err != nil || len(dvs) != 1 {
		t.Fatalf("validations %v %v", dvs, err)
	}
	dv := dvs[0]
	if !strings.HasPrefix(dv.Sqref, "D2:D") || dv.Type != "list" || !strings.Contains(dv.Formula1, "Yes,Paused,Left") {
		t.Errorf("Active dropdown %+v", dv)
	}
	if dv.ShowErrorMessage {
		t.Error(`Active refuses other values, such as "Paused until 2027-01-15"`)
	}
	if dv.Prompt == nil || !strings.Contains(*dv.Prompt, "Paused until YYYY-MM-DD") {
		t.Errorf("Active prompt %v", dv.Prompt)
	}
	f.Close()

	// The organizer widens Name, colors a Need details cell and replaces
	// the dropdown with one of their own; podsync writes more rows.
	f, _ = excelize.OpenFile(path)
	f.SetColWidth(tab, "B", "B", 30)
	red, _ := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FF0000"}}})
	f.SetCellStyle(tab, "C2", "C2", red)
	f.DeleteDataValidation(tab)
	own := excelize.NewDataValidation(true)
	own.Sqref = "D2:D50"
	own.SetDropList([]string{"Yes", "No"})
	f.AddDataValidation(tab, own)
	f.Save()
	f.Close()
	if _, err := s.Read(ctx, tab); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(ctx, membersPlan(false, 3, "a much longer need than groceries", "x")); err != nil {
		t.Fatal(err)
	}
	f, _ = excelize.OpenFile(path)
	defer f.Close()
	if w := width("B"); w != 30 {
		t.Errorf("the organizer's width of Name became %v", w)
	}
	if st := style("C2"); len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FF0000" {
		t.Errorf("the organizer's color is gone: %+v", st.Fill)
	}
	if st := style("C4"); st.Alignment == nil || !st.Alignment.WrapText {
		t.Error("a new row's Need details not wrapped")
	}
	dvs, _ = f.GetDataValidations(tab)
	if len(dvs) != 1 || dvs[0].Sqref != "D2:D50" {
		t.Errorf("the organizer's validation was replaced: %+v", dvs)
	}
}

// TestStatusDropdownsStrict: Matches and Pairings Status choose from the
// list Google's has, and refuse other values.
func TestStatusDropdownsStrict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pod.xlsx")
	s, _ := xlsx.Open(path)
	var p sheets.Plan
	for _, tc := range []struct{ tab, col string }{{sheets.TabMatches, sheets.ColStatus}, {sheets.TabPairings, sheets.ColStatus}} {
		p.Tabs = append(p.Tabs, sheets.TabEdit{Tab: tc.tab, Create: true, Cells: []sheets.CellEdit{
			{Row: 0, Col: 0, Value: "Key"}, {Row: 0, Col: 1, Value: tc.col}, {Row: 1, Col: 0, Value: "k"}, {Row: 1, Col: 1, Value: "x"}}})
	}
	if err := s.Apply(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for tab, want := range map[string]string{sheets.TabMatches: "Proposed,Accepted,Done,Declined", sheets.TabPairings: "Planned,Met,Skipped"} {
		dvs, _ := f.GetDataValidations(tab)
		if len(dvs) != 1 || !strings.HasPrefix(dvs[0].Sqref, "B2:B") || !strings.Contains(dvs[0].Formula1, want) || !dvs[0].ShowErrorMessage {
			t.Errorf("%s: %+v", tab, dvs)
		}
	}
}

// TestEmptyNotesColumnHasRoom: a long-text column created empty (Notes,
// for organizers) is wide enough to type in.
func TestEmptyNotesColumnHasRoom(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pod.xlsx")
	s, _ := xlsx.Open(path)
	if err := s.Apply(context.Background(), membersPlan(true, 1, "groceries")); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if w, _ := f.GetColWidth(sheets.TabMembers, "E"); w != 30 {
		t.Errorf("Notes width %v, want 30", w)
	}
}
