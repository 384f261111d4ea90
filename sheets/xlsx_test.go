package sheets_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/xuri/excelize/v2"
)

// assertNoFormulas fails when any cell of the workbook holds a formula: the
// sheet XML must have no <f> element, and every cell reads back as text.
func assertNoFormulas(t *testing.T, path string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "<f>") || strings.Contains(string(b), "<f ") {
			t.Errorf("%s holds a formula", f.Name)
		}
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, sh := range x.GetSheetList() {
		rows, err := x.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if f, _ := x.GetCellFormula(sh, ref); f != "" {
					t.Errorf("%s!%s is a formula: %q", sh, ref, f)
				}
			}
		}
	}
}

// TestXLSXRefusesOverlongText: a text longer than an .xlsx cell holds is
// an error naming the tab and cell, and the workbook keeps its bytes,
// rather than a silently cut answer that the next sync would rewrite.
func TestXLSXRefusesOverlongText(t *testing.T) {
	path := t.TempDir() + "/pod.xlsx"
	s, err := sheets.OpenXLSX(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first := &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Notes", Create: true, Cells: []sheets.CellEdit{{Row: 0, Col: 0, Value: "Text"}}}}}
	if err := s.Apply(ctx, first); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	long := strings.Repeat("ab😀", excelize.TotalCellChars/4+1)
	err = s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Notes", Cells: []sheets.CellEdit{{Row: 1, Col: 0, Value: long}}}}})
	var te *sheets.TabError
	if !errors.As(err, &te) || te.Tab != "Notes" || te.Row != 2 || !strings.Contains(err.Error(), "A2") {
		t.Fatalf("err = %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the workbook changed")
	}
	ok := strings.Repeat("x", excelize.TotalCellChars)
	if err := s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Notes", Cells: []sheets.CellEdit{{Row: 1, Col: 0, Value: ok}}}}}); err != nil {
		t.Fatalf("a text of exactly the limit: %v", err)
	}
}

// TestNewWorkbookIsPrivate: a new pod holds personal data, so only its
// owner may read it; a mode the owner chose later is kept.
func TestNewWorkbookIsPrivate(t *testing.T) {
	path := t.TempDir() + "/pod.xlsx"
	s, err := sheets.OpenXLSX(path)
	if err != nil {
		t.Fatal(err)
	}
	plan := func(v string) *sheets.Plan {
		return &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Notes", Create: v == "a", Cells: []sheets.CellEdit{{Row: 0, Col: 0, Value: v}}}}}
	}
	if err := s.Apply(context.Background(), plan("a")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("new pod mode %v, want 0600", st.Mode().Perm())
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), plan("b")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode after a sync %v, want the owner's 0640", st.Mode().Perm())
	}
}
