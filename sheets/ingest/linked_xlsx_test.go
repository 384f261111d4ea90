package ingest_test

import (
	"strconv"
	"testing"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets/ingest"
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
