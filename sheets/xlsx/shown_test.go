package xlsx_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/podsync/podsync/sheets/xlsx"
	"github.com/podsync/podsync/sheets/xlsx/xlsxtest"
)

// shownCases are cells as Google's .xlsx download stores them, and the
// text Google Sheets shows for each (and writes in its CSV download).
var shownCases = []struct {
	name string
	cell any
	want string
}{
	// General numbers: Google writes the value as Java does, 2018.0.
	{"year", 2018.0, "2018"},
	{"numeric name", 7.0, "7"},
	{"half", 0.5, "0.5"},
	{"decimal", 1234567.89, "1234567.89"},
	{"small", 1e-05, "0.00001"},
	{"phone", 5550123456.0, "5550123456"},
	{"phone with country code", 447700900123.0, "447700900123"},
	{"15 digits", 999999999999999.0, "999999999999999"},
	{"1e15", 1e15, "1E+15"},
	{"16 digits", 1234567890123456.0, "1.23457E+15"},
	{"float noise", xlsxtest.Number{XML: "0.30000000000000004"}, "0.3"},
	{"pi", 3.141592653589793, "3.141592654"},
	{"third", 1.0 / 3, "0.3333333333"},
	{"negative", -3.0, "-3"},
	{"zero", 0.0, "0"},
	{"negative zero", xlsxtest.Number{XML: "-0.0"}, "0"},
	{"tiny", 1e-10, "1E-10"},
	{"long integer part", 12345678901.5, "12345678902"},
	{"ten million", 1e7, "10000000"},
	{"as excelize writes it", xlsxtest.Number{XML: "2018"}, "2018"},
	{"exponent as Google writes it", xlsxtest.Number{XML: "5.550123456E9"}, "5550123456"},
	{"General spelled out", xlsxtest.Number{Value: 2018, Format: "General"}, "2018"},
	{"Text format on a number", xlsxtest.Number{Value: 2018, Format: "@"}, "2018"},
	// Dates in Google's usual formats, and the built-in short date.
	{"date M/d/yyyy", xlsxtest.Number{Value: 46346, Format: "M/d/yyyy"}, "11/20/2026"},
	{"date m/d/yyyy", xlsxtest.Number{Value: 46346, Format: "m/d/yyyy"}, "11/20/2026"},
	{"date d/M/yyyy", xlsxtest.Number{Value: 46346, Format: "d/M/yyyy"}, "20/11/2026"},
	{"date dd/mm/yyyy", xlsxtest.Number{Value: 46327, Format: "dd/mm/yyyy"}, "01/11/2026"},
	{"date yyyy-mm-dd", xlsxtest.Number{Value: 46327, Format: "yyyy-mm-dd"}, "2026-11-01"},
	{"date dd.mm.yyyy", xlsxtest.Number{Value: 46346, Format: "dd.mm.yyyy"}, "20.11.2026"},
	{"date spelled", xlsxtest.Number{Value: 46346, Format: "mmmm d, yyyy"}, "November 20, 2026"},
	{"date built-in 14", xlsxtest.Number{Value: 46346, NumFmt: 14}, "11/20/2026"},
	// Times.
	{"time h:mm:ss", xlsxtest.Number{Value: 0.37847222222222224, Format: "h:mm:ss"}, "9:05:00"},
	{"time H:mm", xlsxtest.Number{Value: 0.37847222222222224, Format: "H:mm"}, "9:05"},
	{"time h:mm am/pm", xlsxtest.Number{Value: 0.37847222222222224, Format: "h:mm am/pm"}, "9:05 AM"},
	{"time h:mm:ss am/pm, afternoon", xlsxtest.Number{Value: 0.8784722222222222, Format: "h:mm:ss am/pm"}, "9:05:00 PM"},
	{"time h:mm:ss AM/PM", xlsxtest.Number{Value: 0.37847222222222224, Format: "h:mm:ss AM/PM"}, "9:05:00 AM"},
	{"time built-in 18", xlsxtest.Number{Value: 0.37847222222222224, NumFmt: 18}, "9:05 AM"},
	{"time built-in 21", xlsxtest.Number{Value: 0.37847222222222224, NumFmt: 21}, "9:05:00"},
	{"time rounds to the second", xlsxtest.Number{Value: (9*3600 + 5*60 + 12.994) / 86400, Format: "h:mm:ss"}, "9:05:13"},
	{"duration", xlsxtest.Number{Value: 1.5, Format: "[h]:mm:ss"}, "36:00:00"},
	// Date-times.
	{"date-time", xlsxtest.Number{Value: 46346.37861516204, Format: "M/d/yyyy H:mm:ss"}, "11/20/2026 9:05:12"},
	{"date-time rounds into the next day", xlsxtest.Number{Value: 46346.999999, Format: "m/d/yyyy h:mm:ss"}, "11/21/2026 0:00:00"},
	{"date-time ISO", xlsxtest.Number{Value: 46346.37861516204, Format: "yyyy-mm-dd hh:mm:ss"}, "2026-11-20 09:05:12"},
	{"date-time built-in 22", xlsxtest.Number{Value: 46346.37861516204, NumFmt: 22}, "11/20/2026 9:05"},
	// Percentages.
	{"percent", xlsxtest.Number{Value: 0.5, Format: "0%"}, "50%"},
	{"percent rounds", xlsxtest.Number{Value: 0.125, Format: "0%"}, "13%"},
	{"percent 0.00%", xlsxtest.Number{Value: 0.125, Format: "0.00%"}, "12.50%"},
	{"percent built-in 9", xlsxtest.Number{Value: 0.5, NumFmt: 9}, "50%"},
	// Amounts.
	{"dollars", xlsxtest.Number{Value: 1234.5, Format: `"$"#,##0.00`}, "$1,234.50"},
	{"dollars, locale code", xlsxtest.Number{Value: 1234.5, Format: `[$$-409]#,##0.00`}, "$1,234.50"},
	{"dollars owed", xlsxtest.Number{Value: -1234.5, Format: `"$"#,##0.00`}, "-$1,234.50"},
	{"euros after", xlsxtest.Number{Value: 1234.5, Format: `#,##0.00\ "€"`}, "1,234.50 €"},
	{"thousands", xlsxtest.Number{Value: 1234.5, Format: "#,##0"}, "1,235"},
	{"two places", xlsxtest.Number{Value: 1234.5, Format: "0.00"}, "1234.50"},
	{"built-in 4", xlsxtest.Number{Value: 1234.5, NumFmt: 4}, "1,234.50"},
	{"built-in 38, left to excelize", xlsxtest.Number{Value: -1234.5, NumFmt: 38}, "(1,235)"},
	// Booleans.
	{"true", true, "TRUE"},
	{"false", false, "FALSE"},
	// Text, exactly as written.
	{"leading zeros", "007", "007"},
	{"spaces", "  two  spaces  ", "  two  spaces  "},
	{"line break", "first line\nsecond line", "first line\nsecond line"},
	{"formula-looking", "=SUM(A1:A3)", "=SUM(A1:A3)"},
	{"number-looking", "2018.0", "2018.0"},
	{"phone as text", "+1 555 0100", "+1 555 0100"},
	{"TRUE as text", "TRUE", "TRUE"},
	{"text in a date column", xlsxtest.Text{Value: "next Tuesday", Format: "m/d/yyyy"}, "next Tuesday"},
	{"digits in a number column", xlsxtest.Text{Value: "0042", Format: "0.00"}, "0042"},
}

func TestReadShown(t *testing.T) {
	rows := [][]any{{"Kind", "Cell"}}
	for _, tc := range shownCases {
		rows = append(rows, []any{tc.name, tc.cell})
	}
	path := filepath.Join(t.TempDir(), "shown.xlsx")
	xlsxtest.WriteDownload(t, path, "Form Responses 1", rows)
	if got := xlsxtest.CellXML(t, path, "Form Responses 1", "B2"); got != "2018.0" {
		t.Fatalf("the year is stored as %q, want 2018.0 as Google writes it", got)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := xlsx.ReadDownload(f)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	shown, err := d.ReadShown("Form Responses 1", "Sheet 2")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := shown["Sheet 2"]; ok || len(shown) != 1 {
		t.Fatalf("tabs %v, want only the one the workbook has", shown)
	}
	raw, err := d.Read("Form Responses 1")
	if err != nil {
		t.Fatal(err)
	}
	tab := shown["Form Responses 1"]
	if len(tab.Header) != 2 || tab.Header[0] != "Kind" || tab.Header[1] != "Cell" {
		t.Fatalf("header %q", tab.Header)
	}
	if len(tab.Rows) != len(shownCases) {
		t.Fatalf("%d rows, want %d", len(tab.Rows), len(shownCases))
	}
	for i, tc := range shownCases {
		t.Run(tc.name, func(t *testing.T) {
			row := tab.Rows[i]
			if len(row) != 2 || row[0] != tc.name {
				t.Fatalf("row %d is %q", i+2, row)
			}
			if row[1] != tc.want {
				t.Errorf("%v (stored %q) shows %q, want %q", tc.cell, raw["Form Responses 1"].Rows[i][1], row[1], tc.want)
			}
		})
	}
	// The raw read is unchanged: the stored value.
	if got := raw["Form Responses 1"].Rows[0][1]; got != "2018.0" {
		t.Errorf("Read gives %q for the year, want the stored 2018.0", got)
	}
}
