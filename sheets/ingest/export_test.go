package ingest_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/xlsx/xlsxtest"
)

// The fixtures in testdata/ingest are written by hand in the shapes Google
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
//	es_download.csv       a Spanish form's download: Google's titles in
//	                      Spanish ("Marca temporal", "Dirección de correo
//	                      electrónico"), "p. m." stamps in GMT-3, the pod's
//	                      own questions in Spanish (mapped by Header: rows)
//	de_linked.csv         a German linked sheet's CSV: "Zeitstempel",
//	                      "E-Mail-Adresse", D.M.YYYY stamps in the sheet's
//	                      zone (Europe/Berlin, across the switch to summer
//	                      time), a bare LF in a cell
const fixtures = "../../testdata/ingest/"

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
		// A Spanish download's zone is its own, whatever the Settings' Time
		// zone says.
		{"es_download.csv", esSettings(t), []string{
			"2026-03-02T19:15:04-03:00", // 7:15:04 p. m.
			"2026-03-03T09:02:47-03:00", // 9:02:47 a. m.
			"2026-03-05T12:30:00-03:00", // 12:30:00 p. m. is noon
			"2026-03-07T00:05:10-03:00", // 12:05:10 a. m. is just past midnight
			"2026-03-08T23:59:59-03:00",
		}},
		{"es_download.csv", named("Tu nombre", func(s *matching.Settings) { s.TimeZone = mustZone(t, "Europe/Madrid") }), []string{
			"2026-03-02T19:15:04-03:00", "2026-03-03T09:02:47-03:00", "2026-03-05T12:30:00-03:00",
			"2026-03-07T00:05:10-03:00", "2026-03-08T23:59:59-03:00",
		}},
		// A German linked sheet is in the spreadsheet's zone: winter time,
		// then summer time from 29 March 2026, then winter again.
		{"de_linked.csv", named("Dein Name", func(s *matching.Settings) { s.TimeZone = mustZone(t, "Europe/Berlin") }), []string{
			"2026-02-07T18:04:31+01:00", "2026-03-13T09:15:00+01:00", "2026-03-29T10:30:05+02:00",
			"2026-04-01T07:05:59+02:00", "2026-12-31T23:59:59+01:00",
		}},
		// D.M.YYYY is day first: no Date order needed, and MDY does not
		// turn it round.
		{"de_linked.csv", named("Dein Name", func(s *matching.Settings) { s.DateOrder = "MDY" }), []string{
			"2026-02-07T18:04:31Z", "2026-03-13T09:15:00Z", "2026-03-29T10:30:05Z",
			"2026-04-01T07:05:59Z", "2026-12-31T23:59:59Z",
		}},
		{"linked_ambiguous.csv", settings(func(s *matching.Settings) { s.DateOrder = "DMY" }), []string{
			"2026-12-03T14:00:00Z", "2026-11-04T08:00:00Z", "2026-05-05T08:00:00Z",
		}},
		{"linked_ambiguous.csv", settings(func(s *matching.Settings) { s.DateOrder = "MDY" }), []string{
			"2026-03-12T14:00:00Z", "2026-04-11T08:00:00Z", "2026-05-05T08:00:00Z",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			rs, err := ingest.ReadResponsesFile(fixture(tc.file), tc.set)
			if err != nil {
				t.Fatal(err)
			}
			raw := readCSVRaw(t, tc.file)
			if len(rs) != len(tc.want) || len(raw)-1 != len(rs) {
				t.Fatalf("%d responses, want %d", len(rs), len(tc.want))
			}
			ids := map[string]bool{}
			for i, r := range rs {
				if got := ingest.FormatTime(r.Submitted); got != tc.want[i] {
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
			again, err := ingest.ReadResponsesFile(fixture(tc.file), tc.set)
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

// named is the default settings with the name question's title mapped by
// a Header: row, changed by mod.
func named(title string, mod func(*matching.Settings)) *matching.Settings {
	return settings(func(s *matching.Settings) {
		s.Headers["name"] = title
		if mod != nil {
			mod(s)
		}
	})
}

// esSettings are a Spanish pod's: its form's questions are in Spanish,
// mapped by Header: rows, and the spreadsheet is in Buenos Aires.
func esSettings(t *testing.T) *matching.Settings {
	return named("Tu nombre", func(s *matching.Settings) {
		s.TimeZone = mustZone(t, "America/Argentina/Buenos_Aires")
		s.Headers["phone"] = "Número de teléfono"
		s.Headers["offers"] = "¿En qué puedes ayudar a otros?"
	})
}

// The locale fixtures have the shapes Google writes, and Google's own
// titles in Spanish and German need no Settings row: the timestamp column
// is the time, and the collected email is the email question.
func TestLocaleFixtures(t *testing.T) {
	cases := []struct {
		file     string
		set      *matching.Settings
		download bool
		want     ingest.HeaderMap
	}{
		{"es_download.csv", esSettings(t), true, ingest.HeaderMap{"email": 1, "name": 2, "phone": 3, "offers": 7}},
		{"de_linked.csv", named("Dein Name", nil), false, ingest.HeaderMap{"email": 1, "name": 2}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(fixture(tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if tc.download && (bytes.Contains(b, []byte("\r")) || bytes.HasSuffix(b, []byte("\n")) || b[0] != '"') {
				t.Error("a download must be LF with no final newline and every field quoted")
			}
			if !tc.download && (!bytes.Contains(b, []byte("\r\n")) || !bytes.Contains(b, []byte("Amt\n(auf")) || b[0] == '"') {
				t.Error("a linked sheet's CSV must be CRLF, minimally quoted, with a bare LF in a cell")
			}
			ex, err := ingest.ReadCSVExport(bytes.NewReader(b), tc.file)
			if err != nil {
				t.Fatal(err)
			}
			hm, err := ingest.ResolveHeaders(ingest.Columns(ex.Titles), tc.set.Headers, "file "+tc.file)
			if err != nil {
				t.Fatal(err)
			}
			for k, c := range tc.want {
				if hm[k] != c {
					t.Errorf("%s → column %d, want %d (map %v)", k, hm[k], c, hm)
				}
			}
			if _, ok := hm["email"]; !ok {
				t.Error("no email column")
			}
		})
	}
}

func TestExportSeparator(t *testing.T) {
	for file, want := range map[string]string{"download.csv": ";", "linked.csv": ", ", "linked_dmy.csv": ", ", "es_download.csv": ";", "de_linked.csv": ", "} {
		f, err := os.Open(fixture(file))
		if err != nil {
			t.Fatal(err)
		}
		ex, err := ingest.ReadCSVExport(f, file)
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
// fraction of a second in the sheet's date-time format, every answer a
// string.
func writeLinkedXLSX(t *testing.T, path, tab string, titles []string, stamps []float64, rows [][]string) {
	t.Helper()
	cells := [][]any{make([]any, len(titles))}
	for c, ti := range titles {
		cells[0][c] = ti
	}
	for r, row := range rows {
		line := []any{xlsxtest.Number{Value: stamps[r], Format: "M/d/yyyy H:mm:ss"}}
		for _, v := range row[1:] {
			line = append(line, v)
		}
		cells = append(cells, line)
	}
	xlsxtest.WriteDownload(t, path, tab, cells)
}

func TestReadLinkedXLSX(t *testing.T) {
	raw := readCSVRaw(t, "linked.csv")
	// The CSV shows each time rounded to the nearest second.
	stamps := []float64{
		serial(2026, 11, 20, 9, 5, 12, 345),
		serial(2026, 11, 21, 18, 29, 59, 999),
		serial(2026, 11, 22, 0, 0, 5, 1),
		serial(2026, 12, 1, 7, 4, 58, 600),
	}
	ny := mustZone(t, "America/New_York")
	set := settings(func(s *matching.Settings) { s.TimeZone = ny })
	fromCSV, err := ingest.ReadResponsesFile(fixture("linked.csv"), set)
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range []string{"Form Responses 1", "Form responses 1", "Form Responses 2"} {
		t.Run(tab, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "Pod form (Responses).xlsx")
			writeLinkedXLSX(t, path, tab, raw[0], stamps, raw[1:])
			rs, err := ingest.ReadResponsesFile(path, set)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != len(fromCSV) {
				t.Fatalf("%d responses, want %d", len(rs), len(fromCSV))
			}
			for i, r := range rs {
				// Fractions of a second are rounded away, as the sheet
				// shows them: the same response read from the CSV
				// download has the same time and ID.
				if !r.Submitted.Equal(fromCSV[i].Submitted) || ingest.FormatTime(r.Submitted) != ingest.FormatTime(fromCSV[i].Submitted) {
					t.Errorf("response %d: %s, want %s", i+1, ingest.FormatTime(r.Submitted), ingest.FormatTime(fromCSV[i].Submitted))
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
	t.Run("linked tab in another language", func(t *testing.T) {
		// Google names the tab in the owner's language; its Timestamp
		// column tells it.
		path := filepath.Join(t.TempDir(), "Formulario (respuestas).xlsx")
		writeLinkedXLSX(t, path, "Respuestas de formulario 1", raw[0], stamps, raw[1:])
		rs, err := ingest.ReadResponsesFile(path, set)
		if err != nil || len(rs) != len(fromCSV) {
			t.Fatalf("%d responses, %v; want %d", len(rs), err, len(fromCSV))
		}
	})
	t.Run("no linked tab", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.xlsx")
		titles := append([]string{"When"}, raw[0][1:]...)
		writeLinkedXLSX(t, path, "Sheet 7", titles, stamps, raw[1:])
		_, err := ingest.ReadResponsesFile(path, set)
		var pe *ingest.ParseError
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
		ex, err := ingest.ReadCSVExport(strings.NewReader(in), "x.csv")
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
	ex, _ := ingest.ReadCSVExport(strings.NewReader(strings.Replace(linked, "Wes Hall", "Wes Hal", 1)), "x.csv")
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
		{"ambiguous dates, French titles", "Horodateur,Adresse e-mail,Your name\r\n01/10/2026 18:12:05,ana.ruiz@example.org,Ana\r\n", nil, 2,
			[]string{"line 2", `column "Horodateur"`, `"01/10/2026 18:12:05"`, `"Date order"`, "MDY", "DMY"}},
		{"day above 12 in the wrong Date order", "Marca temporal,Your name\r\n21/08/2026 16:04:11,Ana\r\n", settings(func(s *matching.Settings) { s.DateOrder = "MDY" }), 2,
			[]string{"line 2", `column "Marca temporal"`, "month 21", `"Date order" to "DMY"`}},
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
			_, err := ingest.ReadResponsesFile(path, tc.set)
			var pe *ingest.ParseError
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
	if got := ingest.Columns(ex.Titles); strings.Join(got, "|") != strings.Join(wantNames, "|") {
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

func readExport(t *testing.T, name string) *ingest.Export {
	t.Helper()
	f, err := os.Open(fixture(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex, err := ingest.ReadCSVExport(f, name)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// A file a spreadsheet program saved again with ";" or tabs between cells
// still reads; a linked tab whose last question is untitled keeps it.
func TestOtherDelimitersAndShortHeader(t *testing.T) {
	for name, in := range map[string]string{
		"semicolons": "Timestamp;Email address;Your name;What can you help others with?\r\n20.11.2026 09:05:12;a@example.org;Ana;\"Childcare;Recreation;my words, mine\"\r\n",
		"tabs":       "Timestamp\tEmail address\tYour name\tWhat can you help others with?\n2026-11-20 09:05:12\ta@example.org\tAna\tChildcare;Recreation;my words, mine\n",
	} {
		ex, err := ingest.ReadCSVExport(strings.NewReader(in), name+".csv")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rs, err := ex.Responses(nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(rs) != 1 || ingest.FormatTime(rs[0].Submitted) != "2026-11-20T09:05:12Z" || rs[0].Fields[2].Text != "Childcare;Recreation;my words, mine" {
			t.Fatalf("%s: %+v", name, rs)
		}
	}
	tab := &sheets.Table{Name: "Form Responses 1", Header: []string{"Timestamp", "Your name"},
		Rows: [][]string{{"46346.5", "Ana", "an untitled answer"}, {"46346.6", "Ben"}}}
	ex := ingest.ExportFromTable(tab)
	rs, err := ex.Responses(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || len(rs[0].Fields) != 2 || rs[0].Fields[1].Title != "Column C" || rs[0].Fields[1].Text != "an untitled answer" || rs[1].Fields[1].Text != "" {
		t.Fatalf("%+v", rs)
	}
}
