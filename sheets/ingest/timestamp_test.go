package ingest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets/ingest"
)

func TestTimestamps(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	kolkata := mustZone(t, "Asia/Kolkata")
	cases := []struct {
		in   string
		loc  *time.Location
		dmy  bool
		want string // RFC 3339, or "error: <text>"
		kind ingest.TimestampKind
	}{
		// Downloaded CSV: 12-hour, am/pm either case, zone given.
		{"2023/08/08 6:07:50 PM GMT+5:30", nil, false, "2023-08-08T18:07:50+05:30", ingest.DownloadTime},
		{"2026/05/03 12:56:56 pm CET", nil, false, "2026-05-03T12:56:56+01:00", ingest.DownloadTime},
		{"2020/06/29 8:29:38 PM AST", nil, false, "2020-06-29T20:29:38-04:00", ingest.DownloadTime},
		{"2026/11/20 9:05:12 AM GMT-5", nil, false, "2026-11-20T09:05:12-05:00", ingest.DownloadTime},
		{"2026/11/20 9:05:12 am GMT-4", ny, false, "2026-11-20T09:05:12-04:00", ingest.DownloadTime},
		{"2026/11/20 9:05:12 Am GMT", ny, false, "2026-11-20T09:05:12Z", ingest.DownloadTime},
		{"2026/11/20 9:05:12 a.m. gmt+05:45", nil, false, "2026-11-20T09:05:12+05:45", ingest.DownloadTime},
		{"2026/11/20 9:05:12 PM GMT+0530", nil, false, "2026-11-20T21:05:12+05:30", ingest.DownloadTime},
		{"2026/11/20 9:05:12 PM GMT−3", nil, false, "2026-11-20T21:05:12-03:00", ingest.DownloadTime}, // U+2212
		{"2026/11/20 9:05:12 PM UTC", nil, false, "2026-11-20T21:05:12Z", ingest.DownloadTime},
		{"2026/11/20 12:00:00 AM EST", nil, false, "2026-11-20T00:00:00-05:00", ingest.DownloadTime},
		{"2026/11/20 12:00:00 PM EST", nil, false, "2026-11-20T12:00:00-05:00", ingest.DownloadTime},
		{"2026/07/04 11:59:59 PM EDT", nil, false, "2026-07-04T23:59:59-04:00", ingest.DownloadTime},
		{"2026/07/04 8:00:00 AM PDT", nil, false, "2026-07-04T08:00:00-07:00", ingest.DownloadTime},
		{"2026/07/04 8:00:00 AM pst", nil, false, "2026-07-04T08:00:00-08:00", ingest.DownloadTime},
		{"2026/07/04 8:00:00 AM CEST", nil, false, "2026-07-04T08:00:00+02:00", ingest.DownloadTime},
		{"2026/07/04 8:00:00 AM IST", nil, false, "2026-07-04T08:00:00+05:30", ingest.DownloadTime},
		{"2026/07/04 8:00:00 AM JST", nil, false, "2026-07-04T08:00:00+09:00", ingest.DownloadTime},
		{"2026/07/04 8:00:00 AM AEST", nil, false, "2026-07-04T08:00:00+10:00", ingest.DownloadTime},
		{"2026/07/04 8:00:00\u202fAM GMT+1", nil, false, "2026-07-04T08:00:00+01:00", ingest.DownloadTime},
		{"  2026/07/04 8:00:00 AM GMT+1  ", nil, false, "2026-07-04T08:00:00+01:00", ingest.DownloadTime},
		// 24-hour, or no zone (the spreadsheet's zone then).
		{"2026/07/04 20:00:00 GMT+1", nil, false, "2026-07-04T20:00:00+01:00", ingest.DownloadTime},
		{"2026/07/04 8:00:00 PM", kolkata, false, "2026-07-04T20:00:00+05:30", ingest.LinkedTime},
		{"2026/11/20 9:05:12", kolkata, false, "2026-11-20T09:05:12+05:30", ingest.LinkedTime}, // ja-JP linked sheet
		// Linked sheet: M/D/YYYY H:MM:SS in the spreadsheet's zone.
		{"11/20/2026 9:05:12", nil, false, "2026-11-20T09:05:12Z", ingest.LinkedTime},
		{"11/20/2026 9:05:12", ny, false, "2026-11-20T09:05:12-05:00", ingest.LinkedTime},
		{"7/4/2026 21:05:12", ny, false, "2026-07-04T21:05:12-04:00", ingest.LinkedTime},
		{"11/20/2026 0:00:00", kolkata, false, "2026-11-20T00:00:00+05:30", ingest.LinkedTime},
		{"11/20/2026 9:05", nil, false, "2026-11-20T09:05:00Z", ingest.LinkedTime},
		{"11/20/2026", nil, false, "2026-11-20T00:00:00Z", ingest.LinkedTime},
		{"11/20/2026 9:05:12 PM", nil, false, "2026-11-20T21:05:12Z", ingest.LinkedTime},
		{"11/20/2026 9:05:12.250", nil, false, "2026-11-20T09:05:12Z", ingest.LinkedTime},
		// D/M/YYYY with Date order DMY; dotted dates are always day first.
		{"20/11/2026 9:05:12", nil, true, "2026-11-20T09:05:12Z", ingest.LinkedTime},
		{"3/12/2026 14:00:00", nil, true, "2026-12-03T14:00:00Z", ingest.LinkedTime},
		{"3/12/2026 14:00:00", nil, false, "2026-03-12T14:00:00Z", ingest.LinkedTime},
		{"20.11.2026 09:05:12", nil, false, "2026-11-20T09:05:12Z", ingest.LinkedTime},
		{"2026-11-20 09:05:12", ny, false, "2026-11-20T09:05:12-05:00", ingest.LinkedTime},
		// xlsx date-time numbers, with fractions of a second.
		{"46346.378611111", nil, false, "2026-11-20T09:05:12Z", ingest.SerialTime},
		{"46346.37861516204", ny, false, "2026-11-20T09:05:12-05:00", ingest.SerialTime},
		{"46346", nil, false, "2026-11-20T00:00:00Z", ingest.SerialTime},
		// podsync's own Submitted at.
		{"2026-11-20T09:05:12-05:00", nil, false, "2026-11-20T09:05:12-05:00", ingest.RFC3339Time},
		{"2026-11-20T09:05:12Z", ny, false, "2026-11-20T09:05:12Z", ingest.RFC3339Time},
		// Errors say what is wrong.
		{"", nil, false, "error: empty", ingest.UnknownTime},
		{"yesterday", nil, false, "error: not a timestamp Google writes", ingest.UnknownTime},
		{"2026/11/20 13:05:12 PM GMT", nil, false, "error: 12-hour", ingest.DownloadTime},
		{"2026/11/20 0:05:12 AM GMT", nil, false, "error: 12-hour", ingest.DownloadTime},
		{"2026/11/20 9:05:12 AM Mars/Olympus", nil, false, `error: time zone "Mars/Olympus"`, ingest.DownloadTime},
		{"2026/11/20 9:05:12 AM GMT+15", nil, false, "error: out of range", ingest.DownloadTime},
		{"2026/13/20 9:05:12 AM GMT", nil, false, "error: month 13", ingest.DownloadTime},
		{"2/30/2026 9:05:12", nil, false, "error: day 30", ingest.LinkedTime},
		{"20/11/2026 9:05:12", nil, false, "error: month 20 does not exist; if this file's dates are the other way round, set the Settings row \"Date order\" to \"DMY\"", ingest.LinkedTime},
		{"11/20/2026 24:00:00", nil, false, "error: hour 24", ingest.LinkedTime},
		{"11/20/2026 9:60:00", nil, false, "error: out of range", ingest.LinkedTime},
		{"0.5", nil, false, "error: not a date-time number", ingest.SerialTime},
		{"99999999", nil, false, "error: not a timestamp", ingest.UnknownTime},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ingest.TimeReader{Loc: tc.loc, DMY: tc.dmy}.Parse(tc.in)
			if w, ok := strings.CutPrefix(tc.want, "error: "); ok {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Fatalf("got %v, %v; want an error saying %q", got, err, w)
				}
			} else if err != nil {
				t.Fatal(err)
			} else if s := ingest.FormatTime(got); s != tc.want {
				t.Fatalf("%s, want %s", s, tc.want)
			}
			if k := ingest.KindOf(tc.in); k != tc.kind {
				t.Errorf("kind %v, want %v", k, tc.kind)
			}
		})
	}
}

func TestSerialKeepsMilliseconds(t *testing.T) {
	got, err := ingest.TimeReader{}.Parse("46346.378613368056") // 9:05:12.195
	if err != nil {
		t.Fatal(err)
	}
	if ms := got.Nanosecond() / 1e6; ms != 195 {
		t.Fatalf("%s: %d ms, want 195", got.Format(time.RFC3339Nano), ms)
	}
}

func TestDetectDateOrder(t *testing.T) {
	cases := []struct {
		stamps []string
		dmy    bool
		err    string // "" or text the error has
		index  int
	}{
		{[]string{"11/20/2026 9:05:12", "3/4/2026 9:00:00"}, false, "", 0},
		{[]string{"3/4/2026 9:00:00", "20/11/2026 9:05:12"}, true, "", 0},
		{[]string{"5/5/2026 9:00:00", "1/1/2026 9:00:00"}, false, "", 0},
		{[]string{"2026/11/20 9:05:12 AM GMT", "46346.5", ""}, false, "", 0},
		{[]string{"20.11.2026 9:00:00", "3.4.2026 9:00:00"}, false, "", 0}, // dotted: day first, settled by itself
		{[]string{"5/5/2026 9:00:00", "3/4/2026 9:00:00"}, false, `"3/4/2026 9:00:00" could be month/day or day/month`, 1},
		{[]string{"3/4/2026 9:00:00", "13/4/2026 9:00:00", "4/13/2026 9:00:00"}, false, "some dates are day/month and others month/day", 2},
	}
	for _, tc := range cases {
		dmy, err := ingest.DetectDateOrder(tc.stamps)
		if tc.err == "" {
			if err != nil || dmy != tc.dmy {
				t.Errorf("%q: %v, %v; want %v", tc.stamps, dmy, err, tc.dmy)
			}
			continue
		}
		var de *ingest.DateOrderError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), `"Date order"`) || de.Index != tc.index {
			t.Errorf("%q: got %v; want a DateOrderError at %d saying %q and naming the setting", tc.stamps, err, tc.index, tc.err)
		}
	}
}
