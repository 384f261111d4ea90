package sheets_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/xuri/excelize/v2"
)

// The fixtures in testdata/sheets are written by hand in the shapes Google
// writes (SPEC "How Google writes responses"):
//
//	download.csv          Responses → Download responses: every field quoted,
//	                      LF, no final newline, 12-hour stamps with zones,
//	                      checkboxes joined with ";", email titled Username
//	linked.csv            the linked sheet's CSV download: minimal quoting,
//	                      CRLF, bare LF inside a cell, M/D/YYYY H:MM:SS,
//	                      checkboxes joined with ", ", Email Address
//	linked_dmy.csv        D/M/YYYY, settled by a day above 12
//	linked_ambiguous.csv  D/M or M/D, nothing settles it
//	duplicate_titles.csv  padded, repeated, empty and grid titles
//	ambiguous_titles.csv  two columns titled "Your name"
//	missing_name.csv      no "Your name" column
//	malformed.csv         a bare quote on line 3
const fixtures = "../testdata/sheets/"

func fixture(name string) string { return fixtures + name }

// readCSVRaw reads a fixture with encoding/csv alone, as the reference for
// what every cell holds.
func readCSVRaw(t *testing.T, name string) [][]string {
	t.Helper()
	b, err := os.ReadFile(fixture(name))
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func settings(mod func(*matching.Settings)) *matching.Settings {
	s := matching.DefaultSettings()
	if mod != nil {
		mod(&s)
	}
	return &s
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestFixtureShapes(t *testing.T) {
	dl, err := os.ReadFile(fixture("download.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(dl, []byte("\r")) || bytes.HasSuffix(dl, []byte("\n")) || dl[0] != '"' {
		t.Error("download.csv must be LF with no final newline and every field quoted")
	}
	ln, err := os.ReadFile(fixture("linked.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(ln, []byte("\r\n")) || !bytes.Contains(ln, []byte("council\n(in")) || ln[0] == '"' {
		t.Error("linked.csv must be CRLF, minimally quoted, with a bare LF in a cell")
	}
}

func TestReadExports(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	cases := []struct {
		file string
		set  *matching.Settings
		// want Submitted at, in order
		want []string
	}{
		{"download.csv", nil, []string{
			"2023-08-08T18:07:50+05:30", // GMT+5:30
			"2026-05-03T12:56:56+01:00", // pm, CET
			"2020-06-29T20:29:38-04:00", // AST
			"2026-11-20T09:05:12-05:00", // GMT-5
			"2026-11-20T10:15:00-04:00", // am, GMT-4
			"2026-11-21T23:00:00Z",      // GMT
			"2026-11-22T07:30:00-08:00", // PST
			"2026-11-22T00:00:00-05:00", // 12:00:00 AM EST
		}},
		// The download's zones are its own: the Time zone setting does
		// not move them.
		{"download.csv", settings(func(s *matching.Settings) { s.TimeZone = ny }), []string{
			"2023-08-08T18:07:50+05:30", "2026-05-03T12:56:56+01:00", "2020-06-29T20:29:38-04:00",
			"2026-11-20T09:05:12-05:00", "2026-11-20T10:15:00-04:00", "2026-11-21T23:00:00Z",
			"2026-11-22T07:30:00-08:00", "2026-11-22T00:00:00-05:00",
		}},
		{"linked.csv", nil, []string{ // default Time zone: UTC
			"2026-11-20T09:05:12Z", "2026-11-21T18:30:00Z", "2026-11-22T00:00:05Z", "2026-12-01T07:04:59Z",
		}},
		{"linked.csv", settings(func(s *matching.Settings) { s.TimeZone = ny }), []string{
			"2026-11-20T09:05:12-05:00", "2026-11-21T18:30:00-05:00", "2026-11-22T00:00:05-05:00", "2026-12-01T07:04:59-05:00",
		}},
		{"linked_dmy.csv", nil, []string{"2026-11-20T09:05:12Z", "2026-12-03T14:00:00Z"}},
		{"linked_ambiguous.csv", settings(func(s *matching.Settings) { s.DateOrder = "DMY" }), []string{
			"2026-12-03T14:00:00Z", "2026-11-04T08:00:00Z", "2026-05-05T08:00:00Z",
		}},
		{"linked_ambiguous.csv", settings(func(s *matching.Settings) { s.DateOrder = "MDY" }), []string{
			"2026-03-12T14:00:00Z", "2026-04-11T08:00:00Z", "2026-05-05T08:00:00Z",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			rs, err := sheets.ReadResponsesFile(fixture(tc.file), tc.set)
			if err != nil {
				t.Fatal(err)
			}
			raw := readCSVRaw(t, tc.file)
			if len(rs) != len(tc.want) || len(raw)-1 != len(rs) {
				t.Fatalf("%d responses, want %d", len(rs), len(tc.want))
			}
			ids := map[string]bool{}
			for i, r := range rs {
				if got := sheets.FormatTime(r.Submitted); got != tc.want[i] {
					t.Errorf("response %d: Submitted at %s, want %s", i+1, got, tc.want[i])
				}
				if ids[r.ID] || !strings.HasPrefix(r.ID, "R-") || len(r.ID) != 14 {
					t.Errorf("response %d: ID %q is not a fresh R- ID", i+1, r.ID)
				}
				ids[r.ID] = true
				// Every answer exactly as the file has it, in order.
				row := raw[i+1]
				if len(r.Fields) != len(row)-1 {
					t.Fatalf("response %d has %d fields, the file %d answers", i+1, len(r.Fields), len(row)-1)
				}
				for j, f := range r.Fields {
					if f.Text != row[j+1] {
						t.Errorf("response %d, %q = %q, want %q", i+1, f.Title, f.Text, row[j+1])
					}
				}
			}
			again, err := sheets.ReadResponsesFile(fixture(tc.file), tc.set)
			if err != nil {
				t.Fatal(err)
			}
			for i := range again {
				if again[i].ID != rs[i].ID {
					t.Errorf("response %d: ID not stable: %s then %s", i+1, rs[i].ID, again[i].ID)
				}
			}
		})
	}
}

func TestExportSeparator(t *testing.T) {
	for file, want := range map[string]string{"download.csv": ";", "linked.csv": ", ", "linked_dmy.csv": ", "} {
		f, err := os.Open(fixture(file))
		if err != nil {
			t.Fatal(err)
		}
		ex, err := sheets.ReadCSVExport(f, file)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := ex.Separator(); got != want {
			t.Errorf("%s: separator %q, want %q", file, got, want)
		}
	}
}

// serial is the spreadsheet date-time number of a wall-clock time.
func serial(y int, mo time.Month, d, h, mi, s, ms int) float64 {
	day := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
	return day + (float64(h*3600+mi*60+s)+float64(ms)/1000)/86400
}

// writeLinkedXLSX writes the linked sheet as Google's File → Download →
// .xlsx does: the tab named tab, the timestamp a date-time number with a
// fraction of a second, every answer a string.
func writeLinkedXLSX(t *testing.T, path, tab string, titles []string, stamps []float64, rows [][]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", tab); err != nil {
		t.Fatal(err)
	}
	set := func(c, r int, v any) {
		ref, err := excelize.CoordinatesToCellName(c+1, r+1)
		if err != nil {
			t.Fatal(err)
		}
		switch v := v.(type) {
		case string:
			err = f.SetCellStr(tab, ref, v)
		case float64:
			err = f.SetCellFloat(tab, ref, v, -1, 64)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for c, ti := range titles {
		set(c, 0, ti)
	}
	for r, row := range rows {
		set(0, r+1, stamps[r])
		for c, v := range row[1:] {
			if v != "" {
				set(c+1, r+1, v)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestReadLinkedXLSX(t *testing.T) {
	raw := readCSVRaw(t, "linked.csv")
	stamps := []float64{
		serial(2026, 11, 20, 9, 5, 12, 345),
		serial(2026, 11, 21, 18, 30, 0, 999),
		serial(2026, 11, 22, 0, 0, 5, 1),
		serial(2026, 12, 1, 7, 4, 59, 500),
	}
	ny := mustZone(t, "America/New_York")
	set := settings(func(s *matching.Settings) { s.TimeZone = ny })
	fromCSV, err := sheets.ReadResponsesFile(fixture("linked.csv"), set)
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range []string{"Form Responses 1", "Form responses 1", "Form Responses 2"} {
		t.Run(tab, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "Pod form (Responses).xlsx")
			writeLinkedXLSX(t, path, tab, raw[0], stamps, raw[1:])
			rs, err := sheets.ReadResponsesFile(path, set)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != len(fromCSV) {
				t.Fatalf("%d responses, want %d", len(rs), len(fromCSV))
			}
			for i, r := range rs {
				// Fractions of a second are dropped: the same response
				// read from the CSV download has the same time and ID.
				if !r.Submitted.Equal(fromCSV[i].Submitted) || sheets.FormatTime(r.Submitted) != sheets.FormatTime(fromCSV[i].Submitted) {
					t.Errorf("response %d: %s, want %s", i+1, sheets.FormatTime(r.Submitted), sheets.FormatTime(fromCSV[i].Submitted))
				}
				if r.ID != fromCSV[i].ID {
					t.Errorf("response %d: ID %s from xlsx, %s from CSV", i+1, r.ID, fromCSV[i].ID)
				}
				for j, f := range r.Fields {
					if f.Text != raw[i+1][j+1] {
						t.Errorf("response %d, %q = %q, want %q", i+1, f.Title, f.Text, raw[i+1][j+1])
					}
				}
			}
		})
	}
	t.Run("no linked tab", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.xlsx")
		writeLinkedXLSX(t, path, "Sheet 7", raw[0], stamps, raw[1:])
		_, err := sheets.ReadResponsesFile(path, set)
		var pe *sheets.ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), "other.xlsx") || !strings.Contains(err.Error(), `"Form Responses 1"`) || !strings.Contains(err.Error(), `"Sheet 7"`) {
			t.Fatalf("want an error naming the file, the tab wanted and the tabs found, got %v", err)
		}
	})
}

// The same response in the downloaded CSV and the linked sheet gets the same
// ID, so a pod that switches from one to the other does not double.
func TestIDStableAcrossShapes(t *testing.T) {
	dl := "\"Timestamp\",\"Username\",\"Your name\",\"What can you help others with?\",\"Comments\"\n" +
		"\"2026/11/20 9:05:12 AM GMT-5\",\"wes.hall@example.org\",\"Wes Hall\",\"Childcare;Recreation;Chess; go, and draughts\",\"\""
	linked := "Timestamp,Email Address,Your name,What can you help others with?,Comments\r\n" +
		"11/20/2026 9:05:12,wes.hall@example.org,Wes Hall,\"Childcare, Recreation, Chess; go, and draughts\",\r\n"
	// A question added to the form later: old responses have it blank.
	grown := "Timestamp,Email Address,Your name,Pronouns,What can you help others with?,Comments,Anything else?\r\n" +
		"11/20/2026 9:05:12,wes.hall@example.org,Wes Hall,,\"Childcare, Recreation, Chess; go, and draughts\",,\r\n"
	ny := mustZone(t, "America/New_York")
	var ids []string
	for _, in := range []string{dl, linked, grown} {
		ex, err := sheets.ReadCSVExport(strings.NewReader(in), "x.csv")
		if err != nil {
			t.Fatal(err)
		}
		rs, err := ex.Responses(settings(func(s *matching.Settings) { s.TimeZone = ny }))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rs[0].ID)
	}
	if ids[0] != ids[1] || ids[1] != ids[2] {
		t.Fatalf("IDs %v differ", ids)
	}
	// A different answer is a different response.
	ex, _ := sheets.ReadCSVExport(strings.NewReader(strings.Replace(linked, "Wes Hall", "Wes Hal", 1)), "x.csv")
	rs, err := ex.Responses(nil)
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].ID == ids[0] {
		t.Fatal("a changed answer kept the ID")
	}
}

func TestBadExports(t *testing.T) {
	cases := []struct {
		name string
		file string // a fixture, or inline CSV when it has a newline
		set  *matching.Settings
		line int
		want []string
	}{
		{"missing required column", "missing_name.csv", nil, 1,
			[]string{"missing_name.csv", `"Your name"`, `Header: name`}},
		{"malformed line", "malformed.csv", nil, 3,
			[]string{"malformed.csv", "line 3", `column "Your name"`, "quote"}},
		{"ambiguous dates", "linked_ambiguous.csv", nil, 2,
			[]string{"linked_ambiguous.csv", "line 2", `"Date order"`, "DMY", "3/12/2026"}},
		{"ambiguous title", "ambiguous_titles.csv", nil, 1,
			[]string{"ambiguous_titles.csv", "column C", "column E", `"Your name (2)"`, `Header: name`}},
		{"override names nothing", "download.csv", settings(func(s *matching.Settings) { s.Headers["phone"] = "Mobile" }), 1,
			[]string{"download.csv", `"Mobile"`, `Header: phone`}},
		{"no timestamp", "\"Your name\"\n\"Ana\"", nil, 1, []string{"Timestamp"}},
		{"bad timestamp", "\"Timestamp\",\"Your name\"\n\"2026/11/20 9:05:12 AM GMT-5\",\"Ana\"\n\"yesterday\",\"Ben\"", nil, 3,
			[]string{"line 3", `column "Timestamp"`, `"yesterday"`}},
		{"unknown zone", "\"Timestamp\",\"Your name\"\n\"2026/11/20 9:05:12 AM XYZT\",\"Ana\"", nil, 2,
			[]string{"line 2", `"XYZT"`, "GMT"}},
		{"13 o'clock pm", "\"Timestamp\",\"Your name\"\n\"2026/11/20 13:05:12 PM GMT\",\"Ana\"", nil, 2, []string{"line 2", "12-hour"}},
		{"february 30", "Timestamp,Your name\r\n2/30/2026 9:00:00,Ana\r\n", nil, 2, []string{"line 2", "day 30"}},
		{"mixed date orders", "Timestamp,Your name\r\n13/1/2026 9:00:00,Ana\r\n1/13/2026 9:00:00,Ben\r\n", nil, 3, []string{"line 3", "Date order"}},
		{"cells past the header", "Timestamp,Your name\r\n1/13/2026 9:00:00,Ana,extra\r\n", nil, 2, []string{"line 2", `column "C"`}},
		{"unquoted comma in a title", "Timestamp,Your name,Your zone (building, floor or block),Phone number\r\n1/13/2026 9:00:00,Ana,Block 1,555-0101\r\n", nil, 2,
			[]string{"line 2", "4 cells", "header row has 5", "quotes"}},
		{"not UTF-8", "Timestamp,Your name\r\n1/13/2026 9:00:00,Ana \xe9\r\n", nil, 2, []string{"line 2", `"Your name"`, "UTF-8"}},
		{"empty file", "\n\n", nil, 0, []string{"empty"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path, name := fixture(tc.file), tc.file
			if strings.Contains(tc.file, "\n") {
				name = "inline.csv"
				path = filepath.Join(t.TempDir(), name)
				if err := os.WriteFile(path, []byte(tc.file), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := sheets.ReadResponsesFile(path, tc.set)
			var pe *sheets.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("want a *ParseError, got %T %v", err, err)
			}
			if pe.Line != tc.line {
				t.Errorf("line %d, want %d (%v)", pe.Line, tc.line, err)
			}
			if !strings.Contains(err.Error(), "file "+name) {
				t.Errorf("%q does not name the file", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %s", err, w)
				}
			}
		})
	}
}

func TestHeadersResolveInExports(t *testing.T) {
	ex := readExport(t, "duplicate_titles.csv")
	wantNames := []string{"Timestamp", "Username", "  Your  name ", "Phone number", "Comments", "Comments (2)", "Column G",
		"What can you help others with?", "Availability [Mornings]", "Availability [Evenings]", "your name (2)"}
	if got := sheets.Columns(ex.Titles); strings.Join(got, "|") != strings.Join(wantNames, "|") {
		t.Fatalf("columns %q\nwant %q", got, wantNames)
	}
	rs, err := ex.Responses(nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range rs[0].Fields {
		got[f.Title] = f.Text
	}
	for title, want := range map[string]string{
		"  Your  name ": "Rae Moss", "your name (2)": "nickname Ray", "Comments": "first comment",
		"Comments (2)": "second comment", "Column G": "untitled answer", "Availability [Evenings]": "No",
	} {
		if got[title] != want {
			t.Errorf("%q = %q, want %q", title, got[title], want)
		}
	}
	// The ambiguous file reads once Settings say which column is the name.
	ex = readExport(t, "ambiguous_titles.csv")
	rs, err = ex.Responses(settings(func(s *matching.Settings) { s.Headers["name"] = "Your name (2)" }))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Fields[3].Title != "Your name (2)" || rs[0].Fields[3].Text != "Samantha Tran" {
		t.Fatalf("fields %+v", rs[0].Fields)
	}
}

func readExport(t *testing.T, name string) *sheets.Export {
	t.Helper()
	f, err := os.Open(fixture(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex, err := sheets.ReadCSVExport(f, name)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// syncInto runs one cycle of a responses file into a new workbook.
func syncInto(t *testing.T, path, responses string) *sheets.XLSXStore {
	t.Helper()
	s, err := sheets.OpenXLSX(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&sheets.Cycle{Store: s, ResponsesFile: responses, Now: now}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMembersFromExports(t *testing.T) {
	type want struct{ offers, needs, share string }
	cases := []struct {
		file string
		set  string // Settings rows to add, "Key=Value;…"
		want map[string]want
	}{
		{"download.csv", "", map[string]want{
			"Ana Ruiz":     {"Food and groceries, Childcare", "Tech assistance", "My name, My zone"},
			"Ben Okafor":   {"Recreation, Tech assistance, Fixing bikes; scooters, and prams", "", ""},
			"Chloe Martin": {"Recreation, gardening", "Emotional support, Someone to talk to; weekly if possible", "My name, My email"},
			"Fay Lund":     {"Food and groceries, Childcare, Recreation", "Food and groceries, Childcare", "My name, My zone, My interests"},
			"Gus Ito":      {"", "", ""},
			"Hana Novak":   {"Other things entirely", "Medicine and errands", "My name, My email"},
		}},
		{"linked.csv", "", map[string]want{
			"Ivan Petrov": {"Food and groceries, Medicine and errands", "Language translation", "My name, My phone number"},
			"Jo Baptiste": {"Childcare, Tutoring; maths, reading", "", "My name, My zone, What I can offer"},
			"Kai Weber":   {"", "Recreation, Tech assistance, help with my router, modem", "My email"},
			"Lea Rossi":   {"Tech assistance, Recreation, Internet access", "", "My name, My zone"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			s, err := sheets.OpenXLSX(filepath.Join(t.TempDir(), "pod.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := (&sheets.Cycle{Store: s, ResponsesFile: fixture(tc.file), Now: now}).Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			members := storetest.ReadTab(t, s, sheets.TabMembers)
			for name, w := range tc.want {
				_, row := find(t, members, "Name", name)
				for col, v := range map[string]string{"Offers": w.offers, "Needs": w.needs, "Share": w.share} {
					if got := row[colOf(t, members, col)]; got != v {
						t.Errorf("%s: %s = %q, want %q", name, col, got, v)
					}
				}
			}
			// The member's own words are kept whole, listed in Unmet and
			// never matched on.
			res := matching.Propose(matching.MatchInput{Members: rep.Pod.Members, Settings: rep.Pod.Settings, Today: now})
			labels := map[string]bool{}
			for _, u := range res.Unmet {
				labels[u.Label] = true
			}
			others := 0
			for _, m := range rep.Pod.Members {
				for _, o := range m.NeedOther {
					others++
					if !labels["Other: "+strings.Join(strings.Fields(o), " ")] {
						t.Errorf("Unmet does not list %q (%v)", o, labels)
					}
				}
			}
			if others == 0 {
				t.Error("no member has Other needs")
			}
			for _, m := range res.Matches {
				if _, ok := matching.ParseCategory(string(m.Category)); !ok {
					t.Errorf("matched on %q", m.Category)
				}
			}
		})
	}
}

func TestLinkedSyncWithSettings(t *testing.T) {
	// A pod whose Settings give the spreadsheet's zone and date order.
	path := filepath.Join(t.TempDir(), "pod.xlsx")
	s, err := sheets.OpenXLSX(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabSettings, Create: true, Cells: []sheets.CellEdit{
		{Row: 0, Col: 0, Value: "Setting"}, {Row: 0, Col: 1, Value: "Value"},
		{Row: 1, Col: 0, Value: "Time zone"}, {Row: 1, Col: 1, Value: "Europe/Paris"},
		{Row: 2, Col: 0, Value: "Date order"}, {Row: 2, Col: 1, Value: "DMY"},
	}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := (&sheets.Cycle{Store: s, ResponsesFile: fixture("linked_ambiguous.csv"), Now: now}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	resp := storetest.ReadTab(t, s, sheets.TabResponses)
	sc := colOf(t, resp, "Submitted at")
	var got []string
	for _, r := range resp.Rows {
		got = append(got, r[sc])
	}
	want := "2026-12-03T14:00:00+01:00 2026-11-04T08:00:00+01:00 2026-05-05T08:00:00+02:00"
	if strings.Join(got, " ") != want {
		t.Fatalf("Submitted at %q, want %q", got, want)
	}
}

// longAnswer is a paragraph answer of n UTF-16 units (the xlsx cell limit is
// 32,767), mixing scripts and emoji.
func longAnswer(n int) string {
	parts := []string{"Lorem ipsum dolor sit amet, ", "שלום עולם ", "مرحبا بالعالم ", "こんにちは ", "🌻🚲 ", "\n"}
	var b strings.Builder
	units := 0
	for i := 0; ; i++ {
		p := parts[i%len(parts)]
		u := len(utf16.Encode([]rune(p)))
		if units+u > n {
			break
		}
		b.WriteString(p)
		units += u
	}
	return b.String()
}

// Every answer comes back exactly from the workbook: long answers,
// right-to-left text, emoji, blanks, leading and trailing white space, and
// text that looks like a formula or a number is stored as text.
func TestAnswersRoundTripThroughWorkbook(t *testing.T) {
	dir := t.TempDir()
	titles := []string{"Timestamp", "Username", "Your name", "Phone number", "What are your hobbies and interests?",
		"What resources, skills or knowledge could you share?", "What are your needs? What are you afraid of losing?", "Comments"}
	rows := [][]string{
		{"2026/11/20 9:05:12 AM GMT-5", "xena.long@example.org", "Xena Long", "+1 555-0131", longAnswer(32000), `=HYPERLINK("http://example.org","click")`, "@SUM(A1:A9)", "-2+3"},
		{"2026/11/20 9:06:12 AM GMT-5", "yara.rtl@example.org", "يارا", "555-0132", "أحب القراءة 📚 والطبخ", "עזרה עם מחשבים", "  leading and trailing  ", "0012"},
		{"2026/11/20 9:07:12 AM GMT-5", "zed.blank@example.org", "Zed Blank", "", "", "", "", ""},
		{"2026/11/20 9:08:12 AM GMT-5", "emoji@example.org", "👩🏽‍🦱 Ana", "555-0134", "1e5", "TRUE", "3/4", "line one\nline two\n\nline four"},
	}
	var csvText strings.Builder
	w := csv.NewWriter(&csvText)
	w.Write(titles)
	w.WriteAll(rows)
	in := filepath.Join(dir, "answers.csv")
	if err := os.WriteFile(in, []byte(csvText.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "pod.xlsx")
	s := syncInto(t, path, in)
	assertNoFormulas(t, path)
	check := func(t *testing.T) {
		resp := storetest.ReadTab(t, s, sheets.TabResponses)
		if len(resp.Rows) != len(rows) {
			t.Fatalf("%d rows, want %d", len(resp.Rows), len(rows))
		}
		for _, want := range rows {
			_, got := find(t, resp, "Your name", want[2])
			for j, title := range titles[1:] {
				c := colOf(t, resp, title)
				v := ""
				if c < len(got) {
					v = got[c]
				}
				if v != want[j+1] {
					t.Errorf("%s: %q round-tripped as %q", title, trunc(want[j+1]), trunc(v))
				}
			}
		}
		members := storetest.ReadTab(t, s, sheets.TabMembers)
		_, x := find(t, members, "Email", "xena.long@example.org")
		if got := x[colOf(t, members, "Interests")]; got != rows[0][4] {
			t.Errorf("Members Interests differs from the answer (%d bytes, want %d)", len(got), len(rows[0][4]))
		}
	}
	check(t)
	// Cells are strings, not numbers or formulas.
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cells, err := f.GetRows(sheets.TabResponses)
	if err != nil {
		t.Fatal(err)
	}
	strs := 0
	for r, row := range cells {
		for c, v := range row {
			if v == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			typ, err := f.GetCellType(sheets.TabResponses, ref)
			if err != nil {
				t.Fatal(err)
			}
			if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("%s (%q) has cell type %v, want a string", ref, trunc(v), typ)
			}
			strs++
		}
	}
	if strs < 30 {
		t.Fatalf("only %d cells checked", strs)
	}
	f.Close()
	// A second sync of the same file writes nothing.
	rep, err := (&sheets.Cycle{Store: s, ResponsesFile: in, Now: now}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.NothingChanged {
		t.Fatalf("second sync changed %d cells", rep.CellsWritten)
	}
	check(t)
}

func trunc(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// Submitted at is RFC 3339 with an offset, and reads back to the instant.
func TestSubmittedAtIsRFC3339(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pod.xlsx")
	s := syncInto(t, path, fixture("download.csv"))
	resp := storetest.ReadTab(t, s, sheets.TabResponses)
	sc := colOf(t, resp, "Submitted at")
	rs, err := sheets.ReadResponsesFile(fixture("download.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		_, row := find(t, resp, "Response ID", r.ID)
		got, err := time.Parse(time.RFC3339, row[sc])
		if err != nil || !got.Equal(r.Submitted) {
			t.Errorf("Submitted at %q for %s, want %s", row[sc], r.ID, sheets.FormatTime(r.Submitted))
		}
		_, off := got.Zone()
		_, woff := r.Submitted.Zone()
		if off != woff {
			t.Errorf("offset %d, want %d", off, woff)
		}
	}
}

// A response whose answers do not show their separator is read the way
// the pod's other responses are.
func TestLoneOtherTextReadsLikeThePod(t *testing.T) {
	cases := []struct {
		name, csv, who, offers string
	}{
		{"download", "\"Timestamp\",\"Username\",\"Your name\",\"What can you help others with?\"\n" +
			"\"2026/11/20 9:05:12 AM GMT-5\",\"a@example.org\",\"Ana\",\"Childcare;Recreation\"\n" +
			"\"2026/11/20 9:06:12 AM GMT-5\",\"b@example.org\",\"Ben\",\"Food and groceries;Tech assistance\"\n" +
			"\"2026/11/20 9:07:12 AM GMT-5\",\"c@example.org\",\"Cy\",\"Recreation, gardening\"",
			"Cy", "Recreation, gardening"},
		{"linked", "Timestamp,Email Address,Your name,What can you help others with?\r\n" +
			"11/20/2026 9:05:12,a@example.org,Ana,\"Childcare, Recreation\"\r\n" +
			"11/20/2026 9:06:12,b@example.org,Ben,\"Food and groceries, Tech assistance\"\r\n" +
			"11/20/2026 9:07:12,c@example.org,Cy,Recreation;gardening\r\n",
			"Cy", "Recreation;gardening"},
		{"linked, label then words", "Timestamp,Email Address,Your name,What can you help others with?\r\n" +
			"11/20/2026 9:05:12,a@example.org,Ana,\"Childcare, Recreation\"\r\n" +
			"11/20/2026 9:07:12,c@example.org,Cy,\"Recreation, gardening\"\r\n",
			"Cy", "Recreation, gardening"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "r.csv")
			if err := os.WriteFile(in, []byte(tc.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := sheets.OpenXLSX(filepath.Join(dir, "pod.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := (&sheets.Cycle{Store: s, ResponsesFile: in, Now: now}).Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range rep.Pod.Members {
				if m.Name != tc.who {
					continue
				}
				if tc.name == "linked, label then words" {
					if len(m.Offers) != 1 || m.Offers[0] != matching.Recreation || strings.Join(m.OfferOther, "") != "gardening" {
						t.Fatalf("offers %v, other %q", m.Offers, m.OfferOther)
					}
					return
				}
				if len(m.Offers) != 0 || strings.Join(m.OfferOther, "") != tc.offers {
					t.Fatalf("offers %v, other %q; want only the words %q", m.Offers, m.OfferOther, tc.offers)
				}
				return
			}
			t.Fatalf("no member %s", tc.who)
		})
	}
}

// A file a spreadsheet program saved again with ";" or tabs between cells
// still reads; a linked tab whose last question is untitled keeps it.
func TestOtherDelimitersAndShortHeader(t *testing.T) {
	for name, in := range map[string]string{
		"semicolons": "Timestamp;Email address;Your name;What can you help others with?\r\n20.11.2026 09:05:12;a@example.org;Ana;\"Childcare;Recreation;my words, mine\"\r\n",
		"tabs":       "Timestamp\tEmail address\tYour name\tWhat can you help others with?\n2026-11-20 09:05:12\ta@example.org\tAna\tChildcare;Recreation;my words, mine\n",
	} {
		ex, err := sheets.ReadCSVExport(strings.NewReader(in), name+".csv")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rs, err := ex.Responses(nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(rs) != 1 || sheets.FormatTime(rs[0].Submitted) != "2026-11-20T09:05:12Z" || rs[0].Fields[2].Text != "Childcare;Recreation;my words, mine" {
			t.Fatalf("%s: %+v", name, rs)
		}
	}
	tab := &sheets.Table{Name: "Form Responses 1", Header: []string{"Timestamp", "Your name"},
		Rows: [][]string{{"46346.5", "Ana", "an untitled answer"}, {"46346.6", "Ben"}}}
	ex := sheets.ExportFromTable(tab)
	rs, err := ex.Responses(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || len(rs[0].Fields) != 2 || rs[0].Fields[1].Title != "Column C" || rs[0].Fields[1].Text != "an untitled answer" || rs[1].Fields[1].Text != "" {
		t.Fatalf("%+v", rs)
	}
}

// Repeated and padded titles sync, and an ambiguous one stops the sync,
// workbook untouched, until a Settings row says which column to use.
func TestDuplicateTitlesSync(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pod.xlsx")
	s := syncInto(t, path, fixture("duplicate_titles.csv"))
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	if _, row := find(t, members, "Name", "Rae Moss"); row[colOf(t, members, "Email")] != "rae.moss@example.org" {
		t.Fatalf("row %q", row)
	}
	resp := storetest.ReadTab(t, s, sheets.TabResponses)
	for _, h := range []string{"Comments", "Comments (2)", "Column G", "your name (2)", "Availability [Mornings]"} {
		colOf(t, resp, h)
	}

	path = filepath.Join(dir, "pod2.xlsx")
	s, err := sheets.OpenXLSX(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabSettings, Create: true, Cells: []sheets.CellEdit{
		{Row: 0, Col: 0, Value: "Setting"}, {Row: 0, Col: 1, Value: "Value"},
	}}}}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = (&sheets.Cycle{Store: s, ResponsesFile: fixture("ambiguous_titles.csv"), Now: now}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "column C") || !strings.Contains(err.Error(), "column E") || !strings.Contains(err.Error(), "ambiguous_titles.csv") {
		t.Fatalf("want an error naming both columns and the file, got %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the workbook changed")
	}
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabSettings, Cells: []sheets.CellEdit{
		{Row: 1, Col: 0, Value: "Header: name"}, {Row: 1, Col: 1, Value: "Your name (2)"},
	}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := (&sheets.Cycle{Store: s, ResponsesFile: fixture("ambiguous_titles.csv"), Now: now}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	members = storetest.ReadTab(t, s, sheets.TabMembers)
	find(t, members, "Name", "Samantha Tran")
}
