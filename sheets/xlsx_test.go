package sheets_test

import (
	"archive/zip"
	"io"
	"strings"
	"testing"

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
