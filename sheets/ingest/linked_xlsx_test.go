package ingest_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/xlsx/xlsxtest"
)

// TestSerialTimestampRounds: a date-time number (an xlsx download's
// timestamp) is read to the nearest second, as the sheet shows it and its
// CSV download writes it (12:02:31.994 as 12:02:32); a written time keeps
// the second it names.
func TestSerialTimestampRounds(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	cases := []struct{ stamp, want string }{
		{num(serial(2026, 11, 20, 12, 2, 31, 994)), "2026-11-20T12:02:32-05:00"},
		{num(serial(2026, 11, 20, 12, 2, 31, 400)), "2026-11-20T12:02:31-05:00"},
		{num(serial(2026, 11, 20, 23, 59, 59, 700)), "2026-11-21T00:00:00-05:00"},
		{"11/20/2026 12:02:31.994", "2026-11-20T12:02:31-05:00"},
	}
	for i, tc := range cases {
		ex := &ingest.Export{Name: "test", Titles: []string{"Timestamp", "Your name"},
			Rows: [][]string{{tc.stamp, "Ana " + strconv.Itoa(i)}}, Lines: []int{2}}
		rs, err := ex.Responses(settings(func(s *matching.Settings) { s.TimeZone = ny }))
		if err != nil {
			t.Fatal(err)
		}
		if got := ingest.FormatTime(rs[0].Submitted); got != tc.want || rs[0].Submitted.Nanosecond() != 0 {
			t.Errorf("%s: Submitted at %s, want %s", tc.stamp, rs[0].Submitted, tc.want)
		}
	}
}

// TestLinkedXLSXReadsAsItsCSV: the linked sheet downloaded as .xlsx and as
// CSV gives the same responses (answers, Submitted at and IDs), though the
// .xlsx holds numbers (2018.0, a name 7.0, a phone 5.550123456E9), dates,
// times and booleans where the CSV has the text the sheet shows, and
// timestamps with milliseconds where the CSV rounds to the second.
func TestLinkedXLSXReadsAsItsCSV(t *testing.T) {
	titles := []any{"Timestamp", "Email Address", "Your name", "Phone number",
		"How many neighbors could you help at a time?", "What can you help others with?",
		"What are your needs? What are you afraid of losing?",
		"What year did you move here?", "When can you start?", "What time suits you?", "Anything else?"}
	stamp := func(y int, mo time.Month, d, h, mi, s, ms int) xlsxtest.Number {
		return xlsxtest.Number{Value: serial(y, mo, d, h, mi, s, ms), Format: "M/d/yyyy H:mm:ss"}
	}
	rows := [][]any{titles,
		{stamp(2026, 11, 20, 12, 2, 31, 994), "wes.hall@example.org", 7.0, 5550123456.0, 2.0, "Childcare, Recreation",
			"Rides to the clinic\n(Tuesdays)", 2018.0, xlsxtest.Number{Value: 46346, Format: "M/d/yyyy"},
			xlsxtest.Number{Value: (9*60 + 5) / 1440.0, Format: "h:mm:ss am/pm"}, true},
		{stamp(2026, 11, 21, 23, 59, 59, 700), "ana.lima@example.org", "Ana Lima", "+1 555 0100", "4 or more", "Food and groceries",
			nil, 12.5, xlsxtest.Number{Value: 46400, Format: "M/d/yyyy"}, nil, "007"},
		{stamp(2026, 12, 1, 7, 4, 58, 600), "kai.weber@example.org", "Kai Weber", 447700900123.0, nil, nil,
			nil, 2020.0, nil, nil, false},
	}
	// The same sheet as Google's CSV download of it writes it: minimal
	// quoting, CRLF, a bare LF inside a cell, each time to the second.
	csv := "Timestamp,Email Address,Your name,Phone number,How many neighbors could you help at a time?,What can you help others with?," +
		"What are your needs? What are you afraid of losing?,What year did you move here?,When can you start?,What time suits you?,Anything else?\r\n" +
		"11/20/2026 12:02:32,wes.hall@example.org,7,5550123456,2,\"Childcare, Recreation\",\"Rides to the clinic\n(Tuesdays)\",2018,11/20/2026,9:05:00 AM,TRUE\r\n" +
		"11/22/2026 0:00:00,ana.lima@example.org,Ana Lima,+1 555 0100,4 or more,Food and groceries,,12.5,1/13/2027,,007\r\n" +
		"12/1/2026 7:04:59,kai.weber@example.org,Kai Weber,447700900123,,,,2020,,,FALSE\r\n"
	dir := t.TempDir()
	xlsxPath, csvPath := filepath.Join(dir, "Pod form (Responses).xlsx"), filepath.Join(dir, "Pod form (Responses) - Form Responses 1.csv")
	xlsxtest.WriteDownload(t, xlsxPath, "Form Responses 1", rows)
	if err := os.WriteFile(csvPath, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	set := settings(func(s *matching.Settings) { s.TimeZone = mustZone(t, "America/New_York") })
	fromXLSX, err := ingest.ReadResponsesFile(xlsxPath, set)
	if err != nil {
		t.Fatal(err)
	}
	fromCSV, err := ingest.ReadResponsesFile(csvPath, set)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromXLSX) != 3 || len(fromCSV) != 3 {
		t.Fatalf("%d responses from the xlsx, %d from the CSV; want 3 each", len(fromXLSX), len(fromCSV))
	}
	for i, x := range fromXLSX {
		c := fromCSV[i]
		if x.ID != c.ID {
			t.Errorf("response %d: ID %s from the xlsx, %s from the CSV", i+1, x.ID, c.ID)
		}
		if !x.Submitted.Equal(c.Submitted) || ingest.FormatTime(x.Submitted) != ingest.FormatTime(c.Submitted) {
			t.Errorf("response %d: Submitted at %s from the xlsx, %s from the CSV", i+1, ingest.FormatTime(x.Submitted), ingest.FormatTime(c.Submitted))
		}
		if len(x.Fields) != len(c.Fields) {
			t.Fatalf("response %d: %d fields from the xlsx, %d from the CSV", i+1, len(x.Fields), len(c.Fields))
		}
		for j := range x.Fields {
			if x.Fields[j] != c.Fields[j] {
				t.Errorf("response %d: %+v from the xlsx, %+v from the CSV", i+1, x.Fields[j], c.Fields[j])
			}
		}
	}
	// And they are what the sheet shows.
	first := map[string]string{}
	for _, f := range fromXLSX[0].Fields {
		first[f.Title] = f.Text
	}
	for title, want := range map[string]string{"Your name": "7", "Phone number": "5550123456", "What year did you move here?": "2018",
		"When can you start?": "11/20/2026", "What time suits you?": "9:05:00 AM", "Anything else?": "TRUE"} {
		if first[title] != want {
			t.Errorf("%q = %q, want %q", title, first[title], want)
		}
	}
	if got := ingest.FormatTime(fromXLSX[0].Submitted); got != "2026-11-20T12:02:32-05:00" {
		t.Errorf("Submitted at %s, want 2026-11-20T12:02:32-05:00 (12:02:31.994 rounded)", got)
	}
}

// TestSerialTimeOnSummerTimeDays: a date-time number is the sheet's wall
// clock, so on the days the clocks change it reads as the CSV's text of
// the same time does.
func TestSerialTimeOnSummerTimeDays(t *testing.T) {
	tr := ingest.TimeReader{Loc: mustZone(t, "America/New_York")}
	for _, tc := range []struct {
		text   string
		serial float64
	}{
		{"3/8/2026 9:05:12", serial(2026, 3, 8, 9, 5, 12, 0)},    // clocks went forward at 2:00
		{"3/8/2026 1:59:59", serial(2026, 3, 8, 1, 59, 59, 0)},   // before they did
		{"11/1/2026 12:00:00", serial(2026, 11, 1, 12, 0, 0, 0)}, // clocks went back at 2:00
		{"11/1/2026 23:59:59", serial(2026, 11, 1, 23, 59, 59, 0)},
	} {
		want, err := tr.Parse(tc.text)
		if err != nil {
			t.Fatal(err)
		}
		got, err := tr.Parse(strconv.FormatFloat(tc.serial, 'f', -1, 64))
		if err != nil {
			t.Fatal(err)
		}
		if got = got.Round(time.Second); !got.Equal(want) {
			t.Errorf("%s as a date-time number reads %s, as text %s", tc.text, got, want)
		}
	}
}
