package pod_test

import (
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
)

func TestTimeSettings(t *testing.T) {
	cases := []struct {
		zone, order string
		wantZone    string // a time in the zone, formatted
		wantOrder   string
		err         string
	}{
		{"America/New_York", "DMY", "2026-11-20T09:00:00-05:00", "DMY", ""},
		{"america/new_york", "mdy", "2026-11-20T09:00:00-05:00", "MDY", ""},
		{"Asia/Kolkata", "D/M/Y", "2026-11-20T09:00:00+05:30", "DMY", ""},
		{"GMT-4", "dd/mm/yyyy", "2026-11-20T09:00:00-04:00", "DMY", ""},
		{"(GMT+05:30) India Standard Time", "M/D/YYYY", "2026-11-20T09:00:00+05:30", "MDY", ""},
		{"", "", "2026-11-20T09:00:00Z", "", ""},
		{"UTC", "day first", "2026-11-20T09:00:00Z", "DMY", ""},
		{"Mars/Olympus", "", "", "", "Time zone: not a time zone name"},
		{"UTC", "YMD", "", "", "MDY or DMY"},
	}
	for _, tc := range cases {
		tab := &sheets.Table{Name: sheets.TabSettings, Header: []string{"Setting", "Value"},
			Rows: [][]string{{"Time zone", tc.zone}, {"Date order", tc.order}}}
		set, err := pod.ParseSettings(tab)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), `"Settings"`) {
				t.Errorf("%q/%q: got %v, want an error saying %s", tc.zone, tc.order, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q/%q: %v", tc.zone, tc.order, err)
			continue
		}
		got := ingest.FormatTime(time.Date(2026, 11, 20, 9, 0, 0, 0, set.TimeZone))
		if got != tc.wantZone || set.DateOrder != tc.wantOrder {
			t.Errorf("%q/%q: %s %q, want %s %q", tc.zone, tc.order, got, set.DateOrder, tc.wantZone, tc.wantOrder)
		}
	}
}
