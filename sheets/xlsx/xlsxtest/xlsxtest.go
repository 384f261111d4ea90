// Package xlsxtest writes and inspects xlsx files for tests in other
// packages, so that only the xlsx store (and the exporter) import excelize.
package xlsxtest

import (
	"archive/zip"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// WriteDownload writes a one-tab workbook the way Google Sheets' File →
// Download → Microsoft Excel (.xlsx) writes a sheet, cell by cell:
//
//	string   a text cell, exactly as given
//	float64  a number cell in General format, its value written as
//	         Google writes it: 2018 as 2018.0, 5550123456 as 5.550123456E9
//	Number   a number cell with a number format (a date, a time, a
//	         percentage, an amount), or with a value written verbatim
//	Text     a text cell with a number format (text typed into a date
//	         column)
//	bool     a boolean cell (TRUE or FALSE)
//	nil, ""  no cell
//
// Every cell has a style, as in Google's files.
func WriteDownload(t testing.TB, path, tab string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", tab); err != nil {
		t.Fatal(err)
	}
	type numFmt struct {
		code string
		id   int
	}
	styles := map[numFmt]int{}
	style := func(nf numFmt) int {
		if id, ok := styles[nf]; ok {
			return id
		}
		st := &excelize.Style{Font: &excelize.Font{Family: "Arial", Size: 10}, NumFmt: nf.id}
		if nf.code != "" {
			st.CustomNumFmt = &nf.code
		}
		id, err := f.NewStyle(st)
		if err != nil {
			t.Fatalf("xlsxtest: number format %+v: %v", nf, err)
		}
		styles[nf] = id
		return id
	}
	for r, row := range rows {
		for c, v := range row {
			ref, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				t.Fatal(err)
			}
			var nf numFmt
			switch v := v.(type) {
			case string:
				if v == "" {
					continue
				}
				err = f.SetCellStr(tab, ref, v)
			case float64:
				err = f.SetCellDefault(tab, ref, googleNumber(v))
			case Number:
				xml := v.XML
				if xml == "" {
					xml = googleNumber(v.Value)
				}
				if !numberRE.MatchString(xml) {
					t.Fatalf("xlsxtest: cell %s: %q is not a number", ref, xml)
				}
				err, nf = f.SetCellDefault(tab, ref, xml), numFmt{v.Format, v.NumFmt}
			case Text:
				err, nf = f.SetCellStr(tab, ref, v.Value), numFmt{code: v.Format}
			case bool:
				err = f.SetCellBool(tab, ref, v)
			case nil:
				continue
			default:
				t.Fatalf("xlsxtest: cell %s: unsupported value %T", ref, v)
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(tab, ref, ref, style(nf)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

var numberRE = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// Number is a number cell for WriteDownload.
type Number struct {
	Value  float64
	Format string // its number format code, such as "m/d/yyyy" or "0%"; "" is General
	NumFmt int    // a built-in number format (ECMA-376 §18.8.30: 14 is the short date), when Format is ""
	XML    string // when set, the value as the file stores it ("2018.0", "1.0E-5"), in place of Value
}

// Text is a text cell with a number format, for WriteDownload.
type Text struct {
	Value  string
	Format string
}

// googleNumber is the number v as Google's .xlsx writer stores it, with a
// decimal point even in a whole number (2018.0). That is Java's
// Double.toString, which also writes numbers from 10^7 and below 10^-3 in
// scientific notation (5.550123456E9, 1.0E-5); podsync reads either way.
func googleNumber(v float64) string {
	if v == 0 {
		if math.Signbit(v) {
			return "-0.0"
		}
		return "0.0"
	}
	if a := math.Abs(v); a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(v, 'E', -1, 64), "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// CellXML is the stored value of the cell at ref of tab, as the sheet's
// XML holds it ("2018.0"; a boolean's 1 or 0; a text cell's text).
func CellXML(t testing.TB, path, tab, ref string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := f.GetCellValue(tab, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
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
