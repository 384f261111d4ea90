// Package xlsxtest writes and inspects xlsx files for tests in other
// packages, so that only the xlsx store (and the exporter) import excelize.
package xlsxtest

import (
	"archive/zip"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// WriteDownload writes a one-tab workbook the way a spreadsheet downloaded
// as .xlsx holds it: a string cell for a string, a number cell (General
// format) for a float64, nothing for "" or nil.
func WriteDownload(t testing.TB, path, tab string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", tab); err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			ref, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				t.Fatal(err)
			}
			switch v := v.(type) {
			case string:
				if v != "" {
					err = f.SetCellStr(tab, ref, v)
				}
			case float64:
				err = f.SetCellFloat(tab, ref, v, -1, 64)
			case nil:
			default:
				t.Fatalf("xlsxtest: cell %s: unsupported value %T", ref, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// NonStringCells lists the non-empty cells of tab that are not string
// cells (a number, a formula, a boolean), by A1 reference, and how many
// non-empty cells it looked at.
func NonStringCells(t testing.TB, path, tab string) (bad []string, checked int) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(tab)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			typ, err := f.GetCellType(tab, ref)
			if err != nil {
				t.Fatal(err)
			}
			if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				bad = append(bad, ref)
			}
			checked++
		}
	}
	return bad, checked
}

// AssertNoFormulas fails when any cell of the workbook holds a formula: the
// sheet XML must have no <f> element, and every cell reads back as text.
func AssertNoFormulas(t testing.TB, path string) {
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
