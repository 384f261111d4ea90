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
	seoul := mustZone(t, "Asia/Seoul")
	taipei := mustZone(t, "Asia/Taipei")
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

		// Locale shapes, as real exports write them (where: googleTitles).
		// Year first: year, month, day whatever the Date order.
		{"2026/11/20 9:05", ny, true, "2026-11-20T09:05:00-05:00", ingest.LinkedTime},
		{"2026-11-20 09:05", ny, false, "2026-11-20T09:05:00-05:00", ingest.LinkedTime},
		{"2026-11-20T09:05:12", nil, true, "2026-11-20T09:05:12Z", ingest.LinkedTime},
		{"2026-11-20", nil, true, "2026-11-20T00:00:00Z", ingest.LinkedTime},
		{"2026/11/20", ny, false, "2026-11-20T00:00:00-05:00", ingest.LinkedTime},
		{"2026.11.20 9:05:12", nil, false, "2026-11-20T09:05:12Z", ingest.LinkedTime},
		{"2025. 12. 10 오후 8:32:38", seoul, false, "2025-12-10T20:32:38+09:00", ingest.LinkedTime}, // ko
		{"2025. 12. 10. 오전 8:32", seoul, true, "2025-12-10T08:32:00+09:00", ingest.LinkedTime},
		{"2026/3/25 下午 1:00:05", taipei, false, "2026-03-25T13:00:05+08:00", ingest.LinkedTime}, // zh-TW
		{"2026/3/25 上午 12:00:05", taipei, false, "2026-03-25T00:00:05+08:00", ingest.LinkedTime},
		{"2026/11/20 午後 9:05:12", nil, false, "2026-11-20T21:05:12Z", ingest.LinkedTime}, // ja, 12-hour
		{"2024/10/06 19:51:06", nil, true, "2024-10-06T19:51:06Z", ingest.LinkedTime},
		// Downloads in other languages: am/pm and zones in their words.
		{"2017/06/14 1:34:49 下午 GMT+8", nil, false, "2017-06-14T13:34:49+08:00", ingest.DownloadTime},
		{"2021/11/08 12:28:08 上午 GMT+8", nil, false, "2021-11-08T00:28:08+08:00", ingest.DownloadTime},
		{"2022/02/13 10:26:52 p. m. GMT-3", nil, false, "2022-02-13T22:26:52-03:00", ingest.DownloadTime}, // es
		{"2022/02/13 10:26:52 a.\u00a0m. GMT-3", nil, false, "2022-02-13T10:26:52-03:00", ingest.DownloadTime},
		{"2026/04/08 10:04:06 AM UTC+2", nil, false, "2026-04-08T10:04:06+02:00", ingest.DownloadTime}, // fr
		{"2023/04/04 11:54:34 AM OEZ", nil, false, "2023-04-04T11:54:34+02:00", ingest.DownloadTime},   // de
		{"2026/11/20 9:05:12 PM MEZ", nil, false, "2026-11-20T21:05:12+01:00", ingest.DownloadTime},
		{"2026/07/04 9:05:12 AM MESZ", nil, false, "2026-07-04T09:05:12+02:00", ingest.DownloadTime},
		{"12/15/2025 10:18:29 GMT+7", nil, false, "2025-12-15T10:18:29+07:00", ingest.DownloadTime}, // ru
		{"15/12/2025 10:18:29 GMT+7", ny, true, "2025-12-15T10:18:29+07:00", ingest.DownloadTime},
		// Day first, dotted (de, ru): the Date order does not move them.
		{"07.02.2025 00:13:31", ny, false, "2025-02-07T00:13:31-05:00", ingest.LinkedTime},
		{"20.11.2026 9:05", nil, true, "2026-11-20T09:05:00Z", ingest.LinkedTime},
		{"20.11.2026, 09:05:12", nil, false, "2026-11-20T09:05:12Z", ingest.LinkedTime},
		{"20.11.2026", nil, false, "2026-11-20T00:00:00Z", ingest.LinkedTime},
		// Slashes: as the Date order says.
		{"20/11/2026 9:05", ny, true, "2026-11-20T09:05:00-05:00", ingest.LinkedTime},
		{"20/11/2026, 9:05:12", nil, true, "2026-11-20T09:05:12Z", ingest.LinkedTime},
		{"08/07/2026 13.49.22", nil, true, "2026-07-08T13:49:22Z", ingest.LinkedTime}, // it: dotted clock
		{"08/07/2026 13.49.22", nil, false, "2026-08-07T13:49:22Z", ingest.LinkedTime},
		{"08/07/2026 13.49", nil, true, "2026-07-08T13:49:00Z", ingest.LinkedTime},
		{"29/08/2026 09:40", kolkata, true, "2026-08-29T09:40:00+05:30", ingest.LinkedTime}, // vi
		{"13/06/2024 17:08:15", nil, true, "2024-06-13T17:08:15Z", ingest.LinkedTime},       // pt-BR
		// Errors in locale shapes say what is wrong, and which setting
		// decides a date with slashes.
		{"2026/3/25 下午 13:00:05", nil, false, "error: 12-hour", ingest.LinkedTime},
		{"2026/3/25 下午 1:00:05 PM", nil, false, "error: not a timestamp", ingest.UnknownTime},
		{"2026. 13. 10 오후 8:32:38", nil, false, "error: month 13", ingest.LinkedTime},
		{"31.02.2026 9:00", nil, false, "error: day 31 does not exist in month 2", ingest.LinkedTime},
		{"15/12/2025 10:18:29 GMT+7", nil, false, `error: month 15 does not exist; if this file's dates are the other way round, set the Settings row "Date order" to "DMY"`, ingest.DownloadTime},
		{"12/15/2025 10:18", nil, true, `error: month 15 does not exist; if this file's dates are the other way round, set the Settings row "Date order" to "MDY"`, ingest.LinkedTime},
		{"2023/04/04 11:54:34 AM OESTE", nil, false, `error: time zone "OESTE"`, ingest.DownloadTime},
		// Longer than any timestamp: not matched at all.
		{"2026/11/20 9:05:12 GMT" + strings.Repeat(" ", 90) + "+1", nil, false, "error: not a timestamp", ingest.UnknownTime},
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
		// Year-first and dotted dates settle themselves and take no part.
		{[]string{"2026-03-04 9:00", "2026/3/4 9:00", "2025. 3. 4 오후 1:00:00", "3.4.2026 9:00"}, false, "", 0},
		{[]string{"2026/3/4 9:00", "5/4/2026 9:00"}, false, `"5/4/2026 9:00" could be month/day or day/month`, 1},
		// Dotted clocks, no seconds, commas and zones take part like any.
		{[]string{"08/07/2026 13.49.22", "29/08/2026 09:40"}, true, "", 0},
		{[]string{"3/4/2026, 9:00", "4/13/2026 9:00:00 GMT+7"}, false, "", 0},
		{[]string{"08/07/2026 13.49.22"}, false, `"08/07/2026 13.49.22" could be month/day or day/month`, 0},
		{[]string{"13/4/2026 9:00 GMT+7", "4/13/2026 9:00"}, false, "some dates are day/month and others month/day", 1},
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
		if !errors.As(err, &de) || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), `"Date order" with Value MDY (month first) or DMY (day first)`) || de.Index != tc.index {
			t.Errorf("%q: got %v; want a DateOrderError at %d saying %q and naming the setting and its values", tc.stamps, err, tc.index, tc.err)
		}
	}
}
